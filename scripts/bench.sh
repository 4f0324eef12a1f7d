#!/usr/bin/env bash
# Builds and runs the benchmark: latency, tool round trip, start-up, pool throughput and RSS,
# each next to bare R in the same run. Pass --soak for the 10 000-execution leak check, --rserve
# to add Rserve (the classic Java-to-R bridge) as a peer after the usual figures.
set -euo pipefail
cd "$(dirname "$0")/.."
prereqs=()
for arg in "$@"; do
  [[ $arg == --rserve ]] && prereqs+=(--with-rserve)
done
scripts/install-prereqs.sh "${prereqs[@]}"
mvn -B -q -DskipTests -pl securer-bench -am package
exec java -jar securer-bench/target/securer-bench.jar "$@"
