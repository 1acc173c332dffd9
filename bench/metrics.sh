#!/usr/bin/env sh
# What metrics cost (docs/PERFORMANCE.md, "Metrics"): two packaged services on one database of 100,000 files, one
# with metrics on and one off; the list endpoint driven against each in blocks (on, off, off, on), and /metrics
# scraped repeatedly. Prints the report and leaves it in bootstrap/target/metrics-report.md.
#   bench/metrics.sh [files] [clients] [seconds per block] [rounds]
# A control run (metrics on in both services, to see what the harness alone shows):
#   CACHERR_BENCH_OPTS=-Dcacherr.metrics.control=true bench/metrics.sh
set -eu
cd "$(dirname "$0")/.."
mvn -B -o verify -pl bootstrap -am -Dtest=None -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=MetricsOverheadIT -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dcacherr.metrics.files="${1:-100000}" -Dcacherr.metrics.clients="${2:-4}" \
  -Dcacherr.metrics.seconds="${3:-2}" -Dcacherr.metrics.rounds="${4:-15}" \
  -Dcacherr.metrics.warmup=10 -Dcacherr.metrics.scrapes=200 ${CACHERR_BENCH_OPTS:-}
cat bootstrap/target/metrics-report.md
