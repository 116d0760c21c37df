#!/bin/bash
# Three server processes from the jar, as users run them, sharing one PostgreSQL (incidents, events, the shared store)
# and one Redis (membership, shared states, the event transport), checking SERVICES HTTP targets every INTERVAL ms for
# MINUTES minutes, while one instance after the other is killed with SIGKILL and started again every KILL_EVERY
# seconds. Every minute OUTAGES targets fail for half a minute. The targets are Debian's nginx (one worker, one
# listener on the wildcard address, a distinct loopback address per target); its access log records each check with
# the User-Agent naming the instance that made it.
#
# Needs nginx (`apt-get install nginx-light`), PostgreSQL on 127.0.0.1:5432 (user postgres) and Redis on
# 127.0.0.1:6379, as `.ci/run` starts them, and the jar (`mvn -B -DskipTests package`). Prints, at the end:
#   - checks per interval (of the SERVICES expected), duplicates (two instances checking a target within half an
#     interval) and misses (a target unchecked for 1.9 intervals), over all, and around the kills;
#   - each outage's service.down and service.up events in the shared history (one each expected), the services
#     announced anew (an event from the unknown status) after the first start, and false outages (a service.down of
#     a target no outage covered);
#   - each instance's CPU (% of a core, over its lives) and RSS (the largest sample).
#
#   bash benchmarks/cluster-soak.sh                       # 10,000 services every 10 s, 30 minutes
#   SERVICES=1000 INTERVAL=2000 MINUTES=6 KILL_EVERY=120 bash benchmarks/cluster-soak.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
services=${SERVICES:-10000}
interval=${INTERVAL:-10000}
minutes=${MINUTES:-30}
kill_every=${KILL_EVERY:-300}
outages=${OUTAGES:-20}
jar=$root/monitoring-server/target/monitoring-server.jar
# The README's JVM options, as users run the server; SOAK_JVM replaces them.
jvm=(${SOAK_JVM:--XX:SharedArchiveFile=${jar%.jar}.jsa -XX:+UseSerialGC -Xms16m -XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=0.1 -XX:-UsePerfData})
command -v nginx > /dev/null || { echo "nginx is needed: apt-get install nginx-light"; exit 1; }
[ -f "$jar" ] || { echo "build the jar first: mvn -B -DskipTests package"; exit 1; }
psql -h 127.0.0.1 -U postgres -d postgres -qc 'select 1' > /dev/null || { echo "PostgreSQL is needed on 127.0.0.1:5432"; exit 1; }
redis-cli -h 127.0.0.1 ping > /dev/null || { echo "Redis is needed on 127.0.0.1:6379"; exit 1; }

work=$(mktemp -d)
database=devmentor_soak_$$
prefix=devmentor:soak:$$
declare -A pids ports
cleanup() {
  for id in "${!pids[@]}"; do kill -9 "${pids[$id]}" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && nginx -p "$work" -c "$work/nginx.conf" -s stop 2>/dev/null || true
  [ -n "${KEEP:-}" ] || psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $database WITH (FORCE)" > /dev/null 2>&1 || true
  redis-cli -h 127.0.0.1 --scan --pattern "$prefix*" | xargs -r redis-cli -h 127.0.0.1 del > /dev/null 2>&1 || true
  if [ -n "${KEEP:-}" ]; then echo "kept: $work (database $database)"; else rm -rf "$work"; fi
}
trap cleanup EXIT
cd "$work"
mkdir -p logs down
chmod 755 "$work" down # the nginx worker (nobody) looks for the outage files
psql -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE $database" > /dev/null

{
  echo "worker_processes 1; worker_rlimit_nofile 40000; pid $work/nginx.pid; error_log $work/logs/error.log;"
  echo "events { worker_connections 30000; }"
  echo "http { keepalive_requests 1000000; keepalive_timeout 75s;"
  echo "  log_format soak '\$msec \$uri \"\$http_user_agent\"';"
  echo "  access_log $work/logs/checks.log soak buffer=256k flush=1s;"
  echo "  server { listen 8080;"
  echo "    location ~ ^/t/(?<n>[0-9]+)/health\$ { if (-f $work/down/\$n) { return 503; } return 200 'ok'; } } }"
} > nginx.conf
nginx -p "$work" -c "$work/nginx.conf"
{
  echo "services:"
  for i in $(seq 0 $((services - 1))); do
    printf '  t-%d:\n    url: http://127.%d.%d.%d:8080/t/%d/health\n    interval: %d\n    timeout: 2000\n    retryAttempts: 0\n' \
        "$i" $((i / 62500)) $((1 + i / 250 % 250)) $((1 + i % 250)) "$i" "$interval"
  done
  echo "notifications: {delay: 0}"
} > monitoring.yml

start() { # id
  local id=$1 port=$((4100 + $(printf '%d' "'$1")))
  mkdir -p "$work/$id"
  (cd "$work/$id" && exec env PORT=$port MONITORING_CONFIG="$work/monitoring.yml" MONITORING_API_TOKEN=soak \
      MONITORING_INSTANCE_ID=$id DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$database" \
      REDIS_URL=redis://127.0.0.1:6379 REDIS_EVENTS_STREAM="$prefix:events" REDIS_CLUSTER_KEY="$prefix" \
      REDIS_MEMBER_TTL=3000 METRICS_COLLECTION_INTERVAL=30000 \
      java "${jvm[@]}" -jar "$jar" >> "$work/$id/console.log" 2>&1) &
  pids[$id]=$!; ports[$id]=$port
  echo "$(date +%s) start $id ${pids[$id]}" >> "$work/churn.log"
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
declare -A cpu_total rss_max lived_since lived
sample() { # the CPU a life has used so far, and RSS
  local id
  for id in a b c; do
    local pid=${pids[$id]:-}
    [ -n "$pid" ] && [ -d "/proc/$pid" ] || continue
    local ticks rss
    ticks=$(cpu_ticks "$pid"); rss=$(( $(ps -o rss= -p "$pid" 2>/dev/null || echo 0) / 1024 ))
    cpu_now[$id]=$ticks
    if [ "$rss" -gt "${rss_max[$id]:-0}" ]; then rss_max[$id]=$rss; fi
  done
  return 0
}
declare -A cpu_now
end_life() { # id: adds the life's CPU before it ends
  sample
  cpu_total[$1]=$(( ${cpu_total[$1]:-0} + ${cpu_now[$1]:-0} ))
  lived[$1]=$(( ${lived[$1]:-0} + $(date +%s) - ${lived_since[$1]} ))
  cpu_now[$1]=0
}

for id in a b c; do start $id; lived_since[$id]=$(date +%s); done
for id in a b c; do
  until curl -sf -o /dev/null "localhost:${ports[$id]}/health"; do sleep 0.5; done
done
began=$(date +%s)
echo "three instances up; soaking for $minutes minutes ($services services every $interval ms)"
deadline=$((began + minutes * 60)); next_kill=$((began + kill_every)); next_outage=$((began + 60)); victim=0
while [ "$(date +%s)" -lt "$deadline" ]; do
  now=$(date +%s)
  sample
  if [ "$now" -ge "$next_outage" ]; then
    picked=$(shuf -i 0-$((services - 1)) -n "$outages" | tr '\n' ' ')
    for n in $picked; do touch "down/$n"; done
    echo "$now outage-start $picked" >> "$work/churn.log"
    (sleep 30; for n in $picked; do rm -f "$work/down/$n"; done; echo "$(date +%s) outage-end $picked" >> "$work/churn.log") &
    next_outage=$((now + 60))
  fi
  if [ "$now" -ge "$next_kill" ] && [ "$now" -lt $((deadline - 60)) ]; then
    victim_id=$(echo a b c | cut -d' ' -f$((victim % 3 + 1))); victim=$((victim + 1))
    end_life "$victim_id"
    kill -9 "${pids[$victim_id]}"; wait "${pids[$victim_id]}" 2>/dev/null || true
    echo "$(date +%s) kill $victim_id" >> "$work/churn.log"
    sleep 10
    start "$victim_id"; lived_since[$victim_id]=$(date +%s)
    next_kill=$((now + kill_every))
  fi
  sleep 5
done
sleep 35 # the last outage over, its recovery seen
for id in a b c; do end_life "$id"; done
for id in a b c; do kill -TERM "${pids[$id]}" 2>/dev/null || true; done
for id in a b c; do wait "${pids[$id]}" 2>/dev/null || true; done
nginx -p "$work" -c "$work/nginx.conf" -s stop; sleep 1
psql -h 127.0.0.1 -U postgres -d "$database" -Atc "SELECT source, type, extract(epoch from at), coalesce(correlation_id, ''),
    body::json->'data'->>'previousStatus' FROM devmentor_events WHERE type IN ('service.down', 'service.up')" > events.txt
ticks=$(getconf CLK_TCK)
for id in a b c; do
  echo "instance $id: CPU $(echo "scale=1; 100 * ${cpu_total[$id]} / $ticks / ${lived[$id]}" | bc) % of a core over ${lived[$id]} s alive, RSS max ${rss_max[$id]:-0} MiB"
done
python3 - "$work" "$interval" "$services" "$began" "$deadline" <<'EOF'
import collections, re, sys
work, interval, services, began, deadline = sys.argv[1], int(sys.argv[2]) / 1000, int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
checks = collections.defaultdict(list)
agent = re.compile(r'\(instance (\w+)\)')
for line in open(f"{work}/logs/checks.log"):
    at, uri, rest = line.split(' ', 2)
    m = agent.search(rest)
    n = uri.split('/')[2]
    if began + 60 <= float(at) < deadline:
        checks[int(n)].append((float(at), m.group(1) if m else '?'))
kills = [int(l.split()[0]) for l in open(f"{work}/churn.log") if ' kill ' in l]
total = dup = miss = dup_near = miss_near = 0
for n in range(services):
    seen = sorted(checks.get(n, []))
    total += len(seen)
    previous, by = began + 60, ''
    for at, who in seen:
        gap = at - previous
        near = any(k - interval <= at <= k + 30 for k in kills)
        if previous != began + 60 and gap < interval / 2 and who != by:
            dup += 1; dup_near += near
        if gap >= 1.9 * interval:
            miss += 1; miss_near += near
        previous, by = at, who
    if deadline - previous >= 1.9 * interval:
        miss += 1
intervals = (deadline - began - 60) / interval
print(f"checks: {total / intervals:.0f} per interval of {services} expected; {dup} duplicates ({dup_near} within an"
      f" interval before or 30 s after a kill), {miss} misses ({miss_near} near a kill), over {intervals:.0f} intervals")
outages = []
for line in open(f"{work}/churn.log"):
    parts = line.split()
    if parts[1] == 'outage-start':
        outages.append((int(parts[0]), [int(p) for p in parts[2:]]))
events = collections.defaultdict(list)
for line in open(f"{work}/events.txt"):
    source, kind, at, correlation, previous = line.rstrip('\n').split('|')
    events[source].append((float(at), kind, correlation, previous))
ok = wrong = 0
examples = []
for start, targets in outages:
    for n in targets:
        within = [e for e in events[f"t-{n}"] if start - 1 <= e[0] <= start + 30 + 3 * interval]
        downs = sum(1 for e in within if e[1] == 'service.down')
        ups = sum(1 for e in within if e[1] == 'service.up')
        if downs == 1 and ups == 1 and len({e[2] for e in within}) == 1:
            ok += 1
        else:
            wrong += 1
            if len(examples) < 3:
                examples.append(f"t-{n} at {start}: {within}")
anew = sum(1 for source in events for e in events[source] if source.startswith('t-') and e[3] == 'unknown' and e[0] > began + 60)
print(f"outages: {ok + wrong}, announced once (one down, one up, one correlation id): {ok}, otherwise: {wrong}"
      + (f", such as {examples}" if examples else ""))
print(f"services announced anew (from unknown) after the first minute: {anew}")
# A healthy target announced down: no outage of ours covered it (the engine's own lateness must never read so).
windows = collections.defaultdict(list)
for start, targets in outages:
    for n in targets:
        windows[f"t-{n}"].append((start - 1, start + 30 + 3 * interval))
false_downs = [(source, e[0]) for source in events for e in events[source] if e[1] == 'service.down'
               and source.startswith('t-') and not any(a <= e[0] <= b for a, b in windows[source])]
starts = [began - 30] + kills  # the three first starts (checks begin before all three answer), each kill
at_start = sum(1 for _, at in false_downs if any(0 <= at - s <= 60 for s in starts))
print(f"false outages (a healthy target announced down): {len(false_downs)} of {len({s for s, _ in false_downs})}"
      f" services; {at_start} within a minute of a start or a kill, {len(false_downs) - at_start} otherwise")
EOF
