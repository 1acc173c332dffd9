#!/usr/bin/env sh
# A real Prometheus scrapes the packaged Cacherr once (README.md, "Monitoring"); the same check runs in
# `mvn verify` as PrometheusScrapeIT. Needs Debian's prometheus package and a build (mvn -DskipTests package).
#
# Installing the package must not start its own service: in a container or CI, install it under a policy-rc.d that
# refuses service starts (exit 101), or stop it afterwards (systemctl disable --now prometheus). This script never
# uses that service: it runs its own Prometheus on a loopback port with a temporary configuration and data directory,
# and stops it, and the Cacherr it started, when it ends.
#   bench/prometheus-scrape.sh [cacherr-port] [prometheus-port]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cacherr_port=${1:-15445}
prometheus_port=${2:-19090}
work=$(mktemp -d)
cacherr_pid=""
prometheus_pid=""
cleanup() {
  [ -n "$prometheus_pid" ] && kill "$prometheus_pid" 2>/dev/null && wait "$prometheus_pid" 2>/dev/null || true
  [ -n "$cacherr_pid" ] && kill "$cacherr_pid" 2>/dev/null && wait "$cacherr_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

mkdir -p "$work/array" "$work/cache"
CACHERR_PORT=$cacherr_port CACHERR_DB_PATH="$work/cached_files.db" CACHERR_ARRAY_ROOTS="$work/array" \
  CACHERR_CACHE_ROOT="$work/cache" "$top/bin/cacherr" > "$work/cacherr.log" 2>&1 &
cacherr_pid=$!
i=0
until curl -fs "http://127.0.0.1:$cacherr_port/health" > /dev/null; do
  i=$((i + 1)); [ $i -gt 600 ] && { echo "cacherr did not start:"; cat "$work/cacherr.log"; exit 1; }
  sleep 0.1
done

cat > "$work/prometheus.yml" <<YML
global:
  scrape_interval: 1s
scrape_configs:
  - job_name: cacherr
    static_configs:
      - targets: ['127.0.0.1:$cacherr_port']
YML
promtool check config "$work/prometheus.yml"
curl -fs "http://127.0.0.1:$cacherr_port/metrics" | promtool check metrics && echo "promtool check metrics: clean"
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
  --web.listen-address="127.0.0.1:$prometheus_port" > "$work/prometheus.log" 2>&1 &
prometheus_pid=$!
i=0
while :; do
  answer=$(curl -fs "http://127.0.0.1:$prometheus_port/api/v1/query?query=up%7Bjob%3D%22cacherr%22%7D" || true)
  case "$answer" in *'"value":['*) break ;; esac
  i=$((i + 1)); [ $i -gt 600 ] && { echo "prometheus never scraped cacherr:"; cat "$work/prometheus.log"; exit 1; }
  sleep 0.2
done
echo "up{job=\"cacherr\"}: $answer"
case "$answer" in *'"1"]'*) echo "scraped: up = 1" ;; *) echo "scrape failed"; exit 1 ;; esac
