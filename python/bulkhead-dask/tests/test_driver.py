"""The driver's contract: explicit argument vectors, clear errors with exit 2, a local mode."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

from bulkhead_dask import cells
from conftest import free_port, write_sweep


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bulkhead_dask.cli", *args], capture_output=True, text=True)


def test_a_cell_is_one_explicit_argument_vector() -> None:
    argv = cells.sweep_argv("/opt/bulkhead", "/data/my sweep; rm -rf ~.yaml", 3, 12, "/shared/out")
    tail = ["/opt/bulkhead", "sweep", "/data/my sweep; rm -rf ~.yaml", "--shard", "3/12", "--out", "/shared/out",
            "--jobs", "1", "--quiet"]
    assert argv[-len(tail):] == tail
    if shutil.which("setpriv"):
        assert argv[:4] == [shutil.which("setpriv"), "--pdeathsig", "KILL", "--"]


def test_unreachable_scheduler(tmp_path: Path, bulkhead: str) -> None:
    started = time.monotonic()
    proc = run_cli("sweep", str(write_sweep(tmp_path)), "--scheduler", f"tcp://127.0.0.1:{free_port()}",
                   "--bin", bulkhead, "--out", str(tmp_path / "out"), "--timeout", "2")
    assert proc.returncode == 2
    assert "cannot reach the Dask scheduler" in proc.stderr and "--local N" in proc.stderr
    assert time.monotonic() - started < 30


def test_missing_binary(tmp_path: Path) -> None:
    proc = run_cli("sweep", str(write_sweep(tmp_path)), "--local", "1", "--bin", str(tmp_path / "nope"))
    assert proc.returncode == 2
    assert "is not an executable" in proc.stderr and "swift build" in proc.stderr


def test_folder_of_another_sweep_is_refused(tmp_path: Path, bulkhead: str) -> None:
    out = tmp_path / "out"
    subprocess.run([bulkhead, "sweep", str(write_sweep(tmp_path, name="first")), "--out", str(out), "--prepare"],
                   check=True, capture_output=True)
    proc = run_cli("sweep", str(write_sweep(tmp_path, duration="30m", name="first")), "--local", "1",
                   "--bin", bulkhead, "--out", str(out))
    assert proc.returncode == 2
    assert "holds another sweep's results" in proc.stderr and "--out" in proc.stderr
    assert not list(out.glob("c*")), "nothing of the old sweep may be touched"


def test_local_mode_runs_every_cell_and_resumes(tmp_path: Path, bulkhead: str) -> None:
    sweep = write_sweep(tmp_path, duration="20m", replications=1)
    out = tmp_path / "out"
    first = run_cli("sweep", str(sweep), "--local", "2", "--bin", bulkhead, "--out", str(out))
    assert first.returncode == 0, first.stderr
    assert "6 complete cells" in first.stdout
    again = run_cli("sweep", str(sweep), "--local", "1", "--bin", bulkhead, "--out", str(out))
    assert again.returncode == 0, again.stderr
    assert "6 already complete, 0 to run" in again.stderr


def test_compare_on_dask_writes_what_a_local_compare_writes(tmp_path: Path, bulkhead: str) -> None:
    from conftest import REPO

    scenario = str(REPO / "scenarios" / "rack-outage.yaml")
    common = ["--set", "duration=30m", "--set", "warmup=5m", "--set", "faults[0].at=00:15",
              "--set", "faults[0].duration=10m", "--policies", "binpack,rack-spread", "--replications", "3"]
    local = tmp_path / "local"
    subprocess.run([bulkhead, "compare", scenario, *common, "--quiet", "--out", str(local)], check=True,
                   capture_output=True)
    dask = tmp_path / "dask"
    proc = run_cli("compare", scenario, *common, "--local", "2", "--bin", bulkhead, "--out", str(dask))
    assert proc.returncode == 0, proc.stderr
    for name in ["compare.csv", "compare.json"]:
        assert (dask / name).read_bytes() == (local / name).read_bytes(), name
    assert "6 runs read from" in proc.stdout and "machines.used" in proc.stdout
