#!/usr/bin/env bash
# Issue 12, item 11: the first decision after a restart at 1,000,000 members, under 1 s after the
# service says it is ready. PostgreSQL on 127.0.0.1:5432 (user postgres), loopback only.
#
#   bench/run-first-decision.sh
#
# 1. builds the service jar; creates a fresh database; starts the service once so Flyway makes the
#    schema; stops it;
# 2. seeds 1,000,000 members with bench/seed-million.sql (as bench/run-search.sh does) and a token;
# 3. for each of $RUNS: starts the service, polls /actuator/health/readiness every 20 ms until it
#    answers 200, then at once sends one POST /api/v1/access/check (account 1, user-admin of school 2,
#    about itself) and times it, then a second one; stops the service. "preload" is the default
#    (snapshots loaded ahead, readiness waits for them); "no-preload" starts with
#    --staffroom.snapshots.preload=0, as before this change (ready at once, the first request loads);
# and drops the database. Output: bench-results/first-decision-<time>/.
#
# Settings (environment): RUNS="preload no-preload preload" PORT=18091 SKIP_BUILD=1 KEEP_DB=1
# SERVICE_OPTS="-Xms6g -Xmx6g".
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-preload no-preload preload}
PORT=${PORT:-18091}
SERVICE_OPTS=${SERVICE_OPTS:--Xms6g -Xmx6g}
JAR=target/staffroom-0.1.0-SNAPSHOT.jar
BASE="http://127.0.0.1:${PORT}"
export PGHOST=127.0.0.1 PGUSER=postgres

if [[ -z "${SKIP_BUILD:-}" ]]; then
  ./mvnw -q -B -ntp -DskipTests package
fi

RESULTS="bench-results/first-decision-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$RESULTS"
DB="staffroom_bench_first_$$"
URL="jdbc:postgresql://127.0.0.1:5432/$DB"
SERVICE_PID=""

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
  if [[ -z "${KEEP_DB:-}" ]]; then
    psql -d postgres -q -c "DROP DATABASE IF EXISTS $DB" || true
  else
    echo "kept database $DB"
  fi
}
trap cleanup EXIT

launch() { # log, extra args...
  local log=$1
  shift
  STAFFROOM_OPERATOR_EMAIL=operator@bench.example STAFFROOM_OPERATOR_PASSWORD='bench-operator-password-1' \
    java $SERVICE_OPTS -jar "$JAR" --server.address=127.0.0.1 --server.port="$PORT" \
    --spring.datasource.url="$URL" --spring.datasource.username=postgres "$@" >>"$log" 2>&1 &
  SERVICE_PID=$!
}

now_ms() { date +%s%3N; }

{
  echo "date: $(date -u)"
  echo "nproc: $(nproc); cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-); ram: $(free -g | awk '/Mem:/ {print $2 " GiB"}')"
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "java: $(java -version 2>&1 | head -1); $(psql -d postgres -Atc 'select version()')"
} >"$RESULTS/machine.txt"

echo "== fresh database $DB; Flyway makes the schema"
psql -d postgres -q -c "CREATE DATABASE $DB"
launch "$RESULTS/service-schema.log" --staffroom.snapshots.preload=0
for _ in $(seq 1 600); do
  [[ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/actuator/health/readiness" || true)" == "200" ]] && break
  kill -0 "$SERVICE_PID" 2>/dev/null || { echo "the service stopped" >&2; exit 1; }
  sleep 0.5
done
stop_service

echo "== seeding 1,000,000 members"
TOKEN=$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
OTHER=$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
psql -d "$DB" -v ON_ERROR_STOP=1 -v token_hash="$(printf %s "$TOKEN" | sha256sum | cut -d' ' -f1)" \
  -v admin_token_hash="$(printf %s "$OTHER" | sha256sum | cut -d' ' -f1)" -f bench/seed-million.sql \
  >"$RESULTS/seed.txt"
tail -3 "$RESULTS/seed.txt"
ORG=$(psql -d "$DB" -Atc "SELECT md5('bench-org')::uuid::text")
ME=$(psql -d "$DB" -Atc "SELECT md5('acct-1')::uuid::text")
SCHOOL=$(psql -d "$DB" -Atc "SELECT md5('school-2')::uuid::text")
BODY="{\"organisationId\":\"$ORG\",\"userId\":\"$ME\",\"permission\":\"accounts.manage\",\"unitId\":\"$SCHOOL\"}"

check() { # prints "http_code seconds body"
  curl -s -o "$RESULTS/answer.json" -w '%{http_code} %{time_total}' -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' -d "$BODY" "$BASE/api/v1/access/check"
  echo " $(cat "$RESULTS/answer.json")"
}

n=0
for run in $RUNS; do
  n=$((n + 1))
  log="$RESULTS/service-$n-$run.log"
  extra=()
  [[ "$run" == "no-preload" ]] && extra=(--staffroom.snapshots.preload=0)
  started=$(now_ms)
  launch "$log" "${extra[@]}"
  listening=""
  while :; do
    code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/actuator/health/readiness" || true)
    [[ -z "$listening" && "$code" != "000" ]] && listening=$(now_ms)
    [[ "$code" == "200" ]] && break
    kill -0 "$SERVICE_PID" 2>/dev/null || { echo "the service stopped; see $log" >&2; exit 1; }
    (( $(now_ms) - started > 600000 )) && { echo "not ready in 600 s" >&2; exit 1; }
    sleep 0.02
  done
  ready=$(now_ms)
  first=$(check)
  answered=$(now_ms)
  second=$(check)
  {
    echo "run $n ($run): start -> HTTP listening $((listening - started)) ms, -> ready $((ready - started)) ms"
    echo "  first decision: ready -> answer $((answered - ready)) ms (curl: ${first})"
    echo "  second decision: (curl: ${second})"
    grep -h "Preloaded" "$log" | sed 's/^.*Preloaded/  log: Preloaded/' || true
  } | tee -a "$RESULTS/first-decision.txt"
  stop_service
done
echo "results in $RESULTS"
