#!/usr/bin/env bash
# Makes the API baseline from the current build: run it on a release's commit, after `mvn -B -DskipTests package`.
# monitoring-api, monitoring-json and monitoring-spi-tck whole; of monitoring-core, its exported package only.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$root/pom.xml" | head -n 1)"
case "$version" in *-SNAPSHOT) echo "the baseline is a release's, and this build is $version" >&2; exit 1 ;; esac
rm -f "$root"/api-baseline/*.jar
for module in monitoring-api monitoring-json monitoring-spi-tck; do
  cp "$root/$module/target/$module-$version.jar" "$root/api-baseline/"
done
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && unzip -W -q "$root/monitoring-core/target/monitoring-core-$version.jar" 'io/devmentor/monitoring/core/*.class' \
  && jar --create --file "$root/api-baseline/monitoring-core-$version.jar" io)
ls -l "$root"/api-baseline/*.jar
