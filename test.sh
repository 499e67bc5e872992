#!/usr/bin/env bash
# Installs what the tests need and runs the whole test suite: ./test.sh
#
# The suite runs optimised (-c release) with testable imports and assertions kept on
# (-assert-config Debug: the index checks of the model's state tables stay active). The
# validation tests simulate millions of requests: optimised, the suite takes ~30 s instead of
# ~20 min in a debug build. Its own build directory (.build-test), so that the flags do not
# force a rebuild of the release binary in .build that ./bulkhead.sh runs.
set -euo pipefail
cd "$(dirname "$0")"
scripts/ensure-deps.sh
flags=(-c release --scratch-path .build-test -Xswiftc -enable-testing -Xswiftc -assert-config -Xswiftc Debug)
swift build --build-tests "${flags[@]}"
swift test --skip-build "${flags[@]}" --parallel "$@"
# Golden outputs: the shipped scenarios through the CLI, byte for byte (only for the whole suite).
if [ $# -eq 0 ]; then scripts/golden.sh check --bin .build-test/release/bulkhead; fi
