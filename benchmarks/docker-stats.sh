#!/usr/bin/env bash
# The Docker adapter's cost with many containers: a private podman API service (its own storage and
# configuration under a temporary directory), N labelled busybox containers, then DockerStatsBenchmark.
# Needs podman, runc and busybox-static (.ci/run installs them) and `mvn -B -DskipTests package` first.
#   bash benchmarks/docker-stats.sh [containers=50] [seconds=120]
set -euo pipefail
cd "$(dirname "$0")/.."
containers=${1:-50}
seconds=${2:-120}
work=$(mktemp -d /tmp/dm-bench-XXXXXX)
export CONTAINERS_CONF=$work/containers.conf CONTAINERS_STORAGE_CONF=$work/storage.conf
printf '[storage]\ndriver = "vfs"\ngraphroot = "%s/storage"\nrunroot = "%s/run"\n' "$work" "$work" > "$CONTAINERS_STORAGE_CONF"
printf '[containers]\ndefault_ulimits = ["nofile=4096:4096", "nproc=4096:4096"]\n[engine]\nruntime = "runc"\ncgroup_manager = "cgroupfs"\nevents_logger = "file"\ntmp_dir = "%s/tmp"\n' "$work" > "$CONTAINERS_CONF"
service=
cleanup() {
  podman rm -f -a -t 0 >/dev/null 2>&1 || true
  [ -n "$service" ] && kill "$service" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/image/bin" "$work/image/tmp"
cp /bin/busybox "$work/image/bin/busybox"
for applet in sh sleep; do ln -s busybox "$work/image/bin/$applet"; done
tar -C "$work/image" -cf "$work/image.tar" .
podman import --change 'CMD ["/bin/sh", "-c", "trap '"'"'exit 0'"'"' TERM; while true; do sleep 1; done"]' \
  "$work/image.tar" localhost/devmentor-busybox:1 >/dev/null
podman system service --time=0 "unix://$work/podman.sock" >"$work/service.log" 2>&1 &
service=$!
for _ in $(seq 100); do [ -S "$work/podman.sock" ] && break; sleep 0.1; done

echo "starting $containers containers"
for i in $(seq "$containers"); do
  podman run -d --name "bench-$i" --label devmentor.monitor=true localhost/devmentor-busybox:1 >/dev/null
done
java -Xmx512m -cp benchmarks/target/benchmarks.jar io.devmentor.monitoring.benchmarks.DockerStatsBenchmark \
  --docker-host "unix://$work/podman.sock" --containers "$containers" --interval-ms 5000 --seconds "$seconds"
