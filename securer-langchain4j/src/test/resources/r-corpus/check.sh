#!/usr/bin/env bash
# Checks the R conformance corpus against plain R (see README.md beside this file).
# For every NNN-*.R: 1-25 lines; run twice with `R --vanilla --slave -f FILE 2>&1`;
# exit status 0 unless the name ends in "-error" (then non-zero); both runs print
# the same bytes; the first run takes less than 2 seconds.
#
# Usage: check.sh [-o OUTDIR]
#   -o OUTDIR  also write OUTDIR/NNN-name.out (merged stdout+stderr of the first run)
#              and OUTDIR/NNN-name.status (the exit status), i.e. the expected results.
# Environment: R_BIN (default R), R_CORPUS_LOCALE (default C.UTF-8).
set -uo pipefail

dir=$(cd "$(dirname "$0")" && pwd)
outdir=""
if [[ ${1:-} == "-o" && -n ${2:-} ]]; then
  outdir=$2
  mkdir -p "$outdir"
elif [[ $# -gt 0 ]]; then
  echo "usage: $0 [-o OUTDIR]" >&2
  exit 2
fi
r_bin=${R_BIN:-R}
locale=${R_CORPUS_LOCALE:-C.UTF-8}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

run() { # FILE OUTFILE -> exit status of R
  (cd "$tmp" && LC_ALL=$locale LANG=$locale LANGUAGE= timeout 60 "$r_bin" --vanilla --slave -f "$1" >"$2" 2>&1)
}

total=0 failed=0
for f in "$dir"/[0-9][0-9][0-9]-*.R; do
  name=$(basename "$f" .R)
  total=$((total + 1))
  problems=()
  lines=$(wc -l <"$f")
  ((lines >= 1 && lines <= 25)) || problems+=("has $lines lines, want 1-25")
  start=$EPOCHREALTIME
  run "$f" "$tmp/a.out"; status=$?
  end=$EPOCHREALTIME
  run "$f" "$tmp/b.out"; status2=$?
  ms=$(( (${end/./} - ${start/./}) / 1000 ))
  if [[ $name == *-error ]]; then
    ((status != 0)) || problems+=("exit status 0, want non-zero (name ends in -error)")
  else
    ((status == 0)) || problems+=("exit status $status, want 0")
  fi
  ((status == status2)) || problems+=("exit status differs between runs ($status, $status2)")
  cmp -s "$tmp/a.out" "$tmp/b.out" || problems+=("output differs between two runs")
  ((ms < 2000)) || problems+=("took ${ms} ms, want < 2000")
  if [[ -n $outdir ]]; then
    cp "$tmp/a.out" "$outdir/$name.out"
    echo "$status" >"$outdir/$name.status"
  fi
  if ((${#problems[@]})); then
    failed=$((failed + 1))
    printf 'FAIL %s: %s\n' "$name" "$(IFS=';'; echo "${problems[*]}")"
  fi
done

echo "r-corpus: $total snippets, $failed failed (locale $locale, $("$r_bin" --version | head -n 1))"
((total > 0 && failed == 0))
