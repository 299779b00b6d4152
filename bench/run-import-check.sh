#!/usr/bin/env bash
# Issue #12, item 11: the check API's p99 during a large district's OneRoster import, against its
# p99 without one, measured in the same run; and how long a change by hand (a role changed with
# PATCH) in the importing organisation takes while the import runs.
#
#   flock /work/bench.lock bench/run-import-check.sh
#
# Starts the service jar on PostgreSQL (127.0.0.1:5432, user postgres, trust auth) with a database of
# its own, seeds a trust of 20,000 staff for the checks (bench/SeedTrust.java, as run-check.sh does),
# makes a second organisation for the district and a colleague there, then:
#   1. warm-up: wrk on POST /api/v1/access/check (bench/check.lua) for $WARMUP;
#   2. without an import: wrk at a fixed $RATE requests/s for $DURATION;
#   3. during an import: the district's package (bench/GenerateRoster.java, as run-roster.sh) is
#      sent for a real run, and once it is queued (202) the same wrk for $DURATION; $PATCH_AT seconds
#      after that, the colleague's roles are changed by hand (PATCH …/members/{id}), timed;
#   4. without an import again, after it ended (to see any drift in the machine).
# The checks ask about the seeded trust, not the district: what they share with the import is the
# machine (2 cores here), the JVM and the database, not the organisation's lock.
# Everything goes to bench-results/import-check-<time>/; the database is dropped on exit.
#
# Settings (environment): JAR=… (default target/staffroom-0.1.0-SNAPSHOT.jar; another build to
# compare), RATE=500, DURATION=10s, WARMUP=15s, THREADS=2, CONNECTIONS=16, PATCH_AT=3 (seconds, one
# or more, space-separated), PORT=18097, SERVICE_OPTS="-Xmx1g", SCALE=1 (GenerateRoster's scale).
set -euo pipefail
cd "$(dirname "$0")/.."

RATE=${RATE:-500}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-15s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}
PATCH_AT=${PATCH_AT:-3}
PORT=${PORT:-18097}
SERVICE_OPTS=${SERVICE_OPTS:--Xmx1g}
SCALE=${SCALE:-1}
JAR=${JAR:-target/staffroom-0.1.0-SNAPSHOT.jar}
BASE=http://127.0.0.1:$PORT
DB=staffroom_bench_import_check_$$
URL="jdbc:postgresql://127.0.0.1:5432/$DB?reWriteBatchedInserts=true"
PSQL=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -X -q)
OUT=bench-results/import-check-$(date -u +%Y%m%dT%H%M%SZ)
WORK=$(mktemp -d /tmp/staffroom-bench-import-check.XXXXXX)
mkdir -p "$OUT" "$WORK/lib"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
[ -f "$JAR" ] || ./mvnw -q -B -ntp -DskipTests package
ZIP=target/bench-roster/district.zip
[ "$SCALE" = 1 ] || ZIP=target/bench-roster/district-x$SCALE.zip
[ -f "$ZIP" ] || java bench/GenerateRoster.java "$ZIP" district.example "$SCALE" 1.1
unzip -q -j "$JAR" 'BOOT-INF/lib/postgresql-*.jar' -d "$WORK/lib"

SERVICE=
cleanup() {
  if [ -n "$SERVICE" ]; then kill "$SERVICE" 2>/dev/null || true; wait "$SERVICE" 2>/dev/null || true; fi
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

{
  echo "date: $(date -u)"
  echo "uptime: $(uptime)"
  echo "nproc: $(nproc); cpu:$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-); ram: $(free -g | awk '/Mem:/ {print $2 " GiB"}')"
  java -version 2>&1 | head -1
  "${PSQL[@]}" -d postgres -tAc 'select version()'
  echo "jar: $JAR ($(unzip -p "$JAR" META-INF/MANIFEST.MF 2>/dev/null | grep -i '^Implementation-Version' || true)); service: $SERVICE_OPTS"
  echo "package: $ZIP; rate $RATE req/s, $DURATION, wrk -t$THREADS -c$CONNECTIONS; PATCH at $PATCH_AT s"
} | tee "$OUT/machine.txt"

"${PSQL[@]}" -d postgres -c "CREATE DATABASE $DB"

start() {
  STAFFROOM_OPERATOR_EMAIL=operator@bench.test STAFFROOM_OPERATOR_PASSWORD='bench-operator-password' \
    java $SERVICE_OPTS -jar "$JAR" --server.address=127.0.0.1 --server.port="$PORT" \
    --spring.datasource.url="$URL" --spring.datasource.username=postgres \
    --logging.level.org.staffroom.mail=WARN >> "$OUT/service.log" 2>&1 &
  SERVICE=$!
  # Ready: the seeded trust's snapshot is loaded (the service preloads it before it says so).
  for _ in $(seq 1 240); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/actuator/health/readiness" || true)" = 200 ] && return 0
    kill -0 "$SERVICE" 2>/dev/null || { tail -40 "$OUT/service.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "the service did not start" >&2; exit 1
}
stop() { kill "$SERVICE"; wait "$SERVICE" 2>/dev/null || true; SERVICE=; }

# Flyway makes the schema at the first start; the trust is seeded straight into it.
start
stop
java -cp "$WORK/lib/*" bench/SeedTrust.java "jdbc:postgresql://127.0.0.1:5432/$DB" postgres "" "$WORK/seed" > "$OUT/seed.txt"
start

json() { python3 -c "import sys, json; d = json.load(sys.stdin); print(eval(sys.argv[1]))" "$1"; }
OPERATOR=$(curl -sf -X POST "$BASE/api/v1/auth/tokens" -H 'Content-Type: application/json' \
  -d '{"email":"operator@bench.test","password":"bench-operator-password"}' | json 'd["token"]')
CREATED=$(curl -sf -X POST "$BASE/api/v1/organisations" -H "Authorization: Bearer $OPERATOR" -H 'Content-Type: application/json' \
  -d '{"name":"Large District","templates":["school-trust"],"mainAccountHolder":{"email":"holder@bench.test","firstName":"Main","lastName":"Holder"}}')
ORG=$(echo "$CREATED" | json 'd["id"]')
ROOT=$(echo "$CREATED" | json 'd["rootUnitId"]')
LINK=$("${PSQL[@]}" -d "$DB" -tAc "SELECT body_text FROM outbox_emails WHERE recipient = 'holder@bench.test'" \
  | grep -o '/invitations/[A-Za-z0-9_-]*' | head -1)
curl -sf -X POST "$BASE/api/v1$LINK/accept" -H 'Content-Type: application/json' -d '{"password":"bench-holder-password"}' >/dev/null
HOLDER=$(curl -sf -X POST "$BASE/api/v1/auth/tokens" -H 'Content-Type: application/json' \
  -d '{"email":"holder@bench.test","password":"bench-holder-password"}' | json 'd["token"]')
COLLEAGUE=$(curl -sf -X POST "$BASE/api/v1/organisations/$ORG/invitations" -H "Authorization: Bearer $HOLDER" \
  -H 'Content-Type: application/json' \
  -d "{\"email\":\"colleague@bench.test\",\"firstName\":\"A\",\"lastName\":\"Colleague\",\"roles\":[{\"role\":\"org-overview\",\"unitId\":\"$ROOT\"}]}" \
  | json 'd["memberId"]')

# Changes the colleague's roles by hand (org-overview becomes org-admin, and back: always a real
# change, which moves the organisation's version on); prints status and seconds.
change_by_hand() {
  local role etag member
  member=$(curl -sf -D "$WORK/headers" "$BASE/api/v1/organisations/$ORG/members/$COLLEAGUE" -H "Authorization: Bearer $HOLDER")
  if echo "$member" | grep -q '"org-admin"'; then role=org-overview; else role=org-admin; fi
  etag=$(awk 'tolower($1) == "etag:" {print $2}' "$WORK/headers" | tr -d '\r')
  curl -s -o /dev/null -w '%{http_code} %{time_total}' -X PATCH "$BASE/api/v1/organisations/$ORG/members/$COLLEAGUE" \
    -H "Authorization: Bearer $HOLDER" -H "If-Match: $etag" -H 'Content-Type: application/json' \
    -d "{\"roles\":[{\"role\":\"$role\",\"unitId\":\"$ROOT\"}]}"
}
echo "a change by hand with no import running: $(change_by_hand)" | tee -a "$OUT/summary.txt"

checks() { # output file
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/check.lua "$BASE" -- "$WORK/seed" "$RATE" "$THREADS" > "$1"
  echo "  $(grep '^latency p50' "$1")" | tee -a "$OUT/summary.txt"
  echo "  $(grep '^requests' "$1"); load average $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/summary.txt"
  grep 'late by' "$1" | sed 's/^/  /' | tee -a "$OUT/summary.txt"
}
p99() { grep '^latency p50' "$1" | sed 's/.*p99 \([0-9.]*\) ms.*/\1/'; }

wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s bench/check.lua "$BASE" -- "$WORK/seed" > "$OUT/warmup.txt"
echo "checks without an import ($DURATION at $RATE req/s):" | tee -a "$OUT/summary.txt"
checks "$OUT/checks-before.txt"

echo "checks during the district's import:" | tee -a "$OUT/summary.txt"
# The import's time runs from when the upload is stored and the job queued (the answer, 202).
JOB=$(curl -sf -X POST "$BASE/api/v1/organisations/$ORG/imports?kind=oneroster&dryRun=false" \
  -H "Authorization: Bearer $HOLDER" -H 'Content-Type: application/zip' --data-binary @"$ZIP" | json 'd["id"]')
started=$(date +%s.%N)
( for at in $PATCH_AT; do
    now=$(echo "$(date +%s.%N) - $started" | bc); wait_s=$(echo "$at - $now" | bc)
    [ "$(echo "$wait_s > 0" | bc)" = 1 ] && sleep "$wait_s"
    sent=$(echo "$(date +%s.%N) - $started" | bc)
    echo "a change by hand sent ${sent%??????} s into the import: $(change_by_hand) (status, seconds)"
  done ) > "$OUT/changes.txt" &
CHANGES=$!
checks "$OUT/checks-during.txt"
wrk_ended=$(echo "$(date +%s.%N) - $started" | bc)
while :; do
  status=$(curl -sf "$BASE/api/v1/organisations/$ORG/imports/$JOB" -H "Authorization: Bearer $HOLDER" | json 'd["status"]')
  [ "$status" = succeeded ] || [ "$status" = failed ] && break
  sleep 0.2
done
ended=$(echo "$(date +%s.%N) - $started" | bc)
wait "$CHANGES" || true
tee -a "$OUT/summary.txt" < "$OUT/changes.txt"
curl -sf "$BASE/api/v1/organisations/$ORG/imports/$JOB" -H "Authorization: Bearer $HOLDER" \
  | python3 -c "import sys, json; d = json.load(sys.stdin); d['errors'] = d['errors'][:5]; print(json.dumps(d, indent=1))" > "$OUT/import.json"
echo "import: $status in ${ended%??????} s (the checks ran from 0 to ${wrk_ended%??????} s); timings (ms): $(json 'd["counts"].get("timingsMs")' < "$OUT/import.json")" \
  | tee -a "$OUT/summary.txt"
echo "  plans made again because the organisation changed: $(grep -c 'planning it again' "$OUT/service.log" || true)" | tee -a "$OUT/summary.txt"

echo "checks without an import, after it:" | tee -a "$OUT/summary.txt"
sleep 5
checks "$OUT/checks-after.txt"
echo "p99 during / p99 before: $(echo "scale=2; $(p99 "$OUT/checks-during.txt") / $(p99 "$OUT/checks-before.txt")" | bc)x; during / after: $(echo "scale=2; $(p99 "$OUT/checks-during.txt") / $(p99 "$OUT/checks-after.txt")" | bc)x" \
  | tee -a "$OUT/summary.txt"
echo "uptime at the end: $(uptime)" | tee -a "$OUT/summary.txt"
echo "Results in $OUT"
