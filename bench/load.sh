#!/usr/bin/env sh
# The long load run of docs/RELIABILITY.md: the packaged service over a database of 100,000 files, 16 clients mixing
# reads and writes for 60 s after a 10 s warm-up. Prints the report and leaves it in bootstrap/target/load-report.md.
#   bench/load.sh [files] [clients] [seconds]
set -eu
cd "$(dirname "$0")/.."
mvn -B -o verify -pl bootstrap -am -Dtest=None -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=LoadIT \
  -Dcacherr.load.files="${1:-100000}" -Dcacherr.load.clients="${2:-16}" -Dcacherr.load.seconds="${3:-60}" \
  -Dcacherr.load.warmup=10
cat bootstrap/target/load-report.md
