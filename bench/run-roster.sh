#!/usr/bin/env bash
# Benchmark of issue #5: a OneRoster package the size of a large district (bench/GenerateRoster.java),
# given a dry run and a real run by the service jar on PostgreSQL with -Xmx512m, then the same rows
# copied into the same tables with psql's \copy, for comparison. Everything measured goes to
# bench-results/roster-<time>/. Talks to 127.0.0.1 only; drops its database when it exits.
#
#   bench/run-roster.sh            (needs PostgreSQL 15 on 127.0.0.1:5432, user postgres, trust auth)
#
# Options (environment): JAR=… the service jar; HEAP=512m; PORT=8097; EXTRA_JVM=… more JVM options
# (a JFR profile: EXTRA_JVM="-XX:StartFlightRecording=filename=/tmp/roster.jfr,settings=profile");
# SCALE=1 the package's size (GenerateRoster's scale: 0.5 is half the district, 2 twice it);
# VERSION=1.2 writes a OneRoster 1.2 package (roles in roles.csv) instead of 1.1;
# SKIP_COPY=1 leaves out the COPY comparison (for measuring memory at other sizes); SAMPLE_LIVE=1 also
# measures the true live set by a full GC every 3 s during each run (which slows it).
set -euo pipefail
cd "$(dirname "$0")/.."

PGURL_HOST=127.0.0.1
DB=staffroom_roster_bench
PORT=${PORT:-8097}
HEAP=${HEAP:-512m}
OUT=bench-results/roster-$(date -u +%Y%m%dT%H%M%S)
mkdir -p "$OUT"
PSQL=(psql -h "$PGURL_HOST" -U postgres -v ON_ERROR_STOP=1 -X -q)

{
  echo "date: $(date -u)"
  echo "uptime: $(uptime)"
  echo "nproc: $(nproc)"
  grep -m1 'model name' /proc/cpuinfo || true
  free -g | head -2
  java -version 2>&1 | head -1
  "${PSQL[@]}" -d postgres -tAc 'select version()'
} > "$OUT/machine.txt"
cat "$OUT/machine.txt"

SCALE=${SCALE:-1}
VERSION=${VERSION:-1.1}
if [ "$SCALE" = 1 ]; then ZIP=target/bench-roster/district.zip; else ZIP=target/bench-roster/district-x$SCALE.zip; fi
[ "$VERSION" = 1.1 ] || ZIP=${ZIP%.zip}-v$VERSION.zip
[ -f "$ZIP" ] || java bench/GenerateRoster.java "$ZIP" district.example "$SCALE" "$VERSION"
echo "package: $ZIP (scale $SCALE, OneRoster $VERSION)" >> "$OUT/machine.txt"
JAR=${JAR:-$(ls target/staffroom-*.jar 2>/dev/null | grep -v original | head -1 || true)}
if [ -z "$JAR" ]; then ./mvnw -q -B -DskipTests package; JAR=$(ls target/staffroom-*.jar | grep -v original | head -1); fi

"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
SERVICE=
cleanup() {
  if [ -n "$SERVICE" ]; then kill "$SERVICE" 2>/dev/null || true; wait "$SERVICE" 2>/dev/null || true; fi
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
}
trap cleanup EXIT

STAFFROOM_OPERATOR_EMAIL=operator@bench.test STAFFROOM_OPERATOR_PASSWORD='bench-operator-password' \
  java ${EXTRA_JVM:-} -Xmx"$HEAP" -Xlog:gc:file="$OUT/gc.log":uptime -jar "$JAR" --server.port="$PORT" \
  --spring.datasource.url="jdbc:postgresql://$PGURL_HOST:5432/$DB?reWriteBatchedInserts=true" \
  --spring.datasource.username=postgres --logging.level.org.staffroom.mail=WARN > "$OUT/service.log" 2>&1 &
SERVICE=$!
BASE=http://127.0.0.1:$PORT
for _ in $(seq 1 120); do curl -sf "$BASE/sign-in" >/dev/null && break; sleep 1; done

json() { python3 -c "import sys, json; d = json.load(sys.stdin); print(eval(sys.argv[1]))" "$1"; }
TOKEN=$(curl -sf -X POST "$BASE/api/v1/auth/tokens" -H 'Content-Type: application/json' \
  -d '{"email":"operator@bench.test","password":"bench-operator-password"}' | json 'd["token"]')
ORG=$(curl -sf -X POST "$BASE/api/v1/organisations" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"name":"Large District","templates":["school-trust"],"mainAccountHolder":{"email":"holder@bench.test","firstName":"Main","lastName":"Holder"}}' \
  | json 'd["id"]')
# The main account holder (org-admin) imports, so the engine decides every row as for a person.
LINK=$("${PSQL[@]}" -d "$DB" -tAc "SELECT body_text FROM outbox_emails WHERE recipient = 'holder@bench.test'" \
  | grep -o '/invitations/[A-Za-z0-9_-]*' | head -1)
curl -sf -X POST "$BASE/api/v1$LINK/accept" -H 'Content-Type: application/json' -d '{"password":"bench-holder-password"}' >/dev/null
HOLDER=$(curl -sf -X POST "$BASE/api/v1/auth/tokens" -H 'Content-Type: application/json' \
  -d '{"email":"holder@bench.test","password":"bench-holder-password"}' | json 'd["token"]')

uptime_s() { jcmd "$SERVICE" VM.uptime | tail -1 | awk '{print $1}'; }

run() { # $1 = dry-run or real, $2 = dryRun value
  local started ended id status t0 t1
  local sampler=
  if [ "${SAMPLE_LIVE:-}" = 1 ]; then
    # The true live set: a full GC (class histogram) every 3 s while the job runs. It slows the run, so
    # timings of a sampled run are not reported as the run's speed.
    ( while :; do jcmd "$SERVICE" GC.class_histogram 2>/dev/null | awk '/^Total/ {print $3}'; sleep 3; done ) > "$OUT/$1-live.txt" &
    sampler=$!
  fi
  t0=$(uptime_s); started=$(date +%s.%N)
  id=$(curl -sf -X POST "$BASE/api/v1/organisations/$ORG/imports?kind=oneroster&dryRun=$2" \
    -H "Authorization: Bearer $HOLDER" -H 'Content-Type: application/zip' --data-binary @"$ZIP" | json 'd["id"]')
  while :; do
    status=$(curl -sf "$BASE/api/v1/organisations/$ORG/imports/$id" -H "Authorization: Bearer $HOLDER" | json 'd["status"]')
    [ "$status" = succeeded ] || [ "$status" = failed ] && break
    sleep 0.5
  done
  ended=$(date +%s.%N); t1=$(uptime_s)
  if [ -n "$sampler" ]; then
    kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
    echo "  live set (full GC every 3 s), most: $(sort -n "$OUT/$1-live.txt" | tail -1 | awk '{printf "%.0f MB", $1/1048576}') in $(wc -l < "$OUT/$1-live.txt") samples" | tee -a "$OUT/summary.txt"
  fi
  curl -sf "$BASE/api/v1/organisations/$ORG/imports/$id" -H "Authorization: Bearer $HOLDER" \
    | python3 -c "import sys, json; d = json.load(sys.stdin); d['errors'] = d['errors'][:5]; print(json.dumps(d, indent=1))" > "$OUT/$1.json"
  echo "$1: status $status, wall $(echo "$ended - $started" | bc) s, JVM uptime $t0 to $t1" | tee -a "$OUT/summary.txt"
  # Peak heap in the run: the largest heap in use just before a collection, and the largest live set after one.
  python3 - "$OUT/gc.log" "$t0" "$t1" <<'EOF' | tee -a "$OUT/summary.txt"
import re, sys
log, t0, t1 = sys.argv[1], float(sys.argv[2].rstrip('s')), float(sys.argv[3].rstrip('s'))
before = after = 0
for line in open(log):
    m = re.match(r"\[(\d+\.\d+)s\].*?(\d+)M->(\d+)M\((\d+)M\)", line)
    if m and t0 <= float(m.group(1)) <= t1:
        before, after = max(before, int(m.group(2))), max(after, int(m.group(3)))
print(f"  peak heap in use before a GC: {before} MB; largest live set after a GC: {after} MB")
EOF
  python3 -c "import sys, json; d = json.load(open(sys.argv[1])); print('  timings (ms):', d['counts'].get('timingsMs'), ' rows:', d['counts']['rows'])" "$OUT/$1.json" | tee -a "$OUT/summary.txt"
}

run dry-run true
run real false
if [ "${SKIP_COPY:-}" = 1 ]; then echo "uptime at the end: $(uptime)" | tee -a "$OUT/summary.txt"; echo "Results in $OUT"; exit 0; fi

# The same rows into the same tables by COPY: the rows the real run wrote are copied out, deleted,
# and copied back in (same tables, same indexes, foreign keys and trigram index), in one transaction.
TABLES="units accounts memberships role_assignments invitations outbox_emails audit_entries pupils"
where() {
  case $1 in
    units) echo "organisation_id = '$ORG' AND parent_id IS NOT NULL" ;;
    accounts) echo "id IN (SELECT account_id FROM memberships WHERE organisation_id = '$ORG' AND source_id IS NOT NULL)" ;;
    memberships|role_assignments|pupils) echo "organisation_id = '$ORG' AND source_id IS NOT NULL" ;;
    invitations) echo "organisation_id = '$ORG' AND account_id IN (SELECT account_id FROM memberships WHERE organisation_id = '$ORG' AND source_id IS NOT NULL)" ;;
    outbox_emails) echo "organisation_id = '$ORG' AND recipient <> 'holder@bench.test'" ;;
    audit_entries) echo "organisation_id = '$ORG' AND via = 'import'" ;;
  esac
}
order() { [ "$1" = units ] && echo "ORDER BY CASE type WHEN 'school' THEN 1 WHEN 'year' THEN 2 ELSE 3 END" || true; }
ROWS=0
for t in $TABLES; do
  "${PSQL[@]}" -d "$DB" -c "\\copy (SELECT * FROM public.$t WHERE $(where $t) $(order $t)) TO '$OUT/$t.csv' WITH (FORMAT csv)"
  n=$("${PSQL[@]}" -d "$DB" -tAc "SELECT COUNT(*) FROM public.$t WHERE $(where $t)"); ROWS=$((ROWS + n)); echo "  $t: $n rows" >> "$OUT/summary.txt"
done
{ echo 'BEGIN;'
  echo "CREATE TEMP TABLE gone AS SELECT account_id AS id FROM memberships WHERE organisation_id = '$ORG' AND source_id IS NOT NULL;"
  for t in audit_entries outbox_emails pupils invitations role_assignments memberships; do
    echo "DELETE FROM public.$t WHERE $(where $t);"; done
  echo "DELETE FROM public.accounts WHERE id IN (SELECT id FROM gone);"
  echo "DELETE FROM public.units WHERE organisation_id = '$ORG' AND type = 'class';"
  echo "DELETE FROM public.units WHERE organisation_id = '$ORG' AND type = 'year';"
  echo "DELETE FROM public.units WHERE organisation_id = '$ORG' AND type = 'school';"
  echo 'COMMIT;'; } > "$OUT/delete.sql"
"${PSQL[@]}" -d "$DB" -f "$OUT/delete.sql"
"${PSQL[@]}" -d "$DB" -c "VACUUM ANALYZE"
{ echo '\timing on'; for t in $TABLES; do echo "\\copy public.$t FROM '$OUT/$t.csv' WITH (FORMAT csv)"; done; } > "$OUT/copy.sql"
started=$(date +%s.%N)
"${PSQL[@]}" -d "$DB" -1 -f "$OUT/copy.sql" > "$OUT/copy-timing.txt"
ended=$(date +%s.%N)
echo "COPY of the same $ROWS rows into the same tables, one transaction: wall $(echo "$ended - $started" | bc) s" | tee -a "$OUT/summary.txt"
paste -d' ' <(echo "$TABLES" | tr ' ' '\n') "$OUT/copy-timing.txt" >> "$OUT/summary.txt"
# Plain COPY pays for foreign-key checks planned while the tables were empty (a scan of the
# referenced table per row), as the import did before it learnt to ANALYZE. The same again, with an
# ANALYZE after each table, as the import does:
"${PSQL[@]}" -d "$DB" -f "$OUT/delete.sql"
"${PSQL[@]}" -d "$DB" -c "VACUUM ANALYZE"
{ echo '\timing on'; for t in $TABLES; do echo "\\copy public.$t FROM '$OUT/$t.csv' WITH (FORMAT csv)"; echo "ANALYZE public.$t;"; done; } > "$OUT/copy-analyze.sql"
started=$(date +%s.%N)
"${PSQL[@]}" -d "$DB" -1 -f "$OUT/copy-analyze.sql" > "$OUT/copy-analyze-timing.txt"
ended=$(date +%s.%N)
echo "COPY of the same $ROWS rows, ANALYZE after each table, one transaction: wall $(echo "$ended - $started" | bc) s" | tee -a "$OUT/summary.txt"
cat "$OUT/copy-analyze-timing.txt" >> "$OUT/summary.txt"
echo "uptime at the end: $(uptime)" | tee -a "$OUT/summary.txt"
rm -f "$OUT"/*.csv
echo "Results in $OUT"
