#!/usr/bin/env bash
# Runs every Fuzz target of the module for FUZZTIME each (default 10s), one
# after another, after the tests (.ci/run calls it).
#
# A target that finds a failing input stops; `go test` keeps that input in
# the package's testdata/fuzz/FuzzNAME/ folder, where plain `go test` runs it
# from then on as a regression case. This script prints the input and its
# path so that it can be committed with the fix, and exits 1 after running
# the rest.
#
# Usage: scripts/fuzz.sh [PACKAGE PATTERN...]   (default ./...)
#   FUZZTIME=30s scripts/fuzz.sh ./internal/fmatter
set -euo pipefail
cd "$(dirname "$0")/.."

fuzztime=${FUZZTIME:-10s}
pkgs=("${@:-./...}")
failed=()
count=0

for pkg in $(go list "${pkgs[@]}"); do
  dir=$(go list -f '{{.Dir}}' "$pkg")
  targets=$(go test -list '^Fuzz' "$pkg" | grep '^Fuzz' || true)
  for target in $targets; do
    count=$((count + 1))
    echo "== $pkg $target ($fuzztime)"
    before=$(ls "$dir/testdata/fuzz/$target" 2>/dev/null | sort || true)
    if ! go test -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" "$pkg"; then
      failed+=("$pkg $target")
      after=$(ls "$dir/testdata/fuzz/$target" 2>/dev/null | sort || true)
      for f in $(comm -13 <(echo "$before") <(echo "$after")); do
        echo "-- new failing input, kept as a regression case: ${dir#"$PWD/"}/testdata/fuzz/$target/$f"
        cat "$dir/testdata/fuzz/$target/$f"
      done
    fi
  done
done

echo "== fuzzed $count targets for $fuzztime each"
if [ ${#failed[@]} -gt 0 ]; then
  printf 'FAIL: %s\n' "${failed[@]}"
  echo "commit the inputs above with the fix: plain go test runs them from then on"
  exit 1
fi
