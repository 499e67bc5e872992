#!/usr/bin/env bash
# Builds Bulkhead (release) if needed and runs it: ./bulkhead.sh run scenarios/gilt-japan.yaml
set -euo pipefail
cd "$(dirname "$0")"
scripts/ensure-deps.sh
swift build -c release --product bulkhead >&2
exec .build/release/bulkhead "$@"
