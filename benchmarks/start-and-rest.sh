#!/bin/bash
# The server at rest, as a user starts it: ten HTTP services on a local `python3 -m http.server`, default
# intervals. Prints the start (launch to /health 200), VmRSS 20 s later, and, with REST_SECONDS set, the CPU
# over that many seconds from REST_AFTER seconds after the start (60 unless set), with the threads that used most,
# and VmRSS at its end.
#
#   bash benchmarks/start-and-rest.sh JAR LABEL [JVM options...]
#   bash benchmarks/start-and-rest.sh monitoring-server/target/monitoring-server.jar readme \
#       -XX:SharedArchiveFile=monitoring-server/target/monitoring-server.jsa -XX:+UseSerialGC -Xms16m
set -euo pipefail
jar=$(realpath "$1"); label=$2; shift 2
options=()
for option in "$@"; do   # archive paths relative to where the script was called
  case $option in -XX:SharedArchiveFile=*) option="-XX:SharedArchiveFile=$(realpath "${option#*=}")";; esac
  options+=("$option")
done
work=$(mktemp -d); trap 'kill $target $server 2>/dev/null; rm -rf "$work"' EXIT
cd "$work"
target_port=18777; port=3998
python3 -m http.server $target_port --bind 127.0.0.1 >/dev/null 2>&1 & target=$!
until curl -sf -o /dev/null http://127.0.0.1:$target_port/; do sleep 0.05; done
echo "services:" > monitoring.yml
for i in $(seq 1 10); do
  printf '  svc%d:\n    url: http://127.0.0.1:%d/\n    healthEndpoint: /\n' "$i" $target_port >> monitoring.yml
done
start=$(date +%s%N)
PORT=$port java "${options[@]}" -jar "$jar" > console.log 2>&1 & server=$!
until curl -sf -o /dev/null http://127.0.0.1:$port/health; do sleep 0.02; done
ready=$(date +%s%N)
sleep 20
rss=$(ps -o rss= -p $server)
line="$label: start $(( (ready - start) / 1000000 )) ms, RSS after 20 s $(( rss / 1024 )) MiB"
if [ -n "${REST_SECONDS:-}" ]; then
  sleep $(( ${REST_AFTER:-60} - 20 ))
  # Each thread's CPU in ms, as the JVM counts it (jcmd reaches the JVM without its performance counters).
  threads() { jcmd $server Thread.print 2>/dev/null | sed -nE 's/^"([^"]+)".* cpu=([0-9.]+)ms.*/\1|\2/p' | sort; }
  threads > threads.0
  before=$(sed 's/.*) //' /proc/$server/stat | awk '{print $12 + $13}')
  sleep "$REST_SECONDS"
  after=$(sed 's/.*) //' /proc/$server/stat | awk '{print $12 + $13}')
  threads > threads.1
  ticks=$(getconf CLK_TCK)
  line="$line, CPU at rest $(echo "scale=2; 100 * ($after - $before) / $ticks / $REST_SECONDS" | bc) % of a core over ${REST_SECONDS} s, RSS then $(( $(ps -o rss= -p $server) / 1024 )) MiB"
fi
grep -h "\[warning\]" console.log || true
if [ -n "${REST_SECONDS:-}" ]; then
  join -t'|' threads.0 threads.1 | awk -F'|' '$3 - $2 >= 1 {printf "  %5.0f ms  %s\n", $3 - $2, $1}' | sort -rn | head -8
fi
echo "$line"
