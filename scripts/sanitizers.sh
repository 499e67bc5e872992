#!/usr/bin/env bash
# The test suite under ThreadSanitizer and AddressSanitizer, each in its own build directory.
#   scripts/sanitizers.sh thread [TEST FILTER]    # default filter: the parallel experiments
#   scripts/sanitizers.sh address [TEST FILTER]   # default: the whole suite
# Optimised (-c release) with testable imports, as ./test.sh, so that the validation tests finish.
# TSan's default filter covers the paths that run simulations concurrently (compare, sweep, plan,
# check: DispatchQueue.concurrentPerform over replications and cells).
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:?usage: scripts/sanitizers.sh thread|address [FILTER]}
case "$kind" in
  thread) filter=${2:-"CompareTests|SweepTests|PlanTests|CheckTests|CapacityPlanner"} ;;
  address) filter=${2:-} ;;
  *) echo "usage: scripts/sanitizers.sh thread|address [FILTER]" >&2; exit 2 ;;
esac
scripts/ensure-deps.sh
flags=(-c release --scratch-path ".build-$kind" --sanitize="$kind" -Xswiftc -enable-testing)
swift build --build-tests "${flags[@]}"
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1"
export ASAN_OPTIONS="detect_leaks=0 halt_on_error=1"
if [ -n "$filter" ]; then
  swift test --skip-build "${flags[@]}" --filter "$filter"
else
  swift test --skip-build "${flags[@]}"
fi
