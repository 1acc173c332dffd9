#!/usr/bin/env sh
# The long fuzz run of docs/RELIABILITY.md: N generated bad requests (default 30000) against the real service.
#   bench/fuzz.sh [cases] [seed]
set -eu
cd "$(dirname "$0")/.."
mvn -B -o test -pl bootstrap -am -Dtest=ApiFuzzTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dcacherr.fuzz.cases="${1:-30000}" ${2:+-Dcacherr.fuzz.seed=$2}
