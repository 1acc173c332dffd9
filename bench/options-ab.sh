#!/usr/bin/env sh
# Query throughput of two launch settings side by side (docs/PERFORMANCE.md, "Start-up and idle memory"): both
# services run at once, each on its own copy of the database, and 8 clients (bench/ListLoad.java) drive the list,
# search and statistics requests of bench/startup.sh at one, then the other, in blocks A B B A A B B A..., so a busy
# machine's load falls on both alike. Builds nothing (run `mvn -DskipTests package` first).
#   bench/options-ab.sh database 'settings A' 'settings B' [blocks per side (6)] [seconds per block (10)]
# Settings are written as in bench/startup.sh's CACHERR_BENCH_VARIANTS: "default" (bin/cacherr as it is), NAME=value
# environment words, @path for another launcher, other words as CACHERR_JAVA_OPTS. Each side is warmed up for
# CACHERR_BENCH_WARMUP (30) s first. Prints each block and the median of each side, with the service's CPU time per
# request (user + system of its process during its blocks): the cost of a request, much less dependent on the
# machine's load than the throughput.
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
db=$1
blocks=${4:-6}
seconds=${5:-10}
warmup=${CACHERR_BENCH_WARMUP:-30}
work=$(mktemp -d "${TMPDIR:-/tmp}/cacherr-ab.XXXXXX")
pids=
cleanup() {
  for p in $pids; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

start() { # side settings port
  home="$work/$1"
  mkdir -p "$home/data" "$home/array" "$home/cache"
  cp "$db" "$home/data/cached_files.db"
  if [ -f "$db-wal" ]; then cp "$db-wal" "$home/data/cached_files.db-wal"; fi
  launcher="$top/bin/cacherr"
  opts=
  envs=
  set -f
  for word in $2; do
    case "$word" in
      default) ;;
      @*) launcher=${word#@} ;;
      [A-Z]*=*) envs="$envs $word" ;;
      *) opts="$opts $word" ;;
    esac
  done
  set +f
  # shellcheck disable=SC2086 # the settings are words on purpose
  (cd "$home" && if [ -n "$opts" ]; then export CACHERR_JAVA_OPTS="${opts# }"; else unset CACHERR_JAVA_OPTS; fi \
    && exec env $envs CACHERR_PORT="$3" CACHERR_ARRAY_ROOTS="$home/array" CACHERR_CACHE_ROOT="$home/cache" \
      "$launcher" >"$home/log" 2>&1) &
  pids="$pids $!"
  eval "pid$1=\$!"
}
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
drive() { # port seconds
  java bench/ListLoad.java "http://127.0.0.1:$1" 8 "$2" '/api/cached/files?limit=50' \
    '/api/cached/files?limit=50&offset=50000' '/api/cached/files?limit=50&search=Movie%201&status=active' \
    '/api/cached/files?limit=50&user_id=user07' '/api/cached/files/search?q=Movie%204711&type=all' \
    '/api/cached/statistics'
}
healthy() {
  until [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 "http://127.0.0.1:$1/health" || true)" = 200 ]; do
    sleep 0.5
  done
}

portA=$((20000 + $$ % 30000))
portB=$((portA + 1))
echo "# $(date -u '+%Y-%m-%dT%H:%M:%SZ') $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), database: $db"
echo "# A: $2"
echo "# B: $3"
start A "$2" "$portA"
start B "$3" "$portB"
healthy "$portA"
healthy "$portB"
drive "$portA" "$warmup" >/dev/null
drive "$portB" "$warmup" >/dev/null
i=1
: >"$work/results"
while [ "$i" -le "$blocks" ]; do
  if [ $((i % 2)) = 1 ]; then order="A B"; else order="B A"; fi
  for side in $order; do
    if [ "$side" = A ]; then port=$portA; pid=$pidA; else port=$portB; pid=$pidB; fi
    before=$(ticks "$pid")
    result=$(drive "$port" "$seconds")
    used=$(($(ticks "$pid") - before))
    # the service's CPU time per request (1 tick = 10 ms): what a request costs, whatever the machine's load
    result="$result, service CPU $(echo "$result" | awk -v t="$used" '{ printf "%.2f", t * 10 / $1 }') ms/request"
    echo "block $i $side: $result"
    echo "$side $result" >>"$work/results"
  done
  i=$((i + 1))
done
for side in A B; do
  # "N requests in T s: R req/s, p50 X ms, p99 Y ms, ...": the median of R, X and Y over the side's blocks
  # (n starts at 0: an unset n would file the first block under the key "" and the sort would never see it)
  awk -v side="$side" 'BEGIN { n = 0 } $1 == side {
      for (f = 1; f <= NF; f++) { if ($f == "req/s,") r[n] = $(f - 1); if ($f == "p50") p[n] = $(f + 1); if ($f == "p99") q[n] = $(f + 1); if ($f == "CPU") c[n] = $(f + 1) }
      n++ }
    function median(a, n,   i, j, t) { for (i = 0; i < n; i++) for (j = i + 1; j < n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
      return n % 2 ? a[int(n / 2)] : (a[n / 2 - 1] + a[n / 2]) / 2 }
    END { printf "%s: median of %d blocks: %s req/s, p50 %s ms, p99 %s ms, service CPU %s ms/request\n", side, n,
      median(r, n), median(p, n), median(q, n), median(c, n) }' \
    "$work/results"
done
echo "# load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
