#!/usr/bin/env bash
# The main job: installs what is missing (R, jsonlite, processx, bubblewrap, JDK 17, Maven), builds
# the project and runs the demo agent. Offline by default: a scripted model on a local port drives
# the real LangChain4j AiServices + OpenAiChatModel, and R really runs in the bubblewrap sandbox,
# calling Java tools on the host. Idempotent: run it as often as you like. The transcript and any
# plot the R code draws are saved in demo-output/ (transcript.txt, plot-1.png, ...).
#
#   scripts/demo.sh                                 the agent demo, offline
#   OPENAI_API_KEY=sk-... scripts/demo.sh           the same against OpenAI (OPENAI_MODEL, default gpt-4o-mini)
#   OLLAMA_BASE_URL=http://localhost:11434 scripts/demo.sh OllamaAgentDemo   against Ollama (OLLAMA_MODEL)
#   scripts/demo.sh DataAnalysisDemo                one R program, four host calls ("code mode"), a bar chart
#   scripts/demo.sh McpCodeModeDemo                 code mode over the tools of an MCP server (a real process)
set -euo pipefail
cd "$(dirname "$0")/.."

# Default: the OpenAI demo (offline unless OPENAI_API_KEY is set); with only OLLAMA_BASE_URL
# set, the same agent against Ollama.
demo="${1:-}"
if [[ -z $demo ]]; then
  if [[ -n ${OLLAMA_BASE_URL:-} && -z ${OPENAI_API_KEY:-} ]]; then
    demo=OllamaAgentDemo
  else
    demo=OpenAiAgentDemo
  fi
fi
case "$demo" in
  OpenAiAgentDemo|OllamaAgentDemo|DataAnalysisDemo|McpCodeModeDemo) ;;
  *) echo "usage: scripts/demo.sh [OpenAiAgentDemo|OllamaAgentDemo|DataAnalysisDemo|McpCodeModeDemo]" >&2; exit 2 ;;
esac

scripts/install-prereqs.sh

echo "securer: building with Maven (tests skipped; scripts/test.sh runs them)..." >&2
log="$(mktemp "${TMPDIR:-/tmp}/securer-demo-build.XXXXXX.log")"
trap 'rm -f "$log"' EXIT
# package, not install: the demo runs from this checkout's jars and leaves ~/.m2 alone.
if ! mvn -B -q -DskipTests -pl securer-examples -am package >"$log" 2>&1; then
  cat "$log" >&2
  echo "securer: the build failed (full log above)" >&2
  exit 1
fi

cp="securer-examples/target/classes:$(cat securer-examples/target/classpath.txt)"
echo "securer: running io.securer.examples.$demo" >&2
echo >&2
java -cp "$cp" "io.securer.examples.$demo"
