"""Fixtures: the bulkhead binary, a sweep file, and real Dask processes on 127.0.0.1 only."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def bulkhead() -> str:
    """The release binary (BULKHEAD_BIN, else the repository's .build/release/bulkhead)."""
    path = os.environ.get("BULKHEAD_BIN") or str(REPO / ".build" / "release" / "bulkhead")
    if not os.access(path, os.X_OK):
        pytest.fail(f"no bulkhead binary at {path}: run `swift build -c release --product bulkhead` first")
    return path


def write_sweep(tmp: Path, duration: str = "90m", replications: int = 2, name: str = "dask-test") -> Path:
    """12 cells (3 policies × 2 rates × 2 replications) of the rack-outage scenario."""
    path = tmp / f"{name}.yaml"
    path.write_text(f"""scenario: {REPO / 'scenarios' / 'rack-outage.yaml'}
name: {name}
set:
  duration: {duration}
  warmup: 5m
  faults[0].at: "00:30"
  faults[0].duration: 10m
axes:
  placement.policy: [binpack, spread, rack-spread]
  loadBalancers[0].traffic.rate: [150/s, 300/s]
replications: {replications}
""")
    return path


def logging_wrapper(tmp: Path, real: str) -> tuple[Path, Path]:
    """A `bulkhead` that logs each invocation (and, for a cell, whether it simulated) to a file.

    Its own child gets PR_SET_PDEATHSIG too, so that killing a worker kills the simulation."""
    log = tmp / "invocations.log"
    wrapper = tmp / "bulkhead-logged"
    wrapper.write_text(f"""#!/usr/bin/env bash
shard=none
args=("$@")
for ((i = 0; i < ${{#args[@]}}; i++)); do [ "${{args[i]}}" = --shard ] && shard=${{args[i+1]}}; done
echo "start $$ shard=$shard $1" >> {log}
out=$(setpriv --pdeathsig KILL -- {real} "$@")
rc=$?
printf '%s\\n' "$out"
echo "end $$ shard=$shard rc=$rc $(printf '%s' "$out" | grep -o 'ran [0-9]*' || true)" >> {log}
exit $rc
""")
    wrapper.chmod(0o755)
    return wrapper, log


class Processes:
    """Processes started by a test, each stopped by its PID at the end."""

    def __init__(self) -> None:
        self.procs: list[subprocess.Popen] = []

    def start(self, argv: list[str], log: Path, env: dict | None = None) -> subprocess.Popen:
        p = subprocess.Popen(argv, stdout=open(log, "w"), stderr=subprocess.STDOUT, env=env)
        self.procs.append(p)
        return p

    def stop_all(self) -> None:
        """SIGTERM, newest first (workers before their scheduler: a worker that lost its scheduler
        waits to reconnect instead of exiting), each waited for; SIGKILL after 10 s."""
        for p in reversed(self.procs):
            if p.poll() is None:
                os.kill(p.pid, signal.SIGTERM)
                try:
                    p.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.kill(p.pid, signal.SIGKILL)
                    p.wait()


@pytest.fixture
def processes():
    ps = Processes()
    yield ps
    ps.stop_all()


def dask_cli() -> str:
    """The `dask` command of this interpreter's environment."""
    return os.path.join(os.path.dirname(sys.executable), "dask")


def start_scheduler(ps: Processes, tmp: Path) -> tuple[subprocess.Popen, str]:
    port, dash = free_port(), free_port()
    p = ps.start([dask_cli(), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                  "--dashboard-address", f"127.0.0.1:{dash}"], tmp / "scheduler.log")
    address = f"tcp://127.0.0.1:{port}"
    wait_for_port(port)
    return p, address


def start_worker(ps: Processes, tmp: Path, address: str, name: str, prefix: list[str] | None = None) -> subprocess.Popen:
    argv = (prefix or []) + [dask_cli(), "worker", address, "--name", name, "--nthreads", "1", "--nworkers", "1",
                             "--no-nanny", "--host", "127.0.0.1", "--dashboard-address", f"127.0.0.1:{free_port()}"]
    return ps.start(argv, tmp / f"worker-{name}.log")


def wait_for_port(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port}")


def wait_for_workers(address: str, n: int, timeout: float = 30) -> None:
    from dask.distributed import Client

    with Client(address, timeout=timeout) as c:
        c.wait_for_workers(n, timeout=timeout)


def listening_off_loopback(pids: set[int]) -> list[str]:
    """Listening TCP sockets of these processes bound to anything but 127.0.0.1 (from `ss`)."""
    out = subprocess.run(["ss", "-Hltnp"], capture_output=True, text=True, check=True).stdout
    bad = []
    for line in out.splitlines():
        owners = {int(x) for x in re.findall(r"pid=(\d+)", line)}
        if owners & pids:
            local = line.split()[3]
            if not local.startswith("127.0.0.1:"):
                bad.append(line)
    return bad
