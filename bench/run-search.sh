#!/usr/bin/env bash
# Aim (c): member search by a school-level user-admin in an organisation of 1,000,000 accounts on
# PostgreSQL (127.0.0.1:5432, user postgres), loopback only.
#
#   bench/run-search.sh
#
# 1. builds the service jar; creates a fresh database; starts the service once so Flyway makes the
#    schema; stops it;
# 2. seeds 1,000,000 accounts with bench/seed-million.sql (generate_series) and two bearer tokens;
# 3. starts the service with every statement of its connections logged (log_statement = all, set per
#    connection), asks one page, and counts the statements that page cost in the PostgreSQL log;
# 4. starts it again normally, warms up, and runs wrk -c<n> -d$DURATION --latency with
#    bench/search.lua (q varying over 30 texts) as the school-level user-admin, for each n in
#    $CONNECTIONS (1 = one page at a time, no queueing; 16 = saturation), times each q alone with
#    curl, then runs wrk -c1 as an org-admin (unfiltered, for comparison), then as the org-admin
#    with a text that matches many ($ORG_ADMIN_TEXTS, default smith: ~16,700 of 1,000,000), and times
#    a few texts alone as the org-admin;
# 5. EXPLAIN ANALYZE of the directory's statements, now and before (bench/explain-search.sql);
# and drops the database. Output: bench-results/search-<time>/.
#
# Settings (environment): DURATION=30s CONNECTIONS="1 4 16" WARMUP=15s PORT=18090 SKIP_BUILD=1
# SERVICE_OPTS="-Xms6g -Xmx6g -XX:+AlwaysPreTouch" KEEP_DB=1 (leave the database for a look; drop it by hand).
# ORG_ADMIN_TEXTS="smith" (comma-separated, URL-encoded: the org-admin's texts under wrk);
# REUSE_DB=<name> (a database seeded by an earlier KEEP_DB=1 run: no seeding, new tokens; the service
# migrates it to its own schema, so the same data measures the code before and after; never dropped);
# ONLY_ORG_ADMIN=1 (leave out the school-level user-admin's load and per-text runs).
# JAR=<path> (another build of the service, e.g. the previous code, for a before-and-after on one database).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-30s}
CONNECTIONS=${CONNECTIONS:-1 4 16}
WARMUP=${WARMUP:-15s}
PORT=${PORT:-18090}
SERVICE_OPTS=${SERVICE_OPTS:--Xms6g -Xmx6g -XX:+AlwaysPreTouch}
JAR=${JAR:-target/staffroom-0.1.0-SNAPSHOT.jar}
BASE="http://127.0.0.1:${PORT}"
PGLOG=$(ls /var/log/postgresql/postgresql-*-main.log | head -1)
export PGHOST=127.0.0.1 PGUSER=postgres

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
if [[ -z "${SKIP_BUILD:-}" ]]; then
  ./mvnw -q -B -ntp -DskipTests package
fi

RESULTS="bench-results/search-$(date -u +%Y%m%dT%H%M%SZ)"
WORK=$(mktemp -d /tmp/staffroom-bench-search.XXXXXX)
mkdir -p "$RESULTS"
DB="${REUSE_DB:-staffroom_bench_search_$$}"
ORG_ADMIN_TEXTS=${ORG_ADMIN_TEXTS:-smith}
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
  if [[ -z "${KEEP_DB:-}" && -z "${REUSE_DB:-}" ]]; then
    psql -d postgres -q -c "DROP DATABASE IF EXISTS $DB" || true
  else
    echo "kept database $DB"
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

start_service() { # log, extra args...
  local log=$1
  shift
  STAFFROOM_OPERATOR_EMAIL=operator@bench.example STAFFROOM_OPERATOR_PASSWORD='bench-operator-password-1' \
    java $SERVICE_OPTS -jar "$JAR" --server.address=127.0.0.1 --server.port="$PORT" \
    --spring.datasource.url="$URL" --spring.datasource.username=postgres "$@" >>"$log" 2>&1 &
  SERVICE_PID=$!
  for _ in $(seq 1 240); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/v1/organisations" || true)
    [[ "$code" == "401" ]] && return 0
    kill -0 "$SERVICE_PID" 2>/dev/null || { echo "the service stopped; see $log" >&2; tail -40 "$log" >&2; exit 1; }
    sleep 0.5
  done
  echo "the service did not start in 120 s; see $log" >&2
  exit 1
}

page() { # token q -> prints "http_code seconds"
  curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $1" \
    "$BASE/api/v1/organisations/$ORG/members?q=$2&page=1&size=50"
}

{
  echo "date: $(date -u)"
  echo "nproc: $(nproc); cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-); ram: $(free -g | awk '/Mem:/ {print $2 " GiB"}')"
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "java: $(java -version 2>&1 | head -1); $(psql -d postgres -Atc 'select version()')"
} >"$RESULTS/machine.txt"

TOKEN=$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
ADMIN_TOKEN=$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
printf %s "$TOKEN" >"$WORK/token"
printf %s "$ADMIN_TOKEN" >"$WORK/admin_token"
if [[ -n "${REUSE_DB:-}" ]]; then
  echo "== reusing the seeded database $DB (the service migrates it at its start); new tokens"
  psql -d "$DB" -q -v ON_ERROR_STOP=1 -c "INSERT INTO api_tokens (token_hash, account_id, created_at, expires_at)
    VALUES ('$(printf %s "$TOKEN" | sha256sum | cut -d' ' -f1)', md5('acct-1')::uuid::text, now(), now() + interval '1 day'),
           ('$(printf %s "$ADMIN_TOKEN" | sha256sum | cut -d' ' -f1)', md5('acct-1201')::uuid::text, now(), now() + interval '1 day')"
else
  echo "== fresh database $DB; Flyway makes the schema"
  psql -d postgres -q -c "CREATE DATABASE $DB"
  start_service "$RESULTS/service.log"
  stop_service

  echo "== seeding 1,000,000 accounts"
  psql -d "$DB" -v ON_ERROR_STOP=1 -v token_hash="$(printf %s "$TOKEN" | sha256sum | cut -d' ' -f1)" \
    -v admin_token_hash="$(printf %s "$ADMIN_TOKEN" | sha256sum | cut -d' ' -f1)" -f bench/seed-million.sql \
    | tee "$RESULTS/seed.txt"
fi
ORG=$(psql -d "$DB" -Atc "SELECT md5('bench-org')::uuid::text")
printf %s "$ORG" >"$WORK/organisation"

echo "== statements per page (log_statement = all on the service's connections only)"
start_service "$RESULTS/service-logged.log" "--spring.datasource.hikari.connection-init-sql=SET log_statement = 'all'"
echo "first request (loads the 1,000,000-member snapshot): $(page "$TOKEN" smith)" | tee "$RESULTS/statements.txt"
page "$TOKEN" smith >/dev/null
sleep 1
OFFSET=$(stat -c %s "$PGLOG")
echo "one page, no q (50 rows): $(page "$TOKEN" "")" | tee -a "$RESULTS/statements.txt"
sleep 1
# Lines of this database only; the snapshot poll (every 5 s, not part of a page) is shown apart.
tail -c +"$((OFFSET + 1))" "$PGLOG" | grep "@$DB " | grep -E "LOG:  (execute|statement)" >"$WORK/logged.txt" || true
# An empty "statement:" is the pool's connection check (pgjdbc's isValid), sent when a connection
# has been idle for a while: not SQL of the page, so counted apart too.
# The import runner's poll for queued jobs (every few seconds, not part of a page) is listed apart too.
# So is the prune of old snapshot changes that goes with that 5-second poll (grants.Snapshots).
grep -v "SELECT id, version FROM organisations" "$WORK/logged.txt" | grep -v "SELECT id FROM import_jobs" \
  | grep -v "DELETE FROM snapshot_changes" \
  | sed 's/^.*LOG:  //' | grep -v '^statement: *$' \
  | cut -c1-220 >"$WORK/page-statements.txt" || true
{
  echo "SQL statements logged for that page: $(wc -l <"$WORK/page-statements.txt")"
  cat "$WORK/page-statements.txt"
  echo "(not counted: background snapshot-version polls $(grep -c "SELECT id, version FROM organisations" "$WORK/logged.txt" || true), import-job polls $(grep -c "SELECT id FROM import_jobs" "$WORK/logged.txt" || true), snapshot-change prunes $(grep -c "DELETE FROM snapshot_changes" "$WORK/logged.txt" || true), pool connection checks $(grep -c 'LOG:  statement: *$' "$WORK/logged.txt" || true))"
} | tee -a "$RESULTS/statements.txt"
stop_service

median_of_5() { # token q -> prints "q=... median ms"
  local median
  median=$(for _ in 1 2 3 4 5; do page "$1" "$2" | cut -d' ' -f2; done | sort -n | sed -n 3p)
  awk -v q="${2:-(none)}" -v t="$median" 'BEGIN { printf "q=%-20s %7.1f ms\n", q, t * 1000 }'
}

start_service "$RESULTS/service.log"
echo "first request (loads the snapshot): $(page "$TOKEN" smith)" | tee "$RESULTS/first-request.txt"
wrk -t2 -c4 -d"$WARMUP" -s bench/search.lua "$BASE" -- "$WORK" >"$RESULTS/warmup.txt"
if [[ -z "${ONLY_ORG_ADMIN:-}" ]]; then
  echo "== load: school-level user-admin"
  # One connection: the time of a page when nothing queues; then more at once, up to saturation.
  for c in $CONNECTIONS; do
    echo "-- $c connection(s)"
    wrk -t"$(( c < 2 ? 1 : 2 ))" -c"$c" -d"$DURATION" --latency -s bench/search.lua "$BASE" -- "$WORK" \
      | tee "$RESULTS/user-admin-c$c.txt"
  done

  echo "== each q alone (5 requests, one at a time; the median is shown), school-level user-admin"
  sed -n '/^local queries = {/,/^}/p' bench/search.lua | grep -o '"[^"]*"' | tr -d '"' | while IFS= read -r q; do
    median_of_5 "$TOKEN" "$q"
  done | tee "$RESULTS/per-query.txt"
fi

echo "== load: org-admin (sees everyone: no visibility filter; the same 30 texts, for comparison)"
wrk -t1 -c1 -d"$DURATION" --latency -s bench/search.lua "$BASE" -- "$WORK" admin_token | tee "$RESULTS/org-admin-c1.txt"

echo "== load: org-admin, with a text that matches many ($ORG_ADMIN_TEXTS)"
wrk -t1 -c1 -d"$DURATION" --latency -s bench/search.lua "$BASE" -- "$WORK" admin_token "$ORG_ADMIN_TEXTS" \
  | tee "$RESULTS/org-admin-text-c1.txt"

echo "== each q alone (median of 5), org-admin"
for q in "" smith olivia oliver%20smith son x million.example zzzz; do
  median_of_5 "$ADMIN_TOKEN" "$q"
done | tee "$RESULTS/org-admin-per-query.txt"
stop_service

echo "== EXPLAIN ANALYZE"
# The 27 unit ids of the IN list are shortened in the output.
for q in '%smith%' '%%' '%million.example%' '%zzzz%'; do
  psql -d "$DB" -v q="$q" -f bench/explain-search.sql
done | sed -E "s/'[0-9a-f-]{36}'(, '[0-9a-f-]{36}')+/...27 ids.../g; s/\{[0-9a-f,-]{100,}\}/{...27 ids...}/g" \
  | tee "$RESULTS/explain.txt"
echo "results in $RESULTS"
