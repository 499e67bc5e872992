#!/usr/bin/env bash
# Executes both notebooks against results of a small scenario, in a virtual environment, and fails
# if a cell fails:  scripts/notebooks-test.sh
#   - a venv in .build/notebooks-venv (python3 -m venv; Debian package python3-venv) with
#     notebooks/requirements.txt;
#   - results with the release binary: a small compare, the sweep scenarios/sweeps/small.yaml
#     (merged), a small plan — all on scenarios/rack-outage.yaml shortened to 40 minutes;
#   - both notebooks run with nbclient (outputs are not written back: they are committed empty).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=$root/results/notebooks-ci
venv=$root/.build/notebooks-venv

if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
  echo "python3 venv support is missing: apt-get install python3-venv" >&2
  exit 2
fi
if [ ! -x "$venv/bin/python" ]; then python3 -m venv "$venv"; fi
"$venv/bin/pip" install --quiet --disable-pip-version-check -r notebooks/requirements.txt

# $BULKHEAD_BIN when set (CI passes the test build's binary); otherwise the release build.
bin=${BULKHEAD_BIN:-$root/.build/release/bulkhead}
[ -n "${BULKHEAD_BIN:-}" ] || swift build -c release --product bulkhead  # a no-op when up to date
rm -rf "$out"
mkdir -p "$out"
start=$(date +%s)
# rack-outage shortened to 40 minutes, the rack failing at 00:20 (as in scenarios/sweeps/small.yaml).
short=(--set duration=40m --set warmup=5m --set 'faults[0].at=00:20' --set 'faults[0].duration=10m')
"$bin" compare scenarios/rack-outage.yaml "${short[@]}" --policies binpack,spread,rack-spread \
  --replications 2 --quiet --out "$out/compare" > "$out/compare.txt"
"$bin" sweep scenarios/sweeps/small.yaml --quiet --out "$out/sweep"
"$bin" merge "$out/sweep"
"$bin" plan scenarios/rack-outage.yaml "${short[@]}" --vary 'racks[0].machines,racks[1].machines' \
  --policies binpack,rack-spread --require 'services.*.sloBadMinutes <= 5' --max-total 8 --out "$out/plan"
echo "results generated in $(( $(date +%s) - start )) s"

export BULKHEAD_COMPARE_DIR=$out/compare BULKHEAD_SWEEP_DIR=$out/sweep BULKHEAD_PLAN_DIR=$out/plan
for nb in notebooks/compare-policies.ipynb notebooks/capacity-plan.ipynb; do
  "$venv/bin/python" - "$nb" <<'PY'
import sys, time
import nbformat
from nbclient import NotebookClient
path = sys.argv[1]
nb = nbformat.read(path, as_version=4)
assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), f"{path} is committed with outputs"
t = time.time()
NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": "notebooks"}}).execute()
print(f"{path}: {sum(c.cell_type == 'code' for c in nb.cells)} code cells ran in {time.time() - t:.1f} s")
PY
done
