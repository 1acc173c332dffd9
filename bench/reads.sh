#!/usr/bin/env sh
# Every read endpoint under 8 clients on an adopted original database (docs/PERFORMANCE.md, "Reads under 8 clients
# on an adopted original database (issue 15)").
#   bench/reads.sh [files=100000] [seconds-per-case=3] [clients=8]
# Builds nothing: run `mvn -DskipTests package` first. Steps:
# 1. The original: $CACHERR_READS_DIR/original-<files>.db, written by bench/original-db.sh (10 audit-log rows per
#    file) when it is not there yet, and kept.
# 2. The adopted copy: $CACHERR_READS_DIR/adopted-<files>/ (the service's home: data/cached_files.db, empty array and
#    cache roots), made when it is not there yet by copying the original and starting bin/cacherr on it: the service
#    adopts it (migrates it in place); the time from the launch to the first 200 of /health is printed and kept in
#    adopted-<files>/adoption.txt, the migration's backup copy deleted (space), and one dry-run batch (test_mode,
#    nothing changes) recorded, so the batch endpoints have something to show. It is measured once the service has
#    written the planner statistics an adopted database lacks (right after its start-up);
#    adopted-<files>/optimized.txt records it. Later runs reuse it (delete the folder
#    to adopt again, e.g. after a new build changes the migration; the service migrates an older adopted copy
#    further by itself).
# 3. bin/cacherr on the adopted copy (un-niced; until /health answers 200); every case's request sent once and its
#    answer read (its total — ">N" when the server stopped counting at N —, rows, size; this also warms every code
#    path up), then CACHERR_READS_PREWARM (5) s of load over all the cases with a goal, in turn, not counted (the
#    service and this client compile their hot code in their first seconds under load; without it the first case
#    paid for that), then each case in turn: CACHERR_READS_WARMUP (0.5) s of load not counted, then <seconds-per-case> s
#    with <clients> clients sending its request again and again (bench/ReadLoad.java). A markdown table: case,
#    request, one answer, req/s, p50, p99, max, answers not 200, goal, met, the service's CPU time per answer (user +
#    system of every thread while the case was measured: the figure to compare builds by on a busy machine); then the
#    cases that missed. Saved to $CACHERR_READS_DIR/reads-<files>-<UTC time>.md with the load
#    average before and after and the service's resident memory.
# Goals (issue 15): p99 <= 25 ms for a first page and every other single answer, <= 100 ms for a deep page (offset in
# the tens of thousands, or 3/4 and the end of a filtered set); no goal for whole exports.
# Search terms are picked from the generator's paths (bench/original-db.sh): each case's name gives the share of all
# paths that contain the term (sqlite3 on the original, case-insensitive like the service), its answer the total the
# service reports (removed files are not listed unless asked for).
# Settings: CACHERR_READS_DIR (/tmp/cacherr-reads), CACHERR_READS_WARMUP (0.5), CACHERR_READS_PREWARM (5),
# CACHERR_READS_ONLY (an extended regular expression: only the cases whose name matches), CACHERR_READS_PORT (a free
# port from 20000),
# CACHERR_READS_WRITES (writes per second beside the readers, e.g. 2 or 20; 0, the default: none), and the service's
# own (CACHERR_JAVA_OPTS…). <seconds-per-case> 0 only prepares (steps 1 and 2) and stops the service.
# A mixed load (CACHERR_READS_WRITES above 0): one writer runs beside the readers through every case at that fixed
# rate — 4 in 5 an access (POST …/files/{id}/access: one access counted and an audit entry), 1 in 5 an attribution
# (PUT …/files/{id}/users/{user} of an active file and a user it lacks, or DELETE of one the writer made) — and first
# alone, after a second of warm-up, for <seconds-per-case> (the service's CPU a write). Each case's row gets the
# writes sent while it was measured and their p50 and p99; its CPU per answer includes the writes' own. The writer's
# attributions are taken back at the end; the access counts it added stay (a later run's sorts by access see other
# counts).
# Needs curl, jq and sqlite3.
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
files=${1:-100000}
seconds=${2:-3}
clients=${3:-8}
dir=${CACHERR_READS_DIR:-/tmp/cacherr-reads}
warmup=${CACHERR_READS_WARMUP:-0.5}
only=${CACHERR_READS_ONLY:-}
port=${CACHERR_READS_PORT:-$((20000 + $$ % 30000))}
for tool in curl jq sqlite3 java; do
  command -v "$tool" >/dev/null || { echo "reads.sh: needs $tool" >&2; exit 1; }
done
if [ ! -f bootstrap/target/cacherr-bootstrap.jar ]; then
  echo "reads.sh: not built yet; run: mvn -DskipTests package" >&2
  exit 1
fi
mkdir -p "$dir"
original="$dir/original-$files.db"
home="$dir/adopted-$files"
base="http://127.0.0.1:$port"
now() { date +%s%3N; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
rss() { awk '/^VmRSS/ { printf "%d MB", $2 / 1024 }' "/proc/$1/status"; }
status() { curl -s -o /dev/null -w '%{http_code}' --max-time 30 "$base$1" || true; }
get() { curl -sf --max-time 120 "$base$1"; }
enc() { printf %s "$1" | jq -sRr @uri; }

if [ ! -f "$original" ]; then
  echo "# $(date -u +%H:%M:%S) writing the original: $original ($files files, $((files * 10)) log rows), load $(load)"
  started=$(now)
  rm -f "$original.part"
  bench/original-db.sh "$original.part" "$files" "$((files * 10))"
  mv "$original.part" "$original"
  echo "# written in $((($(now) - started) / 1000)) s, load $(load)"
fi

pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
}
trap cleanup EXIT INT TERM
start() {
  logged=$(cat "$home/log" 2>/dev/null | wc -l)
  (cd "$home" && exec env CACHERR_PORT="$port" CACHERR_DB_PATH="$home/data/cached_files.db" \
    CACHERR_ARRAY_ROOTS="$home/array" CACHERR_CACHE_ROOT="$home/cache" "$top/bin/cacherr" >>"$home/log" 2>&1) &
  pid=$!
  code=000
  answered=
  while [ "$code" != 200 ]; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "reads.sh: the service stopped:" >&2; tail -20 "$home/log" >&2; exit 1; fi
    sleep 0.2
    code=$(status /health)
    if [ -z "$answered" ] && [ "$code" != 000 ]; then answered=$(now); fi
  done
}

if [ ! -f "$home/adoption.txt" ]; then
  rm -rf "$home"
  mkdir -p "$home/data" "$home/array" "$home/cache"
  cp "$original" "$home/data/cached_files.db"
  echo "# $(date -u +%H:%M:%S) adopting a copy: $home/data/cached_files.db, load $(load)"
  started=$(now)
  start
  took=$(($(now) - started))
  # one dry run over a few thousand files (nothing changes, not even the audit log), for the batch endpoints
  curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' "$base/api/results/operations" \
    -d '{"action":"attach_user","user_id":"user19","test_mode":true,"filters":{"search":"Show 00"}}'
  waited=0
  while [ "$(get '/api/results/operations?limit=1&active_only=true' | jq '.data.operations | length')" != 0 ] \
      && [ $waited -lt 600 ]; do
    sleep 1; waited=$((waited + 1))
  done
  rm -f "$home"/data/cached_files.db.v0-*.bak
  echo "adopted $files files, $((files * 10)) log rows in $((took / 1000)).$((took % 1000 / 100)) s (launch to the first 200 of /health; to its first answer $(((answered - started) / 1000)) s), load after $(load), $(date -u '+%Y-%m-%dT%H:%M:%SZ'), build $(git rev-parse --short HEAD 2>/dev/null || echo '?'); $(du -m "$home/data/cached_files.db" | cut -f1) MB" \
    >"$home/adoption.txt"
  cat "$home/adoption.txt"
else
  if [ bootstrap/target/cacherr-bootstrap.jar -nt "$home/adoption.txt" ]; then
    echo "# note: this build is newer than the adopted copy ($(cat "$home/adoption.txt")); a newer migration only" \
      "runs on it if it adds a schema version: delete $home to adopt anew with this build" >&2
  fi
  start
fi
# An adopted database has no planner statistics: the service writes them right after start-up (one short
# transaction, "Wrote the query planner's statistics" in its log). Measured after they are there.
if [ ! -f "$home/optimized.txt" ]; then
  echo "# $(date -u +%H:%M:%S) waiting for the service's planner statistics"
  until [ "$(sqlite3 -readonly "$home/data/cached_files.db" \
      "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'" 2>/dev/null || echo 0)" = 1 ]; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "reads.sh: the service stopped:" >&2; tail -20 "$home/log" >&2; exit 1; fi
    sleep 1
  done
  { grep "query planner's statistics" "$home/log" || echo "statistics present"; } | tail -1 | tee "$home/optimized.txt"
fi
if [ "$seconds" = 0 ]; then exit 0; fi

# Values from the data -------------------------------------------------------------------------------------------
share() { # the share of all paths that contain $1, case-insensitive (as the service's search)
  sqlite3 "$original" "SELECT printf('%.2f %%', 100.0 * count(*) / (SELECT count(*) FROM cached_files))
    FROM cached_files WHERE file_path LIKE '%' || replace(replace('$1', '%', '\\%'), '_', '\\_') || '%' ESCAPE '\\'"
}
total() { # the exact total of a list or audit-log request: total PATH [QUERY]
  get "$1?exact_total=true&limit=1${2:+&$2}" | jq '.data.pagination.total_count'
}
cases="$dir/cases-$files.tsv"
: >"$cases"
add() { # name goal-ms path [row-key]
  if [ -z "$only" ] || printf %s "$1" | grep -Eq -- "$only"; then
    printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "${4:-}" >>"$cases"
  fi
}
first=25
deep=100
L=/api/cached/files
id=$(get "$L?limit=1&status=active" | jq -r '.data.files[0].id')
removed_id=$(get "$L?limit=1&status=removed" | jq -r '.data.files[0].id')
one_path=$(get "$L?limit=1&offset=$((files / 3))" | jq -r '.data.files[0].file_path')
batch=$(get '/api/results/operations?limit=1' | jq -r '.data.operations[0].id // empty')
batch_files=$(get "/api/results/operations/$batch?limit=1" | jq -r '.data.file_operations_pagination.total_count // 0')

# The issue's four cases (user7 in the issue: the generator's users are user00…user19)
add "issue: search Season + active + user07" $first "$L?limit=50&search=Season&status=active&user_id=user07" filename
add "issue: deep unfiltered, last 600" $deep "$L?limit=500&offset=$((files - 600))" filename
add "list first page, limit 500" $first "$L?limit=500" filename
add "issue: search Show at offset files/2" $deep "$L?search=Show&limit=50&offset=$((files / 2))" filename
add "issue: files/search q=12 type=all" $first "$L/search?q=12&type=all" filename

# The list's first page under each of the 63 combinations of its six filters
f1="search=Season"; f2="status=active"; f3="user_id=user07"; f4="triggered_by_operation=ondeck"
f5="size_min=5000000000&size_max=15000000000"; f6="cached_since=2025-01-01&cached_until=2025-06-30"
names="search status user operation size time"
mask=1
while [ $mask -le 63 ]; do
  query=""; label=""; bit=1; n=1
  for name in $names; do
    if [ $((mask & bit)) -ne 0 ]; then
      eval "query=\"\$query&\$f$n\""
      label="$label+$name"
    fi
    bit=$((bit * 2)); n=$((n + 1))
  done
  add "filters ${label#+}" $first "$L?limit=50$query" filename
  mask=$((mask + 1))
done

# Sorts, first page each way
for key in cached_at filename file_path file_size_bytes status triggered_by_operation access_count last_accessed; do
  add "sort $key desc" $first "$L?limit=50&sort=$key&order=desc" filename
done
for key in cached_at filename; do add "sort $key asc" $first "$L?limit=50&sort=$key&order=asc" filename; done

# Search terms of 1, 2, 3 and many characters matching none, few, many and most paths
for term in q y '(' e zq '7)' Sh mk xyz 042 Sea mkv 'Season 99' 'Show 0042' '/mnt/user/tv/' '/mnt/user/'; do
  len=${#term}; [ "$len" -gt 3 ] && len=many
  add "list search '$term' ($len chars, $(share "$term") of paths)" $first "$L?limit=50&search=$(enc "$term")" filename
  add "files/search all '$term' ($len chars, $(share "$term") of paths)" $first "$L/search?q=$(enc "$term")&type=all" filename
done
for term in y 042 'Show 0042'; do add "files/search filename '$term'" $first "$L/search?q=$(enc "$term")&type=filename" filename; done
for term in 12 mkv '/mnt/user/tv/'; do add "files/search path '$term'" $first "$L/search?q=$(enc "$term")&type=path" filename; done
for term in u 07 user0 user07 nobody; do add "files/search user '$term'" $first "$L/search?q=$term&type=user" filename; done
for term in a on trakt watch nothing; do add "files/search operation '$term'" $first "$L/search?q=$term&type=operation" filename; done
add "files/search all 'Season', removed included" $first "$L/search?q=Season&type=all&include_removed=true" filename
add "files/search all 'Season', limit 500" $first "$L/search?q=Season&type=all&limit=500" filename
add "list search 'Season', exact total" $first "$L?limit=50&search=Season&exact_total=true" filename

# Deep pages: unfiltered at half and at the end, and each filter (and some combinations) at 3/4 and at its end
add "deep unfiltered offset files/2" $deep "$L?limit=50&offset=$((files / 2))" filename
add "deep sort filename asc offset files/2" $deep "$L?limit=50&offset=$((files / 2))&sort=filename&order=asc" filename
add "deep sort size desc offset files/2" $deep "$L?limit=50&offset=$((files / 2))&sort=file_size_bytes&order=desc" filename
add "deep sort last_accessed asc offset files/2" $deep "$L?limit=50&offset=$((files / 2))&sort=last_accessed&order=asc" filename
for filter in "$f1" "$f2" "$f3" "$f4" "$f5" "$f6" "search=12" "search=Season&status=active&user_id=user07" \
    "$f1&$f2&$f4&$f5" "$f1&$f2&$f3&$f4&$f5&$f6"; do
  count=$(total "$L" "$filter")
  add "deep $filter at 3/4" $deep "$L?limit=50&offset=$((count * 3 / 4))&$filter" filename
  add "deep $filter last page" $deep "$L?limit=50&offset=$((count > 50 ? count - 50 : 0))&$filter" filename
done

# One file, statistics, users, activity
add "file by id (active)" $first "$L/$id"
add "file by id (removed)" $first "$L/$removed_id"
add "statistics" $first "/api/cached/statistics"
add "users" $first "/api/cached/users"
for user in user00 user07 user19; do
  add "user stats $user 30 days" $first "/api/cached/users/$user/stats"
done
add "user stats user00 3650 days" $first "/api/cached/users/user00/stats?days=3650"
add "activity 28 days" $first "/api/cached/activity?days=28"
add "activity 366 days" $first "/api/cached/activity?days=366"

# The audit log: first pages under its filters, deep pages
O=/api/cached/operations
log_rows=$(total "$O")
add "audit log first page" $first "$O?limit=50" reason
for filter in operation_type=cache_add operation_type=cache_cleanup user_id=user03 user_id=user19 success=false \
    "file_path=$(enc "$one_path")" "since=2025-01-01&until=2025-01-31" "operation_type=cache_add&user_id=user03" \
    "operation_type=cache_remove&success=false&since=2025-01-01" "user_id=user03&since=2025-01-01&until=2025-06-30"; do
  add "audit log $filter" $first "$O?limit=50&$filter" reason
done
add "audit log deep offset rows/2" $deep "$O?limit=50&offset=$((log_rows / 2))" reason
add "audit log deep last 500" $deep "$O?limit=500&offset=$((log_rows - 500))" reason
for filter in operation_type=cache_access user_id=user03 success=false "since=2025-01-01&until=2025-06-30"; do
  count=$(total "$O" "$filter")
  add "audit log deep $filter at 3/4" $deep "$O?limit=50&offset=$((count * 3 / 4))&$filter" reason
done

# Batches, export, and the rest
add "batches list" $first "/api/results/operations?limit=50" progress
add "batches list user19" $first "/api/results/operations?limit=50&user_id=user19" progress
if [ -n "$batch" ]; then
  add "batch results first page" $first "/api/results/operations/$batch?limit=100" file_path
  add "batch results deep (last 100)" $deep \
    "/api/results/operations/$batch?limit=100&offset=$((batch_files > 100 ? batch_files - 100 : 0))" file_path
  add "batch results, limit 500" $first "/api/results/operations/$batch?limit=500" file_path
fi
add "export csv 'Show 0042'" $first "/api/cached/export?format=csv&search=Show%200042"
add "export json user07 active ondeck" 0 "/api/cached/export?format=json&user_id=user07&status=active&triggered_by_operation=ondeck"
add "export csv every file (whole)" 0 "/api/cached/export?format=csv"
add "mover list" $first "/api/cached/mover-list"
add "health" $first "/health"
add "metrics" $first "/metrics"
add "openapi.json" $first "/api/openapi.json"
add "page" $first "/"

writes=${CACHERR_READS_WRITES:-0}
out="$dir/reads-$files$([ "$writes" = 0 ] || echo "-writes$writes")-$(date -u +%Y%m%dT%H%M%SZ).md"
{
  echo "# bench/reads.sh $files $seconds $clients: $(date -u '+%Y-%m-%dT%H:%M:%SZ'), $(nproc) cores"
  echo "# $(cat "$home/adoption.txt")"
  echo "# $(wc -l <"$cases") cases, ${seconds} s each after ${warmup} s of warm-up (and ${CACHERR_READS_PREWARM:-5} s over all first), $clients clients; load average before: $(load); service RSS $(rss "$pid")"
  echo
} | tee "$out"
measured_from=$(wc -l <"$home/log")
if [ "$writes" != 0 ]; then
  # active files and a user each lacks, in an order fixed by the data (the same pairs on every run of a copy)
  pairs="$dir/write-pairs-$files.tsv"
  sqlite3 -readonly -separator "$(printf '\t')" "$home/data/cached_files.db" "
    SELECT f.id, printf('user%02d', (f.seq * 7919) % 20) AS user FROM cached_files f
    WHERE f.status = 'active' AND NOT EXISTS (SELECT 1 FROM cached_file_users u
      WHERE u.cached_file_id = f.id AND u.user_id = printf('user%02d', (f.seq * 7919) % 20))
    ORDER BY (f.seq * 2654435761) % 1000003 LIMIT 20000" >"$pairs"
  echo "# a writer beside the readers: $writes writes/s (4 in 5 accesses, 1 in 5 attributions), $(wc -l <"$pairs") file/user pairs" | tee -a "$out"
  java bench/ReadLoad.java "$base" "$clients" "$seconds" "$warmup" "$cases" "$out" "$pid" "$(getconf CLK_TCK)" \
    "$writes" "$pairs"
else
  java bench/ReadLoad.java "$base" "$clients" "$seconds" "$warmup" "$cases" "$out" "$pid" "$(getconf CLK_TCK)"
fi
{
  echo
  echo "# load average after: $(load); service RSS $(rss "$pid") (VmHWM $(awk '/^VmHWM/ { printf "%d MB", $2 / 1024 }' "/proc/$pid/status"))"
  # the service's own index optimisation runs 10 minutes after each start: say when it fell within the run
  tail -n +"$((measured_from + 1))" "$home/log" | grep "Optimized the database's indexes" \
    | sed 's/^\([^ ]*\) .*\( in [0-9]* ms\)/# the service optimised its indexes during the run, at \1,\2: cases measured then paid for it/' || true
} | tee -a "$out"
echo "# saved: $out"
