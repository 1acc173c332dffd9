#!/usr/bin/env sh
# How long a single write waits while the service's background maintenance runs (docs/PERFORMANCE.md, "Background
# maintenance in short transactions"; issue 15: "no write waits more than 100 ms behind them").
#   bench/maintenance.sh <database> [clients=2] [pause-ms=50] [after-seconds=60]
# Builds nothing: run `mvn -DskipTests package` first. <database> is a Cacherr database whose audit log holds entries
# older than the retention (CACHERR_LOG_RETENTION_DAYS, 90 by default) that Cacherr wrote itself — the one
# `adapters-persistence/bench/run.sh -Dbench.db=/tmp/100k.db -Dbench.only=none -Dbench.export=false` leaves has
# 1,000,000 of them, every one older than 90 days (history adopted from the original service counts from its adoption,
# so an adopted original has nothing to prune for 90 days). Steps:
# 1. bin/cacherr (un-niced) on a copy of it in a temporary directory (deleted at the end); the first thing its
#    housekeeping does is the daily pruning, 1,000 entries a transaction, oldest first.
# 2. From the first 200 of /health: <clients> writers (bench/WriteLoad.java) each count an access to a random active
#    file (POST /api/cached/files/{id}/access: one small write transaction), wait for the answer, pause <pause-ms>, and
#    again — while the pruning runs, then <after-seconds> more with nothing in the background (the baseline of the same
#    run). With CACHERR_MAINT_OPTIMIZE=1 they go on until the daily index optimisation, 10 minutes after the start,
#    has run too (its own phase; it has little to merge unless paths changed).
# 3. A markdown table per phase: writes, p50, p99, max, how many took over 100 ms, answers that were not 200; with the
#    load average, and the service's log lines of the pruning. Saved to /tmp/cacherr-maintenance-<UTC time>.md.
# Needs curl and jq.
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
db=$(realpath "$1")
clients=${2:-2}
pause=${3:-50}
after=${4:-60}
port=${CACHERR_MAINT_PORT:-$((20000 + $$ % 30000))}
for tool in curl jq java; do
  command -v "$tool" >/dev/null || { echo "maintenance.sh: needs $tool" >&2; exit 1; }
done
if [ ! -f bootstrap/target/cacherr-bootstrap.jar ]; then
  echo "maintenance.sh: not built yet; run: mvn -DskipTests package" >&2
  exit 1
fi
home=$(mktemp -d /tmp/cacherr-maint.XXXXXX)
out=/tmp/cacherr-maintenance-$(date -u +%Y%m%dT%H%M%SZ).md
base="http://127.0.0.1:$port"
now() { date +%s%3N; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
at() { date -d "$(printf %s "$1" | cut -d' ' -f1)" +%s%3N; } # the epoch ms of a log line's timestamp
pid=
writer=
cleanup() {
  touch "$home/stop"
  if [ -n "$writer" ]; then wait "$writer" 2>/dev/null || true; fi
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$home"
}
trap cleanup EXIT INT TERM
mkdir -p "$home/data" "$home/array" "$home/cache"
cp "$db" "$home/data/cached_files.db"
echo "# bench/maintenance.sh $(basename "$db") $clients $pause $after: $(date -u '+%Y-%m-%dT%H:%M:%SZ'), $(nproc) cores, load $(load), build $(git rev-parse --short HEAD 2>/dev/null || echo '?')" | tee "$out"
launched=$(now)
(cd "$home" && exec env CACHERR_PORT="$port" CACHERR_DB_PATH="$home/data/cached_files.db" \
  CACHERR_ARRAY_ROOTS="$home/array" CACHERR_CACHE_ROOT="$home/cache" "$top/bin/cacherr" >"$home/log" 2>&1) &
pid=$!
until [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 "$base/health" || true)" = 200 ]; do
  if ! kill -0 "$pid" 2>/dev/null; then echo "maintenance.sh: the service stopped:" >&2; tail -20 "$home/log" >&2; exit 1; fi
  sleep 0.1
done
curl -sf "$base/api/cached/files?limit=500&status=active" | jq -r '.data.files[].id' >"$home/ids"
java bench/WriteLoad.java run "$base" "$clients" "$pause" "$home/ids" "$home/stop" "$home/writes" &
writer=$!
writing=$(now)
echo "# first 200 of /health $((writing - launched)) ms after the launch; writers from then on" | tee -a "$out"
until grep -q "Pruned [0-9]* audit-log entries\|Pruning the audit log failed" "$home/log"; do
  if ! kill -0 "$pid" 2>/dev/null; then echo "maintenance.sh: the service stopped:" >&2; tail -20 "$home/log" >&2; exit 1; fi
  if [ $(($(now) - writing)) -gt 1800000 ]; then echo "maintenance.sh: no pruning within 30 minutes" >&2; exit 1; fi
  sleep 1
done
pruned_line=$(grep "Pruned [0-9]* audit-log entries\|Pruning the audit log failed" "$home/log" | head -1)
pruned=$(at "$pruned_line")
echo "# $pruned_line" | tee -a "$out"
if [ "$pruned" -le "$writing" ]; then
  echo "# the pruning ended before the first write: nothing measured behind it (a larger database?)" | tee -a "$out"
fi
end=$((pruned + 1000 + after * 1000))
optimized_line=
if [ "${CACHERR_MAINT_OPTIMIZE:-0}" = 1 ]; then
  echo "# waiting for the index optimisation, 10 minutes after the start" | tee -a "$out"
  until optimized_line=$(grep "Optimized the database's indexes\|Optimizing the database's indexes failed" "$home/log"); do
    if ! kill -0 "$pid" 2>/dev/null; then echo "maintenance.sh: the service stopped:" >&2; tail -20 "$home/log" >&2; exit 1; fi
    sleep 1
  done
  optimized_line=$(printf '%s\n' "$optimized_line" | head -1)
  echo "# $optimized_line" | tee -a "$out"
  optimized=$(at "$optimized_line")
  took=$(printf %s "$optimized_line" | sed -n 's/.* in \([0-9]*\) ms.*/\1/p')
  [ "$end" -gt "$((optimized + 5000))" ] || end=$((optimized + 5000))
fi
while [ "$(now)" -lt "$end" ]; do sleep 1; done
touch "$home/stop"
wait "$writer"
writer=
stopped=$(now)
echo "# load average after: $(load)" | tee -a "$out"
echo | tee -a "$out"
quiet_end=$stopped
if [ -n "$optimized_line" ]; then quiet_end=$((optimized - ${took:-0} - 1000)); fi
set -- "while pruning:$writing:$pruned" "after it (nothing in the background):$((pruned + 1000)):$quiet_end"
if [ -n "$optimized_line" ]; then
  set -- "$@" "while optimising:$((optimized - ${took:-0})):$optimized"
fi
java bench/WriteLoad.java summary "$home/writes" "$@" | tee -a "$out"
{
  echo
  echo "# the service's log, its start-up and background work:"
  grep -E "Starting Cacherr|Checked |Checking the database|listening on http://[^ ]*/ |Pruned|Pruning|Optimiz|statistics" "$home/log" \
    | sed 's/^/# /'
} | tee -a "$out"
echo "# saved: $out"
