#!/usr/bin/env bash
# The project's test command: what the README tells a new user to run, and
# what CI runs. It checks formatting and vet, then runs every test with the
# race detector.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then
  echo "gofmt would change:"; echo "$unformatted"; exit 1
fi

echo "== go vet"
go vet ./...

echo "== go test -race"
# The race detector slows the build and starter packages, which build whole
# sites many times, to several minutes each on a 2-core machine: past the
# default 10-minute limit when the machine is busy.
go test -race -count=1 -timeout 30m ./...
