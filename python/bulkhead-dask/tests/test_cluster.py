"""A real Dask cluster on 127.0.0.1: a scheduler and two workers as separate processes, one worker
killed with SIGKILL halfway through a sweep."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import (listening_off_loopback, logging_wrapper, start_scheduler, start_worker, wait_for_workers,
                      write_sweep)


def complete_cells(root: Path) -> int:
    return sum(1 for p in root.glob("c*/complete.json"))


def test_sweep_survives_a_killed_worker(tmp_path: Path, bulkhead: str, processes) -> None:
    started = time.monotonic()
    sweep = write_sweep(tmp_path)
    wrapper, log = logging_wrapper(tmp_path, bulkhead)
    scheduler, address = start_scheduler(processes, tmp_path)
    worker_a = start_worker(processes, tmp_path, address, "a")
    worker_b = start_worker(processes, tmp_path, address, "b")
    wait_for_workers(address, 2)

    out = tmp_path / "dask"
    driver = processes.start([sys.executable, "-m", "bulkhead_dask.cli", "sweep", str(sweep), "--scheduler", address,
                              "--out", str(out), "--bin", str(wrapper)], tmp_path / "driver.log")
    # While cells run: nothing of ours listens off loopback. Kill worker a halfway (6 of 12 done).
    pids = {scheduler.pid, worker_a.pid, worker_b.pid, driver.pid}
    killed_at = None
    off_loopback: list[str] = []
    while driver.poll() is None:
        off_loopback += listening_off_loopback(pids)
        if killed_at is None and out.exists() and complete_cells(out) >= 5:
            time.sleep(0.5)  # into worker a's next cell, most likely
            os.kill(worker_a.pid, signal.SIGKILL)
            killed_at = complete_cells(out)
        time.sleep(0.05)
    output = (tmp_path / "driver.log").read_text()
    assert driver.returncode == 0, output
    assert killed_at is not None and killed_at < 12, f"the worker was not killed halfway ({killed_at})"
    assert worker_a.wait(5) == -signal.SIGKILL
    assert not off_loopback, off_loopback

    # Every cell complete, and none simulated again after it had completed: each cell was
    # simulated to the end by exactly one invocation — one that reported "ran 1", or the one
    # killed with the worker after it had written the cell (its retry then reported "ran 0").
    assert complete_cells(out) == 12
    text = log.read_text()
    started_by = dict(re.findall(r"^start (\d+) shard=(\d+)/12", text, re.M))
    ended = {pid: ran for pid, ran in re.findall(r"^end (\d+) shard=\d+/12 rc=0 ran (\d)", text, re.M)}
    killed = [pid for pid in started_by if pid not in ended]
    assert len(killed) <= 1, f"invocations that never ended: {killed}"
    for cell in map(str, range(12)):
        ran = [pid for pid, c in started_by.items() if c == cell and ended.get(pid) == "1"]
        died = [pid for pid in killed if started_by[pid] == cell]
        assert len(ran) + len(died) >= 1, f"cell {cell} was never simulated"
        assert len(ran) <= 1, f"cell {cell} was simulated {len(ran)} times to the end"
        if not ran:
            assert len(died) == 1, f"cell {cell} completed by nobody"

    # The merge is byte-identical to a local sweep of the same file.
    local = tmp_path / "local"
    subprocess.run([bulkhead, "sweep", str(sweep), "--out", str(local), "--quiet"], check=True, capture_output=True)
    subprocess.run([bulkhead, "merge", str(local)], check=True, capture_output=True)
    assert (out / "sweep.csv").read_bytes() == (local / "sweep.csv").read_bytes()
    assert "12 complete cells" in output
    assert time.monotonic() - started < 120


def test_workers_must_see_the_results_folder(tmp_path: Path, bulkhead: str, processes) -> None:
    """A worker in its own mount namespace, with an empty tmpfs over the results folder: the driver
    refuses before submitting anything and says what to fix."""
    if os.geteuid() != 0 or subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode != 0:
        import pytest

        pytest.skip("needs root and unshare -m to give a worker its own view of the filesystem")
    sweep = write_sweep(tmp_path, duration="20m", replications=1)
    out = tmp_path / "dask"
    out.mkdir()
    scheduler, address = start_scheduler(processes, tmp_path)
    start_worker(processes, tmp_path, address, "isolated", prefix=["unshare", "-m", "sh", "-c",
                                                                     f'mount -t tmpfs none {out} && exec "$0" "$@"'])
    wait_for_workers(address, 1)
    proc = subprocess.run([sys.executable, "-m", "bulkhead_dask.cli", "sweep", str(sweep), "--scheduler", address,
                           "--out", str(out), "--bin", bulkhead, "--quiet"], capture_output=True, text=True)
    assert proc.returncode == 2, proc.stderr
    assert "not shared with the client" in proc.stderr and "shared filesystem" in proc.stderr
    assert not list(out.glob("c*")), "no cell may run"
