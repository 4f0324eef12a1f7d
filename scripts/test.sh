#!/usr/bin/env bash
# The whole test suite: unit tests (Surefire) and integration tests against real R and
# bubblewrap (Failsafe). A missing prerequisite fails the run; nothing is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-prereqs.sh
mvn -B verify "$@"
