#!/usr/bin/env sh
# Start-up time and memory of the packaged service (docs/PERFORMANCE.md, "Start-up and idle memory").
#   bench/startup.sh [database] [rounds]
# Builds nothing: run `mvn -DskipTests package` first. Each start runs bin/cacherr on a fresh copy of the database
# (an empty new one when none is given; its -wal is copied too) in a temporary directory, and prints:
#   answer   ms from the launch to the first HTTP answer of GET /health (200, or 503 "starting" while the
#            database check of a large file runs in the background; reads are served from then on), and the
#            CPU time (user + system, all threads) the process had used by then: less dependent on the load of a
#            shared machine than the time
#   list     ms to the first 200 of GET /api/cached/files?limit=50
#   healthy  ms to the first 200 of GET /health (the background check passed; writes open)
#   idle     VmRSS CACHERR_BENCH_IDLE (20) s after "healthy"
#   loaded   VmRSS right after CACHERR_BENCH_LOAD (10) s of list, search and statistics requests from 8 clients
#            (bench/ListLoad.java; its throughput and latencies follow), and again 10 s later ("after");
#            CACHERR_BENCH_WARMUP (0) s of the same requests first, not counted
# Variants, to compare settings in one run: CACHERR_BENCH_VARIANTS='default|CACHERR_CDS=off|-XX:+UseSerialGC -Xmx64m'
# starts each once per round, in turn. In a variant, NAME=value words are environment variables, @path names another
# launcher than bin/cacherr (an older build's), the other words are JVM options given as CACHERR_JAVA_OPTS (none, or
# "default": bin/cacherr's own).
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
db=${1:-}
rounds=${2:-1}
idle=${CACHERR_BENCH_IDLE:-20}
load=${CACHERR_BENCH_LOAD:-10}
warmup=${CACHERR_BENCH_WARMUP:-0}
variants=${CACHERR_BENCH_VARIANTS:-default}
if [ ! -f bootstrap/target/cacherr-bootstrap.jar ]; then
  echo "startup.sh: not built yet; run: mvn -DskipTests package" >&2
  exit 1
fi
if [ -n "$db" ] && [ ! -f "$db" ]; then
  echo "startup.sh: no database at $db" >&2
  exit 1
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/cacherr-startup.XXXXXX")
pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
drive() {
  java bench/ListLoad.java "http://127.0.0.1:$port" 8 "$1" '/api/cached/files?limit=50' \
    '/api/cached/files?limit=50&offset=50000' '/api/cached/files?limit=50&search=Movie%201&status=active' \
    '/api/cached/files?limit=50&user_id=user07' '/api/cached/files/search?q=Movie%204711&type=all' \
    '/api/cached/statistics'
}
now() { date +%s%3N; }
cpu() { awk '{ printf "%.1f", ($14 + $15) / 100 }' "/proc/$1/stat"; }
rss() { awk '/^VmRSS/ { printf "%d MB", $2 / 1024 }' "/proc/$1/status"; }
status() { curl -s -o /dev/null -w '%{http_code}' --max-time 30 "http://127.0.0.1:$port$1" || true; }

echo "# $(date -u '+%Y-%m-%dT%H:%M:%SZ') $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)," \
  "database: ${db:-new}"
round=1
while [ "$round" -le "$rounds" ]; do
  saved=$IFS
  IFS='|'
  for variant in $variants; do
    IFS=$saved
    rm -rf "$work/home" && mkdir -p "$work/home/data" "$work/home/array" "$work/home/cache"
    if [ -n "$db" ]; then
      cp "$db" "$work/home/data/cached_files.db"
      if [ -f "$db-wal" ]; then cp "$db-wal" "$work/home/data/cached_files.db-wal"; fi
    fi
    port=$((20000 + ($$ + round * 7) % 30000))
    started=$(now)
    launcher="$top/bin/cacherr"
    opts=
    envs=
    set -f
    for word in $variant; do
      case "$word" in
        default) ;;
        @*) launcher=${word#@} ;;
        [A-Z]*=*) envs="$envs $word" ;;
        *) opts="$opts $word" ;;
      esac
    done
    set +f
    # shellcheck disable=SC2086 # the settings are words on purpose
    (cd "$work/home" && if [ -n "$opts" ]; then export CACHERR_JAVA_OPTS="${opts# }"; else unset CACHERR_JAVA_OPTS; fi \
      && exec env $envs CACHERR_PORT=$port CACHERR_ARRAY_ROOTS="$work/home/array" \
        CACHERR_CACHE_ROOT="$work/home/cache" "$launcher" >"$work/home/log" 2>&1) &
    pid=$!
    code=000
    while [ "$code" = 000 ]; do
      if ! kill -0 "$pid" 2>/dev/null; then echo "startup.sh: the service stopped:" >&2; cat "$work/home/log" >&2; exit 1; fi
      sleep 0.02
      code=$(status /health)
    done
    answer=$(($(now) - started))
    answer_cpu=$(cpu "$pid")
    first=$code
    while [ "$(status '/api/cached/files?limit=50')" != 200 ]; do sleep 0.02; done
    list=$(($(now) - started))
    while [ "$code" != 200 ]; do
      if ! kill -0 "$pid" 2>/dev/null; then echo "startup.sh: the service stopped:" >&2; cat "$work/home/log" >&2; exit 1; fi
      sleep 0.05
      code=$(status /health)
    done
    healthy=$(($(now) - started))
    sleep "$idle"
    idle_rss=$(rss "$pid")
    line="round $round [$variant]: answer $answer ms ($first; CPU $answer_cpu s), list $list ms, healthy $healthy ms, idle $idle_rss"
    if [ "$load" -gt 0 ]; then
      if [ "$warmup" -gt 0 ]; then drive "$warmup" >/dev/null; fi
      result=$(drive "$load")
      loaded_rss=$(rss "$pid")
      sleep 10
      line="$line, loaded $loaded_rss, after $(rss "$pid"); $result"
    fi
    echo "$line"
    sed -n 's/.*\(started in [0-9]* ms\).*/  service log: \1/p; s/.*\(Checked .* in [0-9]* ms\).*/  service log: \1/p' \
      "$work/home/log" | sed "s#$work/home/##"
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    pid=
  done
  round=$((round + 1))
done
