#!/usr/bin/env bash
# Socket.IO fan-out, this server against Node's socket.io server, interleaved, on the same real clients.
# Usage: bash benchmarks/socketio-fanout/run.sh [clients=500] [events/s=20] [seconds=30] [runs=2] [transports=websocket]
# Needs: the build (mvn -B -DskipTests package), node and npm. Prints one line per run, then nothing else.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
clients=${1:-500}; rate=${2:-20}; seconds=${3:-30}; runs=${4:-2}; transports=${5:-websocket}
warmup=5
jar="$root/benchmarks/target/benchmarks.jar"
[ -f "$jar" ] || { echo "build first: mvn -B -DskipTests package" >&2; exit 2; }
[ -d "$here/node_modules/socket.io" ] || (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
ulimit -n 65536 2>/dev/null || true
hz=$(getconf CLK_TCK)

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_mib() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
wait_port() { for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; return 1; }

measure() { # name port command...
  local name=$1 port=$2; shift 2
  "$@" > "/tmp/socketio-fanout-$name.log" 2>&1 &
  local pid=$!
  wait_port "$port" || { echo "$name did not start" >&2; kill "$pid"; exit 1; }
  sleep 2
  (cd "$here" && node clients.mjs "http://127.0.0.1:$port" "$clients" "$warmup" "$seconds" "$transports") > "/tmp/socketio-fanout-clients.json" &
  local cpid=$!
  sleep "$warmup"
  local t0; t0=$(ticks "$pid")
  sleep "$seconds"
  local t1; t1=$(ticks "$pid")
  local rss; rss=$(rss_mib "$pid")
  wait "$cpid"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  local result; result=$(cat /tmp/socketio-fanout-clients.json)
  local expected=$((clients * rate * seconds))
  node -e '
    const [name, result, t0, t1, hz, seconds, rss, expected] = process.argv.slice(1);
    const r = JSON.parse(result);
    const cpu = 100 * (Number(t1) - Number(t0)) / Number(hz) / Number(seconds);
    console.log(`${name.padEnd(14)} clients ${r.connected}  delivered ${(100 * r.delivered / Number(expected)).toFixed(1)} % (${r.duplicates} twice)  server CPU ${cpu.toFixed(1)} % of a core  p50 ${r.p50.toFixed(1)} ms  p99 ${r.p99.toFixed(1)} ms  max ${r.max.toFixed(1)} ms  RSS ${rss} MiB`);
  ' "$name" "$result" "$t0" "$t1" "$hz" "$seconds" "$rss" "$expected"
}

echo "$clients clients ($transports), $rate events/s to all, $seconds s measured after $warmup s, $runs interleaved runs"
for run in $(seq 1 "$runs"); do
  measure "this server" 3411 java -cp "$jar" io.devmentor.monitoring.benchmarks.SocketIoFanoutServer 3411 "$rate"
  measure "node socket.io" 3412 node "$here/node-server.mjs" 3412 "$rate"
done
