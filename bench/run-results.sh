#!/usr/bin/env bash
# Issue #6 benchmark: results dashboards on PostgreSQL, through HTTP, with wrk on loopback.
#
#   bench/run-results.sh
#
# Makes a fresh PostgreSQL database, starts the service jar on it (Flyway makes the schema), seeds
# bench/seed-results.sql (100 schools, 4,000 classes, 100,000 pupils, 10 assessments, 1,000,000
# results), then, for a teacher, a headteacher and an organisational overview, runs wrk against the
# summary request of their dashboard, and times the unfiltered aggregate queries over the same data
# with EXPLAIN ANALYZE. Everything goes to bench-results/results-<time>/.
#
# Settings: DURATION=20s CONNECTIONS=4 THREADS=1 PORT=18081 SKIP_BUILD=1
# SERVICE_OPTS="-Xms1g -Xmx1g -XX:+AlwaysPreTouch"
set -eu
cd "$(dirname "$0")/.."
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-4}
THREADS=${THREADS:-1}
PORT=${PORT:-18081}
SERVICE_OPTS=${SERVICE_OPTS:--Xms1g -Xmx1g -XX:+AlwaysPreTouch}
JAR=target/staffroom-0.1.0-SNAPSHOT.jar
BASE="http://127.0.0.1:${PORT}"
[[ -n "${SKIP_BUILD:-}" ]] || ./mvnw -q -B -ntp -DskipTests package
RESULTS="bench-results/results-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$RESULTS"
DB="staffroom_bench_results_$$"
PID=""
cleanup() {
  [[ -z "$PID" ]] || kill "$PID" 2>/dev/null || true
  sleep 2
  psql -h 127.0.0.1 -U postgres -d postgres -q -c "DROP DATABASE IF EXISTS $DB" || true
}
trap cleanup EXIT
psql -h 127.0.0.1 -U postgres -d postgres -q -c "CREATE DATABASE $DB"
{
  echo "date: $(date -u)"; echo "nproc: $(nproc); cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-)"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"; echo "java: $(java -version 2>&1 | head -1)"
  echo "postgres: $(psql -h 127.0.0.1 -U postgres -d postgres -tA -c 'SHOW server_version'), shared_buffers $(psql -h 127.0.0.1 -U postgres -d postgres -tA -c 'SHOW shared_buffers')"
} >"$RESULTS/machine.txt"
STAFFROOM_OPERATOR_EMAIL=operator@bench.example STAFFROOM_OPERATOR_PASSWORD='bench-operator-password-1' \
  java $SERVICE_OPTS -jar "$JAR" --server.address=127.0.0.1 --server.port="$PORT" \
  --spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/$DB" --spring.datasource.username=postgres \
  >"$RESULTS/service.log" 2>&1 &
PID=$!
for _ in $(seq 1 240); do
  [[ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/v1/organisations" || true)" == "401" ]] && break
  sleep 0.5
done
echo "== seeding"
/usr/bin/time -f "seeded in %e s" psql -h 127.0.0.1 -U postgres -d "$DB" -q -f bench/seed-results.sql 2>&1 | tee "$RESULTS/seed.txt"
psql -h 127.0.0.1 -U postgres -d "$DB" -tA -c "SELECT (SELECT COUNT(*) FROM units WHERE type='school') || ' schools, ' || (SELECT COUNT(*) FROM units WHERE type='class') || ' classes, ' || (SELECT COUNT(*) FROM pupils) || ' pupils, ' || (SELECT COUNT(*) FROM results) || ' results'" | tee -a "$RESULTS/seed.txt"

run() { # label token path
  local out="$RESULTS/$1.txt"
  echo "== $1: $3" | tee "$out"
  echo "sample: $(curl -s -H "Authorization: Bearer $2" "$BASE$3&assessmentId=a1" | head -c 300)" >>"$out"
  wrk -t1 -c"$CONNECTIONS" -d5s -s bench/results.lua "$BASE" -- "$2" "$3" >/dev/null
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$out"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -s bench/results.lua "$BASE" -- "$2" "$3" | tee -a "$out"
}
O=/api/v1/organisations/bench-org/results
echo "== warming up the JIT on every request for 10 s each"
for p in "$O/summary?unitId=s1&groupBy=class" "$O/summary?unitId=root&groupBy=school" "$O/pupils?unitId=s1"; do
  wrk -t1 -c"$CONNECTIONS" -d10s -s bench/results.lua "$BASE" -- bench-token-head "$p" >/dev/null
done
run teacher-school-by-class bench-token-teacher "$O/summary?unitId=s1&groupBy=class"
run teacher-trust-by-school bench-token-teacher "$O/summary?unitId=root&groupBy=school"
run teacher-own-pupils bench-token-teacher "$O/pupils?unitId=s1y7c1"
run headteacher-school-by-class bench-token-head "$O/summary?unitId=s1&groupBy=class"
run headteacher-school-pupils bench-token-head "$O/pupils?unitId=s1"
run overview-trust-by-school bench-token-overview "$O/summary?unitId=root&groupBy=school"
run overview-trust-by-class bench-token-overview "$O/summary?unitId=root&groupBy=class"

echo "== cold trust-wide totals: each request after the assessment's results version moved (so the class totals reload)" | tee "$RESULTS/cold.txt"
for i in $(seq 1 20); do
  psql -h 127.0.0.1 -U postgres -d "$DB" -q -c "UPDATE assessments SET results_version = results_version + 1 WHERE id = 'a1'"
  curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer bench-token-overview" "$BASE$O/summary?unitId=root&groupBy=school&assessmentId=a1"
done | sort -n | awk '{a[NR]=$1*1000} END {printf "cold request ms: min %.1f, p50 %.1f, p95 %.1f, max %.1f (n=%d)\n", a[1], a[int(NR/2)+1], a[int(NR*0.95)], a[NR], NR}' | tee -a "$RESULTS/cold.txt"

echo "== unfiltered aggregate queries (EXPLAIN ANALYZE, 20 runs each)" | tee "$RESULTS/queries.txt"
q_unfiltered="SELECT r.band, COUNT(*), AVG(r.score) FROM results r WHERE r.assessment_id = 'a1' GROUP BY r.band"
q_classes="SELECT class_id, band, COUNT(*) AS pupils, SUM(score) AS score_sum FROM results WHERE assessment_id = 'a1' GROUP BY class_id, band"
q_school_pupils="SELECT p.id, p.external_id, p.first_name, p.last_name, p.class_id, r.score, r.band FROM results r JOIN pupils p ON p.id = r.pupil_id WHERE r.assessment_id = 'a1' AND p.class_id IN (SELECT id FROM units WHERE parent_id IN (SELECT id FROM units WHERE parent_id = 's1')) ORDER BY p.last_name, p.first_name, p.external_id"
for q in "$q_unfiltered" "$q_classes" "$q_school_pupils"; do
  echo "-- $q" >>"$RESULTS/queries.txt"
  psql -h 127.0.0.1 -U postgres -d "$DB" -c "EXPLAIN (ANALYZE, BUFFERS) $q" >>"$RESULTS/queries.txt"
  for i in $(seq 1 20); do
    psql -h 127.0.0.1 -U postgres -d "$DB" -tA -c "EXPLAIN ANALYZE $q" | awk '/Execution Time/ {print $3}'
  done | sort -n | awk -v q="${q:0:60}" '{a[NR]=$1} END {printf "%s...: execution ms p50 %.1f, p95 %.1f, min %.1f\n", q, a[int(NR/2)+1], a[int(NR*0.95)], a[1]}' | tee -a "$RESULTS/queries.txt"
done
echo "results in $RESULTS"
