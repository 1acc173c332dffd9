#!/usr/bin/env sh
# The long crash run of docs/RELIABILITY.md: SIGKILL the packaged service at random moments, N rounds (default 100).
#   bench/crash.sh [rounds] [seed]
set -eu
cd "$(dirname "$0")/.."
mvn -B -o verify -pl bootstrap -am -Dtest=None -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=CrashRecoveryIT \
  -Dcacherr.crash.rounds="${1:-100}" ${2:+-Dcacherr.crash.seed=$2}
