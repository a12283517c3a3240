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
# Go 1.26's fuzzing coordinator can fail a target with a bare "context
# deadline exceeded" when -fuzztime ends while a worker is busy (a race in
# internal/fuzz, golang/go#75804, fixed in Go 1.27; frequent on a loaded
# machine). Such a run wrote no failing input, so it is run once more; a
# second such run is reported as the toolchain's, not as a failure. Any run
# that writes an input, or fails with anything else, fails.
#
# Usage: scripts/fuzz.sh [PACKAGE PATTERN...]   (default ./...)
#   FUZZTIME=30s scripts/fuzz.sh ./internal/fmatter
set -euo pipefail
cd "$(dirname "$0")/.."

fuzztime=${FUZZTIME:-10s}
pkgs=("${@:-./...}")
failed=()
raced=()
count=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# deadline_race reports whether the go test output in $1 failed only with
# the coordinator's bare deadline error: the line after "--- FAIL: Fuzz…"
# is "context deadline exceeded", and no other test failed.
deadline_race() {
  [ "$(grep -c -- '--- FAIL' "$1")" = 1 ] &&
    grep -A1 -- '--- FAIL: Fuzz' "$1" | tail -n1 | grep -qx '[[:space:]]*context deadline exceeded'
}

for pkg in $(go list "${pkgs[@]}"); do
  dir=$(go list -f '{{.Dir}}' "$pkg")
  targets=$(go test -list '^Fuzz' "$pkg" | grep '^Fuzz' || true)
  for target in $targets; do
    count=$((count + 1))
    echo "== $pkg $target ($fuzztime)"
    before=$(ls "$dir/testdata/fuzz/$target" 2>/dev/null | sort || true)
    for try in 1 2; do
      if go test -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" "$pkg" 2>&1 | tee "$log"; then
        break
      fi
      after=$(ls "$dir/testdata/fuzz/$target" 2>/dev/null | sort || true)
      if [ "$before" = "$after" ] && deadline_race "$log"; then
        if [ $try = 1 ]; then
          echo "-- stopped by the fuzzing coordinator's deadline race (golang/go#75804), no failing input: once more"
          continue
        fi
        echo "-- stopped by the deadline race again, no failing input: not a failure of $target"
        raced+=("$pkg $target")
        break
      fi
      failed+=("$pkg $target")
      for f in $(comm -13 <(echo "$before") <(echo "$after")); do
        echo "-- new failing input, kept as a regression case: ${dir#"$PWD/"}/testdata/fuzz/$target/$f"
        cat "$dir/testdata/fuzz/$target/$f"
      done
      break
    done
  done
done

echo "== fuzzed $count targets for $fuzztime each"
if [ ${#raced[@]} -gt 0 ]; then
  printf 'stopped twice by the deadline race (no failing input): %s\n' "${raced[@]}"
fi
if [ ${#failed[@]} -gt 0 ]; then
  printf 'FAIL: %s\n' "${failed[@]}"
  echo "commit the inputs above with the fix: plain go test runs them from then on"
  exit 1
fi
