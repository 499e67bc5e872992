#!/usr/bin/env bash
# Golden outputs: every shipped scenario (and two golden-only scenarios that reach every fault and
# hog kind) run at a fixed seed through the real CLI, their output files compared byte for byte
# with the committed copies in Tests/Golden/outputs/.
#
#   scripts/golden.sh check  [--bin PATH]   # exit 1 and a diff when an output changed
#   scripts/golden.sh update [--bin PATH]   # regenerate deliberately (say why in the commit message)
#
# What is compared: every file a command writes (summary.json, the CSVs, compare/plan/sweep
# documents, report.html, JUnit) and what it prints on stdout. What is not: run-info.json (wall
# clock, git commit), the lines of stdout that give wall-clock seconds ("… s wall"), and JUnit's `time` attributes — the only
# wall-clock facts in the outputs. The binary defaults to the test build (./test.sh builds it).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
mode=${1:-check}
shift || true
bin=$root/.build-test/release/bulkhead
while [ $# -gt 0 ]; do
  case "$1" in
    --bin) bin=$2; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
case "$mode" in check|update) ;; *) echo "usage: scripts/golden.sh check|update [--bin PATH]" >&2; exit 2 ;; esac
[ -x "$bin" ] || { echo "golden: no binary at $bin (run ./test.sh or pass --bin)" >&2; exit 2; }

golden=$root/Tests/Golden/outputs
work=$(mktemp -d "${TMPDIR:-/tmp}/bulkhead-golden.XXXXXX")
trap 'rm -rf "$work"' EXIT
out=$work/outputs
mkdir -p "$out"

# run CASE ARGS…: runs `bulkhead ARGS…` with --out $out/CASE appended where the command takes it,
# keeping stdout (with the output folder written as OUT) in $out/CASE/stdout.txt.
run() {
  local name=$1; shift
  local dir=$out/$name
  mkdir -p "$dir"
  local rc=0
  "$bin" "$@" >"$dir/stdout.raw" 2>"$dir/stderr.txt" || rc=$?
  # A non-zero exit (`check` with a failed guarantee) is an outcome worth pinning too.
  [ "$rc" = 0 ] || echo "exit $rc" >>"$dir/stdout.raw"
  sed -e "s#$out/#OUT/#g" -e '/ s wall/d' "$dir/stdout.raw" >"$dir/stdout.txt"
  rm "$dir/stdout.raw"
  [ -s "$dir/stderr.txt" ] || rm "$dir/stderr.txt"
}

# job CMD…: runs CMD in the background, at most two at once (the machine's cores; every case is
# deterministic and writes only its own folder). `wait` below collects them.
job() {
  while [ "$(jobs -rp | wc -l)" -ge 2 ]; do wait -n; done
  "$@" &
}

g=Tests/Golden/scenarios
short=(--set duration=40m --set warmup=5m --set 'faults[0].at=00:20' --set 'faults[0].duration=10m')
started=$(date +%s)

# Shipped scenarios, run whole where they take seconds; gilt-japan's first hour (its day is ~2 min).
job run minimal run scenarios/minimal.yaml --quiet --report --out "$out/minimal"
job run gilt-japan-1h run scenarios/gilt-japan.yaml --set duration=1h --quiet --report --out "$out/gilt-japan-1h"
job run gilt-japan-hardened-1h run scenarios/gilt-japan-hardened.yaml --set duration=1h --quiet --out "$out/gilt-japan-hardened-1h"
job run gilt-japan-place place scenarios/gilt-japan.yaml --policies spread,binpack,rack-spread,shuffle-shard,random --out "$out/gilt-japan-place"
job run gilt-japan-place-json place scenarios/gilt-japan.yaml --policy best-fit-decreasing --json --out "$out/gilt-japan-place-json"
job run rack-outage run scenarios/rack-outage.yaml --quiet --report --out "$out/rack-outage"
job run rack-outage-binpack run scenarios/rack-outage.yaml --policy binpack --quiet --out "$out/rack-outage-binpack"
job run canary run scenarios/canary.yaml --quiet --report --out "$out/canary"
job run noisy-neighbor run scenarios/noisy-neighbor.yaml --quiet --report --out "$out/noisy-neighbor"
job run batch-at-noon run scenarios/batch-at-noon.yaml --quiet --out "$out/batch-at-noon"
job run workflows run scenarios/workflows.yaml --quiet --report --out "$out/workflows"
job run autoscaling run scenarios/autoscaling.yaml --quiet --report --out "$out/autoscaling"
# The NASA trace replay: the hour of 1 August 1995 in which the server's outage began (14:20–15:20).
job run nasa-http-outage run scenarios/nasa-http.yaml --set duration=1h --set warmup=5m \
  --set loadBalancers[0].traffic.trace.start=14h20m --quiet --out "$out/nasa-http-outage"
# The flow engine on a whole shipped day (seconds; its request-level day is minutes) and on the
# rack outage (faults, detection, failover as discrete events between steps).
job run gilt-japan-flow run scenarios/gilt-japan.yaml --fidelity flow --quiet --out "$out/gilt-japan-flow"
job run rack-outage-flow run scenarios/rack-outage.yaml --fidelity flow --quiet --out "$out/rack-outage-flow"
# deploy-at-noon's deploy moved to 00:20 of a 40-minute run (its day to noon takes the time of a
# whole golden run); the blue-green variant pins the second set's placement, switch and drain.
job run deploy-at-noon run scenarios/deploy-at-noon.yaml --set duration=40m --set 'releases[0].at=00:20' --quiet --out "$out/deploy-at-noon"
job run deploy-at-noon-blue-green run scenarios/deploy-at-noon.yaml --set duration=40m --set 'releases[0].at=00:20' \
  --set 'releases[0].stages=[ { blue-green: { onNoCapacity: abort } } ]' --quiet --out "$out/deploy-at-noon-blue-green"
job run one-per-host run scenarios/one-per-host.yaml --quiet --out "$out/one-per-host"
job run one-per-host-dense run scenarios/one-per-host.yaml --set 'racks=[ { name: a, type: big, machines: 1 }, { name: b, type: big, machines: 1 } ]' \
  --quiet --out "$out/one-per-host-dense"

# Golden-only scenarios: every fault kind under dynamic infrastructure; every hog kind under each
# isolation setting.
job run every-fault run $g/every-fault.yaml --quiet --report --out "$out/every-fault"
job run every-fault-static run $g/every-fault.yaml --set infrastructure=static --quiet --out "$out/every-fault-static"
for cpu in shares none quota pinned; do
  job run every-hog-$cpu run $g/every-hog.yaml --set isolation.cpu=$cpu --quiet --out "$out/every-hog-$cpu"
done
job run every-hog-memory-none run $g/every-hog.yaml --set isolation.memory=none --quiet --out "$out/every-hog-memory-none"

# Experiments: compare (with its report), check (JUnit, a failing guarantee too), sweep + merge, plan.
job run compare compare scenarios/rack-outage.yaml "${short[@]}" --policies binpack,rack-spread,random \
  --replications 3 --quiet --report --out "$out/compare"
job run check-canary check scenarios/canary.yaml --junit "$out/check-canary/junit.xml"
job run check-rack-outage-binpack check scenarios/rack-outage.yaml --set placement.policy=binpack \
  --replications 2 --junit "$out/check-rack-outage-binpack/junit.xml"
sweep_and_merge() {
  run sweep sweep scenarios/sweeps/small.yaml --quiet --jobs 2 --out "$out/sweep"
  run sweep-merge merge "$out/sweep" --out "$out/sweep-merge/sweep.csv"
}
job sweep_and_merge
# The sweep guard: refused (exit 2) with its estimate; no folder may appear under OUT/sweep-refused.
# (--jobs 2: the estimate line counts the cells simulated at once.)
job run sweep-refused sweep $g/sweep-too-big.yaml --quiet --jobs 2 --out "$out/sweep-refused/folder"
job run plan plan scenarios/rack-outage.yaml "${short[@]}" --vary 'racks[0].machines,racks[1].machines' \
  --policies binpack,rack-spread --require 'services.*.sloBadMinutes <= 5' --max-total 8 --out "$out/plan"

wait
# Wall-clock facts out.
find "$out" -name run-info.json -delete
find "$out" -name 'junit*.xml' -exec sed -i -E 's/ time="[0-9.]+"/ time="…"/g' {} +
echo "golden: $(find "$out" -type f | wc -l) files from $(ls "$out" | wc -l) cases in $(( $(date +%s) - started )) s" >&2

if [ "$mode" = update ]; then
  rm -rf "$golden"
  mkdir -p "$(dirname "$golden")"
  cp -r "$out" "$golden"
  echo "golden: Tests/Golden/outputs regenerated; explain every changed file in the commit message" >&2
  exit 0
fi
if diff -r "$golden" "$out" >"$work/diff.txt"; then
  echo "golden: every output identical" >&2
else
  echo "golden: outputs differ from Tests/Golden/outputs (first 80 lines of the diff below)." >&2
  echo "If the change is intended, run scripts/golden.sh update and say why in the commit message." >&2
  head -80 "$work/diff.txt" >&2
  exit 1
fi
