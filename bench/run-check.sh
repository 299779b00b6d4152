#!/usr/bin/env bash
# Aim (b): POST /api/v1/access/check under wrk, on loopback only.
#
#   bench/run-check.sh [h2|postgres|both]        (default h2)
#
# Builds the service jar, starts it on 127.0.0.1 with a fresh database (an H2 file in a temp folder,
# or a fresh PostgreSQL database on 127.0.0.1:5432 that is dropped afterwards), seeds a trust of
# 1,000 units, 20,000 staff and 40,000 role assignments with bench/SeedTrust.java, warms up, then runs
#   1. saturation: wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency (as many requests as it can)
#   2. fixed rate: the same at $RATE requests/s, paced by bench/check.lua (Debian's wrk has no -R)
# and writes everything to bench-results/check-<db>-<time>/. Every run is bounded by -d; the service
# and any database it made are removed on exit.
#
# Settings (environment): DURATION=30s THREADS=2 CONNECTIONS=64 RATE=5000 RATE_CONNECTIONS=32
# WARMUP=15s PORT=18080 SKIP_BUILD=1 (reuse target/staffroom-0.1.0-SNAPSHOT.jar)
# JAR=path (another build of the service, e.g. an older one to compare)
# SERVICE_OPTS="-Xms2g -Xmx2g -XX:+AlwaysPreTouch" (JVM options of the service)
# SERVICE_ARGS="" (more Spring arguments, e.g. --server.tomcat.threads.max=16)
# WRK_CPUS / SERVICE_CPUS: run wrk / the service under taskset -c with these CPUs (default: unpinned)
# CEILING=1: then run the same saturation load against bench/TomcatCeiling.java (the same embedded
#   Tomcat answering a fixed body, no Spring), on the same CPUs, as the ceiling of this machine.
set -euo pipefail
cd "$(dirname "$0")/.."

MODE=${1:-h2}
DURATION=${DURATION:-30s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
RATE=${RATE:-5000}
RATE_CONNECTIONS=${RATE_CONNECTIONS:-32}
WARMUP=${WARMUP:-15s}
PORT=${PORT:-18080}
SERVICE_OPTS=${SERVICE_OPTS:--Xms2g -Xmx2g -XX:+AlwaysPreTouch}
JAR=${JAR:-target/staffroom-0.1.0-SNAPSHOT.jar}
SERVICE_ARGS=${SERVICE_ARGS:-}
WRK=(wrk)
[[ -n "${WRK_CPUS:-}" ]] && WRK=(taskset -c "$WRK_CPUS" wrk)
JAVA=(java)
[[ -n "${SERVICE_CPUS:-}" ]] && JAVA=(taskset -c "$SERVICE_CPUS" java)
BASE="http://127.0.0.1:${PORT}"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

if [[ -z "${SKIP_BUILD:-}" ]]; then
  # The plain build (not -Pbench, whose jar is not the runnable service).
  ./mvnw -q -B -ntp -DskipTests package
fi
unzip -l "$JAR" | grep 'BOOT-INF/lib/' >/dev/null || { echo "$JAR is not the runnable service jar; build without -Pbench" >&2; exit 1; }

WORK=$(mktemp -d /tmp/staffroom-bench-check.XXXXXX)
RESULTS="bench-results/check-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$RESULTS" "$WORK/lib"
unzip -q -j "$JAR" 'BOOT-INF/lib/h2-*.jar' 'BOOT-INF/lib/postgresql-*.jar' 'BOOT-INF/lib/tomcat-embed-*.jar' \
  'BOOT-INF/lib/jakarta.servlet-api-*.jar' -d "$WORK/lib" 2>/dev/null || true
SERVICE_PID=""
PG_DB=""

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
  if [[ -n "$PG_DB" ]]; then
    psql -h 127.0.0.1 -U postgres -d postgres -q -c "DROP DATABASE IF EXISTS $PG_DB" || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

start_service() { # url user password log
  STAFFROOM_OPERATOR_EMAIL=operator@bench.example STAFFROOM_OPERATOR_PASSWORD='bench-operator-password-1' \
    "${JAVA[@]}" $SERVICE_OPTS -jar "$JAR" --server.address=127.0.0.1 --server.port="$PORT" \
    --spring.datasource.url="$1" --spring.datasource.username="$2" --spring.datasource.password="$3" \
    $SERVICE_ARGS >>"$4" 2>&1 &
  SERVICE_PID=$!
  for _ in $(seq 1 240); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/v1/organisations" || true)
    [[ "$code" == "401" ]] && return 0
    kill -0 "$SERVICE_PID" 2>/dev/null || { echo "the service stopped; see $4" >&2; tail -40 "$4" >&2; exit 1; }
    sleep 0.5
  done
  echo "the service did not start in 120 s; see $4" >&2
  exit 1
}

machine() {
  echo "date: $(date -u)"
  echo "nproc: $(nproc); cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-); ram: $(free -g | awk '/Mem:/ {print $2 " GiB"}')"
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "java: $(java -version 2>&1 | head -1); wrk: $(wrk -v 2>&1 | head -1)"
  echo "jar: $JAR; service: ${JAVA[*]} $SERVICE_OPTS $SERVICE_ARGS; wrk: ${WRK[*]}"
}

# Committed and rolled-back transactions of the benchmark's PostgreSQL database so far (0 on H2).
transactions() {
  if [[ -z "$PG_DB" ]]; then echo 0; return; fi
  psql -h 127.0.0.1 -U postgres -d postgres -Atc "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = '$PG_DB'"
}

# CPU seconds used by a process so far (user + system), from /proc.
cpu_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat" 2>/dev/null || echo 0
}

# Runs wrk in the background of a CPU count: prints the service's and wrk's CPU seconds next to it.
measured_wrk() { # out-file, wrk args...
  local out=$1 before after wrk_pid
  shift
  before=$(cpu_seconds "$SERVICE_PID")
  "${WRK[@]}" "$@" >"$out" &
  wrk_pid=$!
  local wrk_cpu=0
  while kill -0 "$wrk_pid" 2>/dev/null; do
    wrk_cpu=$(cpu_seconds "$wrk_pid"); sleep 0.5
  done
  wait "$wrk_pid" || true
  after=$(cpu_seconds "$SERVICE_PID")
  echo "cpu: service $(awk -v a="$after" -v b="$before" 'BEGIN { printf "%.1f", a - b }') s, wrk ${wrk_cpu} s (or more: sampled every 0.5 s); load average $(cut -d' ' -f1-3 /proc/loadavg)" >>"$out"
  cat "$out"
}

run_one() { # db-label url user password
  local label=$1 url=$2 user=$3 password=$4 out="$RESULTS/$1"
  mkdir -p "$out"
  machine >"$out/machine.txt"
  echo "== $label: first start (Flyway creates the schema), then seeding"
  start_service "$url" "$user" "$password" "$out/service.log"
  stop_service
  java -cp "$WORK/lib/*" bench/SeedTrust.java "$url" "$user" "$password" "$WORK/seed-$label" | tee "$out/seed.txt"
  start_service "$url" "$user" "$password" "$out/service.log"
  local token body
  token=$(cat "$WORK/seed-$label/token")
  body=$(head -1 "$WORK/seed-$label/questions.json")
  echo "one check: $(curl -s -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$body" "$BASE/api/v1/access/check")" | tee "$out/sample.txt"
  echo "== $label: warm-up $WARMUP"
  "${WRK[@]}" -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s bench/check.lua "$BASE" -- "$WORK/seed-$label" >"$out/warmup.txt"
  echo "== $label: saturation: wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency"
  local xacts_before
  xacts_before=$(transactions)
  measured_wrk "$out/saturation.txt" -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/check.lua "$BASE" -- "$WORK/seed-$label"
  if [[ -n "$PG_DB" ]]; then
    # Every statement the service sends is a transaction (auto-commit) or part of one: this counts
    # database work during the run, background polls included, against the requests answered.
    sleep 2 # backends report their statistics at most once a second
    echo "database transactions during the saturation run: $(( $(transactions) - xacts_before )) (pg_stat_database, background polls included)" \
      | tee -a "$out/saturation.txt"
  fi
  echo "== $label: fixed rate $RATE req/s: wrk -t$THREADS -c$RATE_CONNECTIONS -d$DURATION --latency, paced by check.lua"
  measured_wrk "$out/rate-$RATE.txt" -t"$THREADS" -c"$RATE_CONNECTIONS" -d"$DURATION" --latency -s bench/check.lua "$BASE" -- "$WORK/seed-$label" "$RATE" "$THREADS"
  stop_service
  if [[ -n "${CEILING:-}" ]]; then
    echo "== $label: ceiling: the same load against bench/TomcatCeiling.java (Tomcat alone, fixed answer)"
    "${JAVA[@]}" $SERVICE_OPTS -cp "$WORK/lib/*" bench/TomcatCeiling.java "$PORT" >"$out/ceiling.log" 2>&1 &
    SERVICE_PID=$!
    for _ in $(seq 1 120); do grep -q ready "$out/ceiling.log" && break; sleep 0.5; done
    "${WRK[@]}" -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s bench/check.lua "$BASE" -- "$WORK/seed-$label" >/dev/null
    measured_wrk "$out/ceiling-saturation.txt" -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/check.lua "$BASE" -- "$WORK/seed-$label"
    measured_wrk "$out/ceiling-rate-$RATE.txt" -t"$THREADS" -c"$RATE_CONNECTIONS" -d"$DURATION" --latency -s bench/check.lua "$BASE" -- "$WORK/seed-$label" "$RATE" "$THREADS"
    stop_service
  fi
}

if [[ "$MODE" == "h2" || "$MODE" == "both" ]]; then
  run_one h2 "jdbc:h2:file:$WORK/h2/staffroom;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH" sa ""
fi
if [[ "$MODE" == "postgres" || "$MODE" == "both" ]]; then
  PG_DB="staffroom_bench_check_$$"
  psql -h 127.0.0.1 -U postgres -d postgres -q -c "CREATE DATABASE $PG_DB"
  run_one postgres "jdbc:postgresql://127.0.0.1:5432/$PG_DB" postgres ""
fi
echo "results in $RESULTS"
