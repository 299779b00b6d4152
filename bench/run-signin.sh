#!/usr/bin/env bash
# Issue #13's benchmark: password + TOTP sign-in through the API, Staffroom next to Keycloak 26's
# password + OTP direct grant, on this machine, in one run, with the same Argon2id hash on both.
#
#   bench/run-signin.sh
#
# What it does (everything on 127.0.0.1; results in bench-results/signin-<time>/):
#  1. builds the jar (unless SKIP_BUILD=1) and computes ONE Argon2id hash of the bench password with
#     Staffroom's own encoder (Spring Security's Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8():
#     m=16384 KiB, t=2, p=1, 16-byte salt, 32-byte hash). Every account on both sides stores that very
#     hash (Keycloak's credential is the same salt and hash in its own JSON form), so both verify the
#     same Argon2id work on every sign-in.
#  2. Staffroom from its jar on a fresh PostgreSQL database ($PG_DB, dropped at exit): $ACCOUNTS
#     accounts with TOTP enrolled through the API (POST /api/v1/me/mfa/totp, then confirm with a code)
#     and $PW_ACCOUNTS accounts without a factor, seeded by SQL.
#  3. Keycloak 26 through ../shared/peers/keycloak/start.sh (port $KC_HTTP_PORT, base $KC_BASE), its
#     Argon2 provider set to the same parameters; a realm with the password policy hashAlgorithm(argon2),
#     a public client with the direct grant, $KC_ACCOUNTS users with the hash and an OTP credential, and
#     $PW_ACCOUNTS users with the hash only (partial import). Keycloak's default direct-grant flow asks
#     for the OTP of a user who has one ("Direct Grant - Conditional OTP").
#  4. under flock /work/bench.lock, ROUNDS times, one after the other: Staffroom password only,
#     Staffroom password + TOTP, Keycloak password + OTP, Keycloak password only, each with $WORKERS
#     requests in flight (closed loop), $WARMUP_S s warm-up then $MEASURE_S s measured
#     (bench/SignInLoad.java computes each code; an account signs in at most once per 30 s step).
#  5. the second factor's server time: both Staffroom populations get a cheap {bcrypt} cost-4 hash
#     (so that Argon2's spread does not hide a 1 ms difference; the factor's work does not depend on
#     the password hash), and password-only and password+TOTP sign-ins run side by side, one request
#     in flight each, for $SERVER_TIME_S s; Tomcat's access log gives each request's server time.
#  6. stops what it started (the service, Keycloak if it was not already running), drops the database.
#
# Settings: ACCOUNTS=2000 KC_ACCOUNTS=1000 PW_ACCOUNTS=300 WORKERS=4 WARMUP_S=15 MEASURE_S=45 ROUNDS=2 SERVER_TIME_S=90
# PORT=18091 KC_HTTP_PORT=18180 KC_BASE=/tmp/kc-signin-bench SKIP_BUILD=1 PG_DB=staffroom_signin_bench
# SERVICE_OPTS="-Xms1g -Xmx1g" LOCK=/work/bench.lock (empty: no lock)
set -euo pipefail
cd "$(dirname "$0")/.."

ACCOUNTS=${ACCOUNTS:-2000}
KC_ACCOUNTS=${KC_ACCOUNTS:-1000}
PW_ACCOUNTS=${PW_ACCOUNTS:-300}
WORKERS=${WORKERS:-4}
WARMUP_S=${WARMUP_S:-15}
MEASURE_S=${MEASURE_S:-45}
ROUNDS=${ROUNDS:-2}
SERVER_TIME_S=${SERVER_TIME_S:-90}
PORT=${PORT:-18091}
PG_DB=${PG_DB:-staffroom_signin_bench}
SERVICE_OPTS=${SERVICE_OPTS:--Xms1g -Xmx1g}
LOCK=${LOCK-/work/bench.lock}
export KC_HTTP_PORT=${KC_HTTP_PORT:-18180}
export KC_BASE=${KC_BASE:-/tmp/kc-signin-bench}
KC_START=$(cd "$(dirname "$0")/../.." && pwd)/shared/peers/keycloak/start.sh
[[ -x "$KC_START" ]] || KC_START=/work/shared/peers/keycloak/start.sh
JAR=target/staffroom-0.1.0-SNAPSHOT.jar
BASE="http://127.0.0.1:$PORT"
KC="http://127.0.0.1:$KC_HTTP_PORT"
REALM=staffroom-bench
PASSWORD='bench-signin-password-1'

for t in curl jq psql java unzip flock; do command -v $t >/dev/null || { echo "missing: $t" >&2; exit 1; }; done

if [[ -z "${SKIP_BUILD:-}" ]]; then
  ./mvnw -q -B -ntp -DskipTests package
fi

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS="bench-results/signin-$STAMP"
WORK=$(mktemp -d /tmp/staffroom-bench-signin.XXXXXX)
mkdir -p "$RESULTS" "$WORK/lib"
unzip -q -j "$JAR" 'BOOT-INF/lib/spring-security-crypto-*.jar' 'BOOT-INF/lib/bcprov-*.jar' \
  'BOOT-INF/lib/commons-logging-*.jar' 'BOOT-INF/lib/spring-core-*.jar' -d "$WORK/lib"
TOOL=(java -cp "$WORK/lib/*" bench/SignInLoad.java)
SERVICE_PID=""
KC_STARTED=""
DB_MADE=""

stop_service() {
  if [[ -n "$SERVICE_PID" ]] && kill -0 "$SERVICE_PID" 2>/dev/null; then
    kill "$SERVICE_PID"
    for _ in $(seq 1 60); do kill -0 "$SERVICE_PID" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$SERVICE_PID" 2>/dev/null || true
  fi
  SERVICE_PID=""
}
cleanup() {
  stop_service
  [[ -n "$KC_STARTED" ]] && "$KC_START" stop || true
  [[ -n "$DB_MADE" ]] && psql -h 127.0.0.1 -U postgres -d postgres -q -c "DROP DATABASE IF EXISTS $PG_DB" || true
  rm -rf "$WORK"
}
trap cleanup EXIT

log() { echo "== $(date -u +%H:%M:%S) $*" | tee -a "$RESULTS/summary.txt"; }
sql() { psql -h 127.0.0.1 -U postgres -d "$PG_DB" -v ON_ERROR_STOP=1 -q "$@"; }

{
  echo "date: $(date -u)"
  echo "nproc: $(nproc); cpu:$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-); ram: $(free -g | awk '/Mem:/ {print $2 " GiB"}')"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "java (service, load generator): $(java -version 2>&1 | head -1)"
  echo "settings: ACCOUNTS=$ACCOUNTS KC_ACCOUNTS=$KC_ACCOUNTS PW_ACCOUNTS=$PW_ACCOUNTS WORKERS=$WORKERS WARMUP_S=$WARMUP_S MEASURE_S=$MEASURE_S ROUNDS=$ROUNDS SERVER_TIME_S=$SERVER_TIME_S SERVICE_OPTS=$SERVICE_OPTS"
  echo "commit: $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (with uncommitted changes)')"
} | tee "$RESULTS/machine.txt"

# ---------------------------------------------------------------- the one Argon2id hash
log "hashing the bench password once with Staffroom's encoder"
"${TOOL[@]}" hashes "$PASSWORD" "$WORK/hash" | tee -a "$RESULTS/summary.txt"
cp "$WORK/hash/argon2-parameters" "$RESULTS/"
ARGON2=$(cat "$WORK/hash/staffroom-argon2")
BCRYPT4=$(cat "$WORK/hash/staffroom-bcrypt4")

# ---------------------------------------------------------------- Staffroom
log "Staffroom: fresh database $PG_DB, start, seed"
psql -h 127.0.0.1 -U postgres -d postgres -q -c "DROP DATABASE IF EXISTS $PG_DB" -c "CREATE DATABASE $PG_DB"
DB_MADE=1
SECRET_KEY=$(head -c 32 /dev/urandom | base64)
start_service() {
  STAFFROOM_OPERATOR_EMAIL=operator@bench.example STAFFROOM_OPERATOR_PASSWORD='bench-operator-password-1' \
  STAFFROOM_SECRET_KEY="$SECRET_KEY" \
    java $SERVICE_OPTS -jar "$JAR" --server.address=127.0.0.1 --server.port="$PORT" \
    --spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/$PG_DB" --spring.datasource.username=postgres \
    --spring.datasource.password= --staffroom.data-directory="$WORK/data" \
    --server.tomcat.accesslog.enabled=true --server.tomcat.accesslog.directory="$(pwd)/$RESULTS" \
    --server.tomcat.accesslog.prefix=access --server.tomcat.accesslog.suffix=.log \
    --server.tomcat.accesslog.rotate=false \
    '--server.tomcat.accesslog.pattern=%{X-Bench-Phase}i %s %{us}T' \
    >>"$RESULTS/service.log" 2>&1 &
  SERVICE_PID=$!
  for _ in $(seq 1 240); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/v1/organisations" || true)
    [[ "$code" == "401" ]] && return 0
    kill -0 "$SERVICE_PID" 2>/dev/null || { echo "the service stopped; see $RESULTS/service.log" >&2; tail -40 "$RESULTS/service.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "the service did not start in 120 s" >&2; exit 1
}
start_service
sql <<SQL
BEGIN;
INSERT INTO accounts (id, email, email_key, first_name, last_name, password_hash, notifications, search_text, sort_key, created_at)
  SELECT 'sb-' || k || '-' || i, 'sb-' || k || '-' || i || '@bench.example', 'sb-' || k || '-' || i || '@bench.example',
         'Bench', k || i, '$ARGON2', '', 'bench ' || k || i, k || i || ' bench', now()
  FROM (SELECT 't' AS k, i FROM generate_series(1, $ACCOUNTS) i UNION ALL SELECT 'p', i FROM generate_series(1, $PW_ACCOUNTS) i) s;
INSERT INTO api_tokens (token_hash, account_id, created_at, expires_at)
  SELECT encode(sha256(convert_to('bench-enrol-' || id, 'UTF8')), 'hex'), id, now(), now() + interval '1 hour'
  FROM accounts WHERE id LIKE 'sb-t-%';
COMMIT;
SQL
psql -h 127.0.0.1 -U postgres -d "$PG_DB" -Atc "SELECT email, 'bench-enrol-' || id FROM accounts WHERE id LIKE 'sb-t-%' ORDER BY id" -F ' ' >"$WORK/enrol-tokens"
log "Staffroom: enrolling TOTP for $ACCOUNTS accounts through the API"
"${TOOL[@]}" enrol-staffroom "$BASE" "$WORK/enrol-tokens" "$WORK/staffroom-totp.accounts" 4 | tee -a "$RESULTS/summary.txt"
sql -c "DELETE FROM api_tokens"
psql -h 127.0.0.1 -U postgres -d "$PG_DB" -Atc "SELECT email || ' - 0' FROM accounts WHERE id LIKE 'sb-p-%' ORDER BY id" >"$WORK/staffroom-password.accounts"
echo "confirmed TOTP factors: $(psql -h 127.0.0.1 -U postgres -d "$PG_DB" -Atc 'SELECT count(*) FROM totp_factors WHERE confirmed_at IS NOT NULL')" | tee -a "$RESULTS/summary.txt"
probe_t=$(head -1 "$WORK/staffroom-totp.accounts" | cut -d' ' -f1)
echo "Staffroom, a TOTP account without otp: $(curl -s -H 'Content-Type: application/json' -d "{\"email\":\"$probe_t\",\"password\":\"$PASSWORD\"}" "$BASE/api/v1/auth/tokens" | jq -c '{status, code}')" | tee -a "$RESULTS/summary.txt"

# ---------------------------------------------------------------- Keycloak
log "Keycloak: start with Argon2id m=16384 t=2 p=1 (the same as Staffroom's)"
if "$KC_START" status | grep -q '^running'; then
  echo "Keycloak was already running under $KC_BASE: using it (its Argon2 settings are checked below)" | tee -a "$RESULTS/summary.txt"
else
  KC_SPI_PASSWORD_HASHING__ARGON2__MEMORY=16384 KC_SPI_PASSWORD_HASHING__ARGON2__ITERATIONS=2 \
  KC_SPI_PASSWORD_HASHING__ARGON2__PARALLELISM=1 KC_SPI_PASSWORD_HASHING__ARGON2__HASH_LENGTH=32 \
  KC_SPI_PASSWORD_HASHING__ARGON2__TYPE=id KC_SPI_PASSWORD_HASHING__ARGON2__VERSION=1.3 KC_FRESH=1 \
    "$KC_START" 2>&1 | tee -a "$RESULTS/keycloak-start.txt"
  KC_STARTED=1
fi
"$KC_START" status >"$RESULTS/keycloak-status.txt"
KC_JVM_PID=$(awk -F= '/^KC_JVM_PID=/ {print $2}' "$KC_BASE/start-stats.env")
echo "Keycloak: $(grep -E '^KC_(VERSION|DB|JAVA)=' "$KC_BASE/start-stats.env" | tr '\n' ' ')" | tee -a "$RESULTS/machine.txt"
admin_token() {
  curl -sf -d grant_type=password -d client_id=admin-cli -d username=admin -d password=admin \
    "$KC/realms/master/protocol/openid-connect/token" | jq -r .access_token
}
kc_api() { # method path [curl args...]
  local m=$1 p=$2; shift 2
  curl -s -X "$m" -H "Authorization: Bearer $(admin_token)" -H 'Content-Type: application/json' "$@" "$KC/admin/realms$p"
}
kc_api DELETE "/$REALM" >/dev/null || true
kc_api POST "" -d "{\"realm\":\"$REALM\",\"enabled\":true,\"passwordPolicy\":\"hashAlgorithm(argon2)\",
  \"otpPolicyType\":\"totp\",\"otpPolicyAlgorithm\":\"HmacSHA1\",\"otpPolicyDigits\":6,\"otpPolicyPeriod\":30,
  \"otpPolicyLookAheadWindow\":1,\"otpPolicyCodeReusable\":false,
  \"clients\":[{\"clientId\":\"bench-cli\",\"publicClient\":true,\"directAccessGrantsEnabled\":true,
  \"standardFlowEnabled\":false}]}" -w '%{http_code}\n' | tee -a "$RESULTS/summary.txt"
# Keycloak's own hashing of a new password, to show its Argon2 parameters are Staffroom's.
kc_api POST "/$REALM/users" -d '{"username":"kc-probe","enabled":true,"email":"kc-probe@bench.example","firstName":"Kc","lastName":"Probe","credentials":[{"type":"password","value":"probe-password-1","temporary":false}]}' >/dev/null
probe_id=$(kc_api GET "/$REALM/users?username=kc-probe&exact=true" | jq -r '.[0].id')
kc_hash=$(kc_api GET "/$REALM/users/$probe_id/credentials" | jq -r '.[] | select(.type=="password") | .credentialData')
echo "Keycloak's own hash of a new password: $kc_hash" | tee -a "$RESULTS/summary.txt"
if [[ "$(echo "$kc_hash" | jq -c '[.algorithm, .hashIterations, .additionalParameters.memory[0], .additionalParameters.parallelism[0], .additionalParameters.type[0], .additionalParameters.hashLength[0]]')" != '["argon2",2,"16384","1","id","32"]' ]]; then
  echo "Keycloak does not hash with Argon2id m=16384 t=2 p=1 (stop it and run again so that this script starts it)" >&2; exit 1
fi
"${TOOL[@]}" keycloak-users "$KC_ACCOUNTS" kc-t- true "$WORK/hash" "$WORK/kc-otp" "$WORK/keycloak-otp.accounts"
"${TOOL[@]}" keycloak-users "$PW_ACCOUNTS" kc-p- false "$WORK/hash" "$WORK/kc-pw" "$WORK/keycloak-password.accounts"
log "Keycloak: importing $KC_ACCOUNTS users with OTP and $PW_ACCOUNTS without (partial import)"
for f in "$WORK"/kc-otp-*.json "$WORK"/kc-pw-*.json; do
  kc_api POST "/$REALM/partialImport" --data-binary @"$f" | jq -c '{added, skipped}' | tr '\n' ' ' | tee -a "$RESULTS/summary.txt"
done
echo | tee -a "$RESULTS/summary.txt"
kc_users=$(kc_api GET "/$REALM/users/count")
echo "Keycloak users in the realm: $kc_users" | tee -a "$RESULTS/summary.txt"
[[ "$kc_users" == "$((KC_ACCOUNTS + PW_ACCOUNTS + 1))" ]] || { echo "Keycloak's import failed; see $KC_BASE/kc.log" >&2; exit 1; }
probe_k=$(head -1 "$WORK/keycloak-otp.accounts" | cut -d' ' -f1)
echo "Keycloak, an OTP user without totp: $(curl -s -d grant_type=password -d client_id=bench-cli -d "username=$probe_k" -d "password=$PASSWORD" "$KC/realms/$REALM/protocol/openid-connect/token" | jq -c .)" | tee -a "$RESULTS/summary.txt"

# ---------------------------------------------------------------- measurements
pg_backends() { psql -h 127.0.0.1 -U postgres -d postgres -Atc "SELECT string_agg(pid::text, ',') FROM pg_stat_activity WHERE datname = '$PG_DB' AND pid <> pg_backend_pid()"; }
run_load() { # kind url accounts label cpu-pids
  log "$4: $1, $WORKERS in flight, ${WARMUP_S} s warm-up + ${MEASURE_S} s"
  "${TOOL[@]}" load "$1" "$2" "$3" "$PASSWORD" "$WORKERS" "$WARMUP_S" "$MEASURE_S" "$RESULTS/$4" "$5" | tee -a "$RESULTS/summary.txt"
}
measure() {
  echo "load average before the measurements: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$RESULTS/summary.txt"
  for r in $(seq 1 "$ROUNDS"); do
    local sr="$SERVICE_PID,$(pg_backends)"
    run_load staffroom-password "$BASE/api/v1/auth/tokens" "$WORK/staffroom-password.accounts" "r$r-staffroom-password" "$sr"
    run_load staffroom-totp "$BASE/api/v1/auth/tokens" "$WORK/staffroom-totp.accounts" "r$r-staffroom-totp" "$SERVICE_PID,$(pg_backends)"
    run_load keycloak-otp "$KC/realms/$REALM/protocol/openid-connect/token" "$WORK/keycloak-otp.accounts" "r$r-keycloak-otp" "$KC_JVM_PID"
    run_load keycloak-password "$KC/realms/$REALM/protocol/openid-connect/token" "$WORK/keycloak-password.accounts" "r$r-keycloak-password" "$KC_JVM_PID"
  done
  log "server time of the second factor: cheap {bcrypt} cost-4 hashes, password-only and password+TOTP side by side, 1 in flight each, ${SERVER_TIME_S} s"
  sql -c "UPDATE accounts SET password_hash = '$BCRYPT4' WHERE id LIKE 'sb-%'"
  "${TOOL[@]}" load staffroom-password "$BASE/api/v1/auth/tokens" "$WORK/staffroom-password.accounts" "$PASSWORD" 1 10 "$SERVER_TIME_S" "$RESULTS/st-staffroom-password" "" >"$WORK/st-p.out" &
  local p1=$!
  "${TOOL[@]}" load staffroom-totp "$BASE/api/v1/auth/tokens" "$WORK/staffroom-totp.accounts" "$PASSWORD" 1 10 "$SERVER_TIME_S" "$RESULTS/st-staffroom-totp" "" >"$WORK/st-t.out"
  wait "$p1"
  cat "$WORK/st-p.out" "$WORK/st-t.out" | tee -a "$RESULTS/summary.txt"
  echo "load average after the measurements: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$RESULTS/summary.txt"
}
if [[ -n "$LOCK" ]]; then
  log "waiting for $LOCK"
  exec 9>"$LOCK"
  flock 9
  log "got $LOCK"
  measure
  flock -u 9
else
  measure
fi

# ---------------------------------------------------------------- server time from Tomcat's access log
stop_service # flushes the access log
log "server time (Tomcat access log, %{us}T: from the request's first byte read to the response's last byte written)"
for f in "$RESULTS"/access*.log; do
  awk '$2 == 201 && $1 != "-" && $1 !~ /-warmup$/ { print $1, $3 }' "$f"
done | sort -k1,1 -k2,2n | awk '
  { v[$1][++n[$1]] = $2 }
  END {
    for (k in n) {
      c = n[k]
      printf "%-24s n=%6d  p50 %8.2f  p90 %8.2f  p95 %8.2f  p99 %8.2f  max %8.2f ms\n", k, c,
        v[k][int(c*0.50+0.999)]/1000, v[k][int(c*0.90+0.999)]/1000, v[k][int(c*0.95+0.999)]/1000,
        v[k][int(c*0.99+0.999)]/1000, v[k][c]/1000
    }
  }' | sort | tee "$RESULTS/server-time.txt" | tee -a "$RESULTS/summary.txt"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$RESULTS/summary.txt" "$RESULTS/machine.txt"
echo "results in $RESULTS"
