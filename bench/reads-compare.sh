#!/usr/bin/env sh
# Lines up tables of bench/reads.sh (e.g. 10,000, 100,000 and 400,000 files, or before and after a change) by case
# name: one markdown row per case with each table's p50 and p99, and the last p99 over the first; then, for tables
# that have it (reads.sh since 2026-12-02), the service's CPU time per answer of each and the last over the first.
#   bench/reads-compare.sh <reads-A.md> <reads-B.md> [more.md...]
set -eu
if [ $# -lt 2 ]; then
  echo "usage: $0 <reads-A.md> <reads-B.md> [more.md...]" >&2
  exit 2
fi
awk -F' \\| ' '
  FNR == 1 { n++; name[n] = FILENAME; sub(/.*\//, "", name[n]) }
  /^\| / && $1 != "| case" && $1 !~ /^\|---/ && NF >= 10 {
    c = substr($1, 3)
    if (!(c in seen)) { seen[c] = 1; order[++cases] = c }
    p50[c, n] = $5; p99[c, n] = $6
    if (NF >= 11) { v = $11; sub(/ *\|.*/, "", v); if (v != "") { cpu[c, n] = v; anycpu = 1 } }
  }
  END {
    printf "| case |"; for (i = 1; i <= n; i++) printf " %s p50 | p99 |", name[i]; printf " p99 last/first |"
    if (anycpu) { for (i = 1; i <= n; i++) printf " %s CPU ms |", name[i]; printf " CPU last/first |" }
    print ""
    printf "|---|"; for (i = 1; i <= n; i++) printf "---:|---:|"; printf "---:|"
    if (anycpu) { for (i = 1; i <= n; i++) printf "---:|"; printf "---:|" }
    print ""
    for (k = 1; k <= cases; k++) {
      c = order[k]; printf "| %s |", c
      for (i = 1; i <= n; i++) printf " %s | %s |", ((c, i) in p50 ? p50[c, i] : "—"), ((c, i) in p99 ? p99[c, i] : "—")
      if (((c, 1) in p99) && ((c, n) in p99) && p99[c, 1] > 0) printf " %.1f |", p99[c, n] / p99[c, 1]
      else printf " — |"
      if (anycpu) {
        for (i = 1; i <= n; i++) printf " %s |", ((c, i) in cpu ? cpu[c, i] : "—")
        if (((c, 1) in cpu) && ((c, n) in cpu) && cpu[c, 1] > 0) printf " %.2f |", cpu[c, n] / cpu[c, 1]
        else printf " — |"
      }
      print ""
    }
  }' "$@"
