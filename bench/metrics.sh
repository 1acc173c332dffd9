#!/usr/bin/env sh
# What metrics cost (docs/PERFORMANCE.md, "Metrics"): two packaged services on copies of one database of 100,000
# files (filled, then started once, so both start on the same checked books), one with metrics on and one off, each
# counted from when its /health answers 200 (its start-up database check passed).
# 1. The list endpoint driven against each in turn, in blocks (on, off, off, on) per round after a warm-up of each:
#    requests per second, the ratio per round, and each service's CPU time per request.
# 2. The same clients asking both services in turn, request by request, so both see the machine in the same moments:
#    mean latency and CPU time per request of each.
# 3. /metrics scraped (300 not counted, 200 counted), each scrape followed by /health: the server's own time per
#    scrape (p50/p99), the part reading the books, the client's latency beside /health's, and the CPU a scrape costs.
# Prints the report and leaves it in bootstrap/target/metrics-report.md.
#   bench/metrics.sh [files] [clients] [seconds per block] [rounds]
# Keep the filled books for the next run (saves the fill and the first start, minutes at 100,000 files):
#   CACHERR_BENCH_OPTS=-Dcacherr.metrics.books=/tmp/cacherr-books.db bench/metrics.sh
# A control run (metrics on in both services, to see what the harness alone shows):
#   CACHERR_BENCH_OPTS=-Dcacherr.metrics.control=true bench/metrics.sh
# A flight recording of each service: CACHERR_JAVA_OPTS="-XX:+UseSerialGC -Xms32m
#   -XX:StartFlightRecording=filename=/tmp/,settings=profile" (written when the services stop at the end).
set -eu
cd "$(dirname "$0")/.."
mvn -B -o verify -pl bootstrap -am -Dtest=None -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=MetricsOverheadIT -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dcacherr.metrics.files="${1:-100000}" -Dcacherr.metrics.clients="${2:-4}" \
  -Dcacherr.metrics.seconds="${3:-2}" -Dcacherr.metrics.rounds="${4:-15}" \
  -Dcacherr.metrics.warmup=10 -Dcacherr.metrics.scrapes=200 -Dcacherr.metrics.scrapeWarmup=300 ${CACHERR_BENCH_OPTS:-}
cat bootstrap/target/metrics-report.md
