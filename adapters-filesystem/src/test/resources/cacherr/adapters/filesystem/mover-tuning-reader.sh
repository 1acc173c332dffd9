#!/bin/bash
# How Mover Tuning (the Unraid plugin whose mover reads Cacherr's exclusion list) picks the files of one share that
# it moves, re-told in a few lines for Cacherr's tests. Written from a description of its age_mover script (2026),
# not copied from it:
#   1. of the skip list, it keeps the lines that begin with /mnt/<pool>/<share> followed by "/" or the end of the
#      line (a literal prefix, so /mnt/cache/media does not select /mnt/cache/media_x), a trailing CR removed;
#   2. a line whose last component holds "*" is a pattern, and becomes a `find -not -path` filter as it is;
#   3. any other line, stripped of trailing "/" and "*", must name an existing file or folder (else it is ignored);
#      it becomes a `find -not -path` filter (a folder also "<folder>/*", its contents);
#   4. before going into a filter, releases since 2026.09.07 escape "\" and "[" so that find reads them literally
#      ("escaping" below); older releases do not ("plain");
#   5. `find /mnt/<pool>/<share> -type f <filters>` lists the files it would move.
# The real script builds the find command as a string and evals it (escaping its quotes, $ and ` for that); an array
# gives find the same arguments without eval.
#
# Usage: mover-tuning-reader.sh <root> <list> <pool> <share> <escaping|plain>
# <root> stands for the host's /: the /mnt paths of the list are looked up under it. Prints the files it would move,
# as host paths, one per line, sorted.
set -euo pipefail
root=$1 list=$2 pool=$3 share=$4 mode=$5
case "$root" in *[][*?\\]*) echo "the root must not hold glob characters: $root" >&2; exit 2 ;; esac
prefix="/mnt/$pool/$share"

escape() {
    local s=$1
    if [ "$mode" = escaping ]; then
        s=${s//\\/\\\\}
        s=${s//\[/\\[}
    fi
    printf '%s' "$s"
}

filters=()
while IFS= read -r line || [ -n "$line" ]; do
    line=${line%$'\r'}
    case "$line" in
        "$prefix" | "$prefix"/*) ;;
        *) continue ;;
    esac
    last=${line##*/}
    if [[ "$last" == *"*"* ]]; then
        filters+=(-not -path "$root$(escape "$line")")
        continue
    fi
    line=${line%"${line##*[!/*]}"}
    if [[ -d "$root$line" ]]; then
        filters+=(-not -path "$root$(escape "$line")" -not -path "$root$(escape "$line")/*")
    elif [[ -f "$root$line" ]]; then
        filters+=(-not -path "$root$(escape "$line")")
    fi
done <"$list"

find "$root$prefix" -type f ${filters[@]+"${filters[@]}"} -print0 |
    while IFS= read -r -d '' found; do printf '%s\n' "${found#"$root"}"; done | LC_ALL=C sort
