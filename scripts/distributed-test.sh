#!/usr/bin/env bash
# The distributed tests: bulkhead-dask against a real scheduler and workers on 127.0.0.1 (one
# killed halfway), the emitted Kubernetes manifest (schema-validated, its pods' commands executed
# here), the emitted Slurm array (run by a one-node Slurm when slurm-wlm is installed), and a lint
# of the Dockerfile. Needs the release binary:
#   swift build -c release --product bulkhead && scripts/distributed-test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.build/dask-venv
bin=${BULKHEAD_BIN:-$PWD/.build/release/bulkhead}
[ -x "$bin" ] || { echo "no bulkhead binary at $bin: swift build -c release --product bulkhead" >&2; exit 2; }
if [ ! -x "$venv/bin/python" ]; then python3 -m venv "$venv"; fi
"$venv/bin/pip" install --quiet --disable-pip-version-check -e 'python/bulkhead-dask[test]'
"$venv/bin/hadolint" Dockerfile
BULKHEAD_BIN=$bin "$venv/bin/python" -m pytest -q python/bulkhead-dask
