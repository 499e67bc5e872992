"""Scheduling overhead per cell and the speed-up of 2 single-threaded workers over 1.

    BULKHEAD_BIN=.build/release/bulkhead python python/bulkhead-dask/bench/measure.py [--cells 8] [--duration 6h]

Cells are rack-outage runs of `--duration` (6 h ≈ 10 s of CPU each, with the fault-free twin).
For each worker count, a fresh LocalCluster (one single-threaded worker process each) runs every
cell of a fresh sweep folder; overhead = (wall − Σ the cells' own process times) / cells with one
worker, where a cell's process time is the wall time of its `bulkhead sweep --shard` process,
measured inside the task. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import cloudpickle
from dask.distributed import Client, LocalCluster, wait

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from bulkhead_dask import cells, driver  # noqa: E402

REPO = Path(__file__).resolve().parents[3]


def sweep_file(tmp: Path, n: int, duration: str) -> Path:
    path = tmp / "bench.yaml"
    path.write_text(f"""scenario: {REPO / 'scenarios' / 'rack-outage.yaml'}
name: bench
set: {{ duration: {duration} }}
axes:
  placement.policy: [binpack, rack-spread]
replications: {n // 2}
""")
    return path


def run(binary: str, sweep: Path, out: Path, workers: int) -> dict:
    root, all_cells = driver.prepare_sweep(binary, str(sweep), str(out))
    cloudpickle.register_pickle_by_value(cells)
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster, Client(cluster) as client:
        client.wait_for_workers(workers)
        started = time.monotonic()
        futures = [client.submit(cells.run_cell, binary, str(sweep), c["index"], len(all_cells), c["id"], root,
                                 pure=False) for c in all_cells]
        wait(futures)
        wall = time.monotonic() - started
        results = [f.result() for f in futures]
    assert all(r["status"] == cells.RAN for r in results), results
    seconds = [r["seconds"] for r in results]
    return {"workers": workers, "wall": wall, "cellSeconds": seconds, "sumCellSeconds": sum(seconds)}


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--cells", type=int, default=8)
    p.add_argument("--duration", default="6h")
    args = p.parse_args()
    binary = os.path.abspath(os.environ.get("BULKHEAD_BIN", REPO / ".build" / "release" / "bulkhead"))
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        sweep = sweep_file(tmp, args.cells, args.duration)
        one = run(binary, sweep, tmp / "one", 1)
        two = run(binary, sweep, tmp / "two", 2)
    n = len(one["cellSeconds"])
    overhead = (one["wall"] - one["sumCellSeconds"]) / n
    mean_cell = one["sumCellSeconds"] / n
    print(json.dumps({
        "cells": n, "meanCellSeconds": round(mean_cell, 3),
        "overheadPerCellSeconds": round(overhead, 4), "overheadFraction": round(overhead / mean_cell, 5),
        "wall1": round(one["wall"], 2), "wall2": round(two["wall"], 2),
        "speedup": round(one["wall"] / two["wall"], 3),
        "cellSeconds2Workers": [round(s, 2) for s in two["cellSeconds"]],
    }, indent=1))


if __name__ == "__main__":
    main()
