#!/usr/bin/env bash
# Builds and runs the benchmark: latency, tool round trip, start-up, pool throughput and RSS,
# each next to bare R in the same run. Pass --soak for the 10 000-execution leak check.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-prereqs.sh
mvn -B -q -DskipTests -pl securer-bench -am package
exec java -jar securer-bench/target/securer-bench.jar "$@"
