#!/bin/bash
# The server jar as users run it, with its embedded defaults (H2 history and incidents, predictors, SLA, the live
# stream), checking N HTTP targets every second (INTERVAL=1000 ms unless set; timeout 900, no retries), beside the
# floor: a bare JDK HttpClient against the same targets, in its own process, in the same run. The targets are
# Debian's nginx (`apt-get install nginx-light`), one worker, a distinct loopback address for each target
# (127.0.1.1, 127.0.1.2, …) on port 8080: up to 2,000 targets a server block listening on each address, beyond
# that one listener on the wildcard address (a listening socket each would pass the machine's 20,000 open files).
# With FLEET=jvm, the project's TargetFleet instead (one JVM on the same cores: slower to warm up).
# Prints, for each, checks per second and CPU seconds per 1,000 checks; for the server also its DOWNs (every target
# is healthy: each is false), the schedule delay's p99, RSS, the time `/metrics` takes to answer (scraped twice a
# second through the measured minute, or every SCRAPE_EVERY seconds, as one more client of the server) and how
# long the server takes to stop on SIGTERM under load.
#
#   bash benchmarks/server-load.sh [TARGETS] [JVM options of the server...]
#   INTERVAL=10000 SCRAPE_EVERY=5 bash benchmarks/server-load.sh 10000 ...
#   bash benchmarks/server-load.sh 1000 -XX:SharedArchiveFile=monitoring-server/target/monitoring-server.jsa \
#       -XX:+UseSerialGC -Xms16m -XX:TieredStopAtLevel=1
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
targets=${1:-1000}; shift || true
options=()
for option in "$@"; do
  case $option in -XX:SharedArchiveFile=*) option="-XX:SharedArchiveFile=$(realpath "${option#*=}")";; esac
  options+=("$option")
done
interval=${INTERVAL:-1000}
work=$(mktemp -d); port=3996
server=; holder=
cleanup() {
  kill "$server" "$holder" 2>/dev/null || true
  [ -f "$work/nginx.pid" ] && nginx -p "$work" -c "$work/nginx.conf" -s stop 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"
addresses=()
if [ "${FLEET:-nginx}" = jvm ]; then
  mkfifo fleet.in
  sleep 100000 > fleet.in & holder=$!
  java -cp "$root/benchmarks/target/benchmarks.jar" io.devmentor.monitoring.benchmarks.TargetFleet "$targets" \
      < fleet.in > fleet.out 2>&1 &
  until grep -q '^ports:' fleet.out; do sleep 0.2; done
  for p in $(sed -n 's/^ports: //p' fleet.out); do addresses+=("127.0.0.1:$p"); done
else
  command -v nginx > /dev/null || { echo "nginx is needed: apt-get install nginx-light (or FLEET=jvm)"; exit 1; }
  mkdir -p logs
  for i in $(seq 0 $((targets - 1))); do
    addresses+=("127.$((i / 62500)).$((1 + i / 250 % 250)).$((1 + i % 250)):8080")
  done
  {
    echo "worker_processes 1; worker_rlimit_nofile $((targets * 2 + 1000)); pid $work/nginx.pid;"
    echo "error_log $work/logs/error.log;"
    echo "events { worker_connections $((targets * 2 + 500)); }"
    echo "http { access_log off; keepalive_requests 1000000; keepalive_timeout 75s;"
    if [ "$targets" -le 2000 ]; then
      for address in "${addresses[@]}"; do
        echo "  server { listen $address; location /health { return 200 '{\"status\":\"ok\"}'; } }"
      done
    else
      echo "  server { listen 8080; location /health { return 200 '{\"status\":\"ok\"}'; } }"
    fi
    echo "}"
  } > nginx.conf
  nginx -p "$work" -c "$work/nginx.conf"
fi
{
  echo "services:"
  i=0
  for address in "${addresses[@]}"; do
    printf '  t%d:\n    url: http://%s/health\n    interval: %d\n    timeout: 900\n    retryAttempts: 0\n' \
        $i "$address" "$interval"
    i=$((i + 1))
  done
} > monitoring.yml
# The targets warmed up first, so that a cold fleet is not taken for the server's false DOWNs.
java -cp "$root/benchmarks/target/benchmarks.jar" io.devmentor.monitoring.benchmarks.BareClientFloor $((interval * 2 / 1000 > 5 ? interval * 2 / 1000 : 5)) 10 "${addresses[@]}" >/dev/null

PORT=$port java "${options[@]}" -jar "$root/monitoring-server/target/monitoring-server.jar" > console.log 2>&1 &
server=$!
sleep 45
checks() { curl -s localhost:$port/metrics | awk '/^health_check_results_total/ {s += $2} END {print s}'; }
downs() { grep -c 'is DOWN' console.log || true; }
c0=$(checks); cpu0=$(awk '{print $14 + $15}' /proc/$server/stat); d0=$(downs); t0=$(date +%s%N)
scrape_every=${SCRAPE_EVERY:-0.5}
for _ in $(seq "$(echo "60 / $scrape_every" | bc)"); do
  curl -s -o /dev/null -w '%{time_total} %{size_download}\n' localhost:$port/metrics >> scrapes
  sleep "$scrape_every"
done
c1=$(checks); cpu1=$(awk '{print $14 + $15}' /proc/$server/stat); d1=$(downs); t1=$(date +%s%N)
seconds=$(echo "scale=3; ($t1 - $t0) / 1000000000" | bc)
ticks=$(getconf CLK_TCK)
p99=$(curl -s localhost:$port/metrics | sed -n 's/^health_check_schedule_delay_seconds{quantile="0.99"} //p')
echo "server: $(echo "scale=1; ($c1 - $c0) / $seconds" | bc) checks/s, $(echo "scale=3; ($cpu1 - $cpu0) / $ticks / (($c1 - $c0) / 1000)" | bc) CPU s per 1,000 checks," \
  "schedule delay p99 $(echo "scale=1; ${p99:-0} * 1000 / 1" | bc) ms, RSS $(( $(ps -o rss= -p $server) / 1024 )) MiB," \
  "DOWNs: $d0 in its first 45 s, $((d1 - d0)) in the measured $seconds s"
start=$(date +%s%N); kill -TERM $server
while kill -0 $server 2>/dev/null; do sleep 0.02; done
sort -n scrapes | awk '{t[NR] = $1 * 1000; size = $2}
  END {printf "/metrics (%d KiB): %d scrapes, p50 %.1f ms, p99 %.1f ms, max %.1f ms\n", size / 1024, NR,
       t[int(NR * 0.5 + 0.5)], t[int(NR * 0.99 + 0.5)], t[NR]}'
echo "server: stopped $(( ($(date +%s%N) - start) / 1000000 )) ms after SIGTERM"
java -Dinterval="$interval" -cp "$root/benchmarks/target/benchmarks.jar" io.devmentor.monitoring.benchmarks.BareClientFloor 60 $((interval * 2 / 1000 > 15 ? interval * 2 / 1000 : 15)) "${addresses[@]}"
