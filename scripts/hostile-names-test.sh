#!/usr/bin/env bash
# Hostile names through the real CLI: a scenario (or --set name=…) whose name is `..`, an absolute
# path, a path with separators, NUL, over-long or a Unicode look-alike must be refused (exit ≠ 0,
# an error naming `name`) and must create nothing, inside or outside the project folder.
#   scripts/hostile-names-test.sh [--bin PATH]   (default: the test build, .build-test/release/bulkhead)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
bin=$root/.build-test/release/bulkhead
[ "${1:-}" = --bin ] && bin=$2
[ -x "$bin" ] || { echo "hostile-names: no binary at $bin" >&2; exit 2; }
t=$(mktemp -d "${TMPDIR:-/tmp}/bulkhead-hostile.XXXXXX")
trap 'rm -rf "$t"' EXIT
mkdir -p "$t/a/b/c/project"
cd "$t/a/b/c/project"
long=$(printf 'a%.0s' $(seq 1 300))
# 'x\0y' is YAML's escape for NUL (the file holds the two characters \ and 0).
names=('..' '../../../../elsewhere/x' '/tmp/bulkhead-hostile-abs' 'a/b' 'x\0y' "$long" 'аpi' 'API' '.' 'a..b')
fail=0
for n in "${names[@]}"; do
  { printf 'name: "%s"\n' "$n"; grep -v '^name:' "$root/scenarios/minimal.yaml"; } > s.yaml
  for cmd in "run s.yaml" "place s.yaml" "compare s.yaml --policies spread,binpack --replications 2" \
             "run $root/scenarios/minimal.yaml --set name=$n"; do
    rc=0; $bin $cmd > out.txt 2> err.txt || rc=$?
    if [ $rc -eq 0 ] || ! grep -q "name" err.txt; then
      echo "FAIL: '$n' ($cmd): exit $rc, stderr: $(head -c 300 err.txt)"; fail=1
    fi
  done
  rm -f s.yaml out.txt err.txt
done
left=$(find "$t" -mindepth 1 -not -path "$t/a" -not -path "$t/a/b" -not -path "$t/a/b/c" -not -path "$t/a/b/c/project")
if [ -n "$left" ] || [ -e /tmp/bulkhead-hostile-abs ]; then echo "FAIL: files created: $left"; fail=1; fi
[ $fail -eq 0 ] && echo "hostile-names: ${#names[@]} names × 4 commands refused, nothing created"
exit $fail
