#!/usr/bin/env bash
# Builds and runs the benchmark: start-up, latency, tool round trip, pool throughput and RSS next to
# bare R, and warm calls, a new chat's first call, data frames in and out, and snapshots next to
# Rserve (the classic Java-to-R bridge), all in one run. The Rserve peer is a private daemon on a
# free loopback port, started and stopped by the benchmark; the run fails at once if the R package
# Rserve is missing. Pass --soak for the 10 000-execution leak check, --only=a,b for some parts,
# --quick for a smoke run. MVN_FLAGS is passed to Maven (e.g. MVN_FLAGS=-o to build offline).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-prereqs.sh --with-rserve
mvn -B -q ${MVN_FLAGS:-} -DskipTests -pl securer-bench -am package
exec java -jar securer-bench/target/securer-bench.jar "$@"
