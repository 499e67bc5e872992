#!/usr/bin/env bash
# Installs what the tests need and runs the whole test suite: ./test.sh
set -euo pipefail
cd "$(dirname "$0")"
scripts/ensure-deps.sh
swift build --build-tests
swift test --skip-build --parallel
