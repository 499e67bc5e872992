"""What runs on a Dask worker: one sweep cell, as one `bulkhead sweep --shard k/N` process.

A cell is idempotent: `bulkhead sweep` writes a cell's files atomically with its completion marker
(`complete.json`) last, and skips a cell whose marker is present. So a task that Dask runs twice
(a retry after a lost worker, or a recomputation of a result that died with its worker) either
finds the cell complete and does nothing, or redoes a cell that never completed.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time

_RAN = re.compile(r"ran (\d+), skipped (\d+) already complete, failed (\d+)")

# The driver ships this module to the workers by value (cloudpickle), so workers need Dask but not
# this package; hence plain dicts and built-in exceptions cross the wire, not classes of ours.
RAN, SKIPPED, FAILED, INPUT_ERROR = "ran", "skipped", "failed", "input-error"


def sweep_argv(binary: str, sweep_file: str, index: int, count: int, out: str) -> list[str]:
    """The argument vector of one cell: explicit arguments, never a shell string."""
    argv = [binary, "sweep", sweep_file, "--shard", f"{index}/{count}", "--out", out, "--jobs", "1", "--quiet"]
    # The process must die with the worker that started it: an orphan would go on simulating the
    # cell while Dask retries it elsewhere. setpriv (util-linux) sets PR_SET_PDEATHSIG before exec.
    setpriv = shutil.which("setpriv")
    if setpriv:
        argv = [setpriv, "--pdeathsig", "KILL", "--"] + argv
    return argv


def run_cell(binary: str, sweep_file: str, index: int, count: int, cell: str, out: str) -> dict:
    """Runs cell number `index` of `count` (shard index/count holds exactly that cell).

    Returns {"cell", "status", "seconds", "worker", "message"}, status one of ran / skipped (it was
    complete already) / failed (its simulation failed: a retry would fail the same way) /
    input-error (bulkhead refused its input). Raises RuntimeError when the process died from a
    signal, so that Dask retries the cell."""
    worker = f"{socket.gethostname()}:{os.getpid()}"
    result = {"cell": cell, "status": INPUT_ERROR, "seconds": 0.0, "worker": worker, "message": ""}
    if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
        result["message"] = (f"{binary} is not an executable on worker {worker}: install bulkhead there or pass "
                             "--bin with a path every worker sees")
        return result
    started = time.monotonic()
    proc = subprocess.run(sweep_argv(binary, sweep_file, index, count, out), capture_output=True, text=True)
    result["seconds"] = time.monotonic() - started
    if proc.returncode < 0:
        raise RuntimeError(f"cell {cell}: bulkhead was killed by signal {-proc.returncode}")
    match = _RAN.search(proc.stdout)
    if proc.returncode == 0 and match:
        ran, _, failed = (int(g) for g in match.groups())
        result["status"] = FAILED if failed else RAN if ran == 1 else SKIPPED
    else:
        result["status"] = INPUT_ERROR if proc.returncode == 2 else FAILED
        result["message"] = (proc.stderr or proc.stdout).strip()
    return result


def probe(binary: str, paths: list[str], token: str | None) -> dict:
    """Run on every worker before anything is submitted: can it run the binary, read the inputs
    and see the shared results folder (a token file the client just wrote there)?"""
    problems = []
    if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
        problems.append(f"no executable {binary}")
    for p in paths:
        if not os.access(p, os.R_OK):
            problems.append(f"cannot read {p}")
    if token and not os.path.exists(token):
        problems.append(f"does not see {token} (the results folder is not shared with the client)")
    return {"host": socket.gethostname(), "problems": problems}
