#!/usr/bin/env bash
# Checks every change must pass before it lands (CI runs it too).
set -euo pipefail
cd "$(dirname "$0")/.."

unformatted="$(gofmt -l .)"
if [[ -n "$unformatted" ]]; then
	echo "gofmt needed on:" >&2
	echo "$unformatted" >&2
	exit 1
fi
go vet ./...
go mod verify >/dev/null
go mod tidy -diff
