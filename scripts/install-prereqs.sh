#!/usr/bin/env bash
# Installs what securer needs on Debian/Ubuntu: R, its packages jsonlite and processx, bubblewrap,
# a JDK 17, Maven, redis-server (securer-redis's integration tests start their own on a free
# loopback port; they never use a system Redis service, which Debian's package may start on 6379),
# and podman with runc and catatonit (the container backend and its tests).
# Also the data-analysis packages the sandboxed R sessions offer models: ggplot2 (plots; the
# integration tests draw with it), dplyr, tidyr and readr. Measured on Debian 12 with
# --no-install-recommends: ggplot2 brings 27 packages (28.7 MB download, 42 MiB installed), the
# other three 23 more (10.9 MB download, 26 MiB installed, ~10 s to unpack). run_r_code's
# description names the ones installed, so leaving some out is safe for everything but the tests.
# Idempotent: installs only what is missing. Uses sudo when not root.
# podman is not configured: the container tests pass --runtime runc on the command line (crun, when
# installed, refuses cgroup v1 hybrid hosts), and catatonit is what podman's --init runs.
# --with-rserve also installs the R package Rserve, for the benchmark's Rserve peer only.
set -euo pipefail

missing=()
with_rserve=false
for arg in "$@"; do
  [[ $arg == --with-rserve ]] && with_rserve=true
done
have_r_pkg() { command -v Rscript >/dev/null 2>&1 && Rscript --vanilla -e "quit(status = if (requireNamespace('$1', quietly = TRUE)) 0 else 1)" >/dev/null 2>&1; }
command -v R >/dev/null 2>&1 || missing+=(r-base-core)
have_r_pkg jsonlite || missing+=(r-cran-jsonlite)
have_r_pkg processx || missing+=(r-cran-processx)
for pkg in ggplot2 dplyr tidyr readr; do
  have_r_pkg "$pkg" || missing+=("r-cran-$pkg")
done
if $with_rserve; then
  have_r_pkg Rserve || missing+=(r-cran-rserve)
fi
command -v bwrap >/dev/null 2>&1 || missing+=(bubblewrap)
command -v podman >/dev/null 2>&1 || missing+=(podman)
command -v runc >/dev/null 2>&1 || [[ -x /usr/sbin/runc ]] || missing+=(runc)
[[ -x /usr/bin/catatonit || -x /usr/libexec/podman/catatonit ]] || missing+=(catatonit)
command -v javac >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)

if ((${#missing[@]} == 0)); then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "securer: missing ${missing[*]} and this is not a Debian/Ubuntu system." >&2
  echo "Install R (with the packages jsonlite, processx, ggplot2, dplyr, tidyr and readr), bubblewrap, a JDK 17," >&2
  echo "Maven and redis-server, then retry." >&2
  exit 1
fi
sudo=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  else
    echo "securer: missing ${missing[*]}; run as root: apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
fi
echo "securer: installing ${missing[*]}"
"${sudo[@]}" apt-get update -q
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
