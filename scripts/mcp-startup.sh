#!/usr/bin/env bash
# How fast `java -jar securer-mcp/target/securer-mcp.jar` answers a client: over stdio, the time
# from starting the JVM to the answer to `initialize`, and to the answer to `tools/list`, over
# RUNS fresh starts (default 10); p50 and max in milliseconds. Extra arguments go to the jar.
#
#   scripts/mcp-startup.sh              10 runs, default options
#   scripts/mcp-startup.sh 20 --spares 0
#   JAVA_OPTS="-XX:TieredStopAtLevel=1" scripts/mcp-startup.sh   with JVM options (see docs/mcp.md)
#
# Build the jar first (mvn -B -DskipTests -pl securer-mcp -am package). Each run closes the
# server's stdin, which stops it; the script waits for that.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
shift || true
jar=securer-mcp/target/securer-mcp.jar
[[ -f $jar ]] || { echo "no $jar: mvn -B -DskipTests -pl securer-mcp -am package" >&2; exit 1; }

initialize='{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"mcp-startup","version":"1"}}}'
initialized='{"jsonrpc":"2.0","method":"notifications/initialized"}'
list='{"jsonrpc":"2.0","id":2,"method":"tools/list"}'
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

init_ms=()
list_ms=()
for ((i = 0; i < runs; i++)); do
  start=$(date +%s%N)
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
  coproc MCP { exec java ${JAVA_OPTS:-} -jar "$jar" "$@" 2>/dev/null; }
  pid=$MCP_PID
  printf '%s\n' "$initialize" >&"${MCP[1]}"
  IFS= read -r -t 30 reply <&"${MCP[0]}"
  init_ms+=("$(ms "$start")")
  [[ $reply == *'"id":1'*'"serverInfo"'* ]] || { echo "unexpected answer to initialize: $reply" >&2; exit 1; }
  printf '%s\n%s\n' "$initialized" "$list" >&"${MCP[1]}"
  IFS= read -r -t 30 reply <&"${MCP[0]}"
  list_ms+=("$(ms "$start")")
  [[ $reply == *'"id":2'*'"run_r_code"'* ]] || { echo "unexpected answer to tools/list: $reply" >&2; exit 1; }
  exec {MCP[1]}>&-
  wait "$pid"
done

stats() { # p50 (upper median) and max of the arguments
  local sorted
  sorted=$(printf '%s\n' "$@" | sort -n)
  echo "p50 $(sed -n "$(( $# / 2 + 1 ))p" <<<"$sorted") ms, max $(tail -1 <<<"$sorted") ms"
}
echo "securer-mcp over stdio, $runs fresh starts${JAVA_OPTS:+ (JAVA_OPTS: $JAVA_OPTS)} ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)):"
echo "  initialize answered: $(stats "${init_ms[@]}")"
echo "  tools/list answered: $(stats "${list_ms[@]}")"
