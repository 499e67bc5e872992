#!/usr/bin/env bash
# libFuzzer over Bulkhead's input parsers: the scenario loader and validator, the sweep-file
# loader, the guarantee / --require expression parser and --set values (Fuzz/, one target; the
# first byte of an input picks the parser). Built with SwiftPM's --sanitize=fuzzer
# --sanitize=address (the toolchain's libFuzzer and AddressSanitizer; SwiftPM then keeps libFuzzer's
# `main` instead of renaming the target's entry point, which -Xswiftc -sanitize=… does not do).
#   scripts/fuzz.sh [SECONDS] [extra libFuzzer flags…]   (default 60 s; e.g. -runs=1000000)
# Seed corpus: the shipped scenarios and sweep files, the golden-only scenarios, and a few
# documented error cases; crashes are written to Fuzz/crashes/ (each must become a regression test).
set -euo pipefail
cd "$(dirname "$0")/../Fuzz"
seconds=${1:-60}
shift || true
scratch=.build
swift build -c release --scratch-path "$scratch" --product BulkheadFuzz \
  --sanitize=fuzzer --sanitize=address 2>&1 | grep -v "Cannot export local symbol" >&2
bin=$(swift build -c release --scratch-path "$scratch" --show-bin-path)/BulkheadFuzz
corpus=.corpus
rm -rf "$corpus"; mkdir -p "$corpus" crashes
n=0
seed() { n=$((n + 1)); { printf "\\$(printf '%03o' "$1")"; cat; } >"$corpus/seed-$n"; }
# fleet-10k expands to 300,000 containers: seconds per execution under ASan, which libFuzzer's
# 10 s timeout takes for a hang on a busy machine. Its templates are seeded shrunk instead (every
# `count` → 20, racks of 2 machines, 2–4 replicas): the same grammar and a valid scenario (60
# services, 170 containers, 440 machines).
for f in ../scenarios/*.yaml ../Tests/Golden/scenarios/*.yaml; do
  case "$f" in
    *fleet-10k.yaml)
      sed -E 's/count: *[0-9]+/count: 20/; s/machines: *[0-9]+/machines: 2/; s/min: 20, max: 80/min: 2, max: 4/' "$f" | seed 0 ;;
    *) seed 0 <"$f" ;;
  esac
done
for f in ../scenarios/sweeps/*.yaml; do seed 1 <"$f"; done
for g in 'services.web.p99 < 50ms' 'cluster.cpu.mean <= 0.8 && services.*.availability >= 0.999' \
  'tenant.a.p99 <' '((' 'x > 1e309'; do printf '%s' "$g" | seed 2; done
for s in 'services[0].replicas=3' 'loadBalancers[0].traffic.rate=1e15/s' 'name=../../x' \
  'services[9].replicas=1' 'duration=-1h' 'racks[0].machines=2000000000'; do printf '%s' "$s" | seed 3; done
"$bin" "$corpus" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -artifact_prefix=crashes/ \
  -print_final_stats=1 "$@" </dev/null
