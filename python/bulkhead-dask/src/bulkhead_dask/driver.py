"""The client side: prepare a sweep folder, hand its cells to Dask, follow them, merge.

The results folder must be on a filesystem that the client and every worker see at the same path
(NFS, a cluster filesystem, or one machine): cells write there, and `bulkhead merge` reads there.
The driver checks this before submitting anything.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field

from . import cells


class UsageError(Exception):
    """Bad input or environment: printed as `error: …`, exit status 2."""


@dataclass
class Progress:
    """One terminal line (rewritten on a terminal, a line every `every` seconds otherwise)."""

    total: int
    quiet: bool = False
    every: float = 10.0
    done: int = 0
    ran: int = 0
    skipped: int = 0
    failed: int = 0
    _last: float = field(default=0.0)

    def update(self, r: dict) -> None:
        self.done += 1
        self.failed += r["status"] == cells.FAILED
        self.ran += r["status"] == cells.RAN
        self.skipped += r["status"] == cells.SKIPPED
        if self.quiet:
            return
        line = f"{self.done}/{self.total} cells done: ran {self.ran}, skipped {self.skipped}, failed {self.failed}"
        if sys.stderr.isatty():
            print("\r" + line, end="" if self.done < self.total else "\n", file=sys.stderr, flush=True)
        elif time.monotonic() - self._last >= self.every or self.done == self.total:
            self._last = time.monotonic()
            print(line, file=sys.stderr, flush=True)


def resolve_binary(given: str | None) -> str:
    """The bulkhead executable: --bin, $BULKHEAD_BIN, or `bulkhead` on PATH; made absolute."""
    import shutil

    candidate = given or os.environ.get("BULKHEAD_BIN") or shutil.which("bulkhead")
    if not candidate:
        raise UsageError("no bulkhead executable: pass --bin PATH (a path every worker sees) or put bulkhead on PATH")
    path = os.path.abspath(candidate)
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        raise UsageError(f"{path} is not an executable: build it with `swift build -c release --product bulkhead` "
                         "and pass --bin .build/release/bulkhead")
    return path


def prepare_sweep(binary: str, sweep_file: str, out: str | None) -> tuple[str, list[dict]]:
    """Validates the sweep and writes its manifest with `bulkhead sweep --prepare` (which refuses a
    folder holding another sweep); returns the folder and its cells."""
    argv = [binary, "sweep", sweep_file, "--prepare"] + (["--out", out] if out else [])
    proc = subprocess.run(argv, capture_output=True, text=True)
    if proc.returncode != 0:
        raise UsageError(proc.stderr.strip().removeprefix("error: ") or f"bulkhead sweep --prepare exited {proc.returncode}")
    m = re.search(r"manifest (.+)/sweep\.json", proc.stdout)
    if not m:
        raise UsageError(f"unexpected output of bulkhead sweep --prepare: {proc.stdout.strip()}")
    root = os.path.abspath(m.group(1))
    with open(os.path.join(root, "sweep.json")) as f:
        manifest = json.load(f)
    return root, manifest["cells"]


def is_complete(root: str, cell: str) -> bool:
    """The client's own view of a cell's marker (the workers decide again when they run it)."""
    marker = os.path.join(root, cell, "complete.json")
    try:
        with open(marker) as f:
            files = json.load(f)["files"]
    except (OSError, ValueError, KeyError):
        return False
    return all(os.path.exists(os.path.join(root, cell, name)) for name in files)


def connect(scheduler: str | None, local: int | None, timeout: float):
    """A Dask client: to `scheduler`, or to a LocalCluster of `local` single-threaded worker
    processes on 127.0.0.1 (no dashboard)."""
    from dask.distributed import Client, LocalCluster

    if local is not None:
        if local < 1:
            raise UsageError("--local needs at least 1 worker")
        cluster = LocalCluster(n_workers=local, threads_per_worker=1, processes=True, host="127.0.0.1",
                               dashboard_address=None)
        return Client(cluster), cluster
    try:
        return Client(scheduler, timeout=timeout), None
    except (OSError, TimeoutError) as e:
        raise UsageError(f"cannot reach the Dask scheduler at {scheduler} ({e}): start one "
                         f"(`dask scheduler --host HOST --port PORT`), check the address, or run locally with --local N")


def preflight(client, binary: str, inputs: list[str], root: str, wait_workers: float) -> int:
    """Every connected worker can run the binary, read the inputs and see the results folder."""
    deadline = time.monotonic() + wait_workers
    while not client.scheduler_info().get("workers") and time.monotonic() < deadline:
        time.sleep(0.2)
    workers = client.scheduler_info().get("workers", {})
    if not workers:
        raise UsageError("the Dask scheduler has no workers: start some with `dask worker SCHEDULER_ADDRESS`")
    token = os.path.join(root, f".bulkhead-dask-{uuid.uuid4().hex}")
    with open(token, "w") as f:
        f.write("shared-filesystem check\n")
    try:
        answers = client.run(cells.probe, binary, inputs, token)
    finally:
        os.unlink(token)
    problems = [f"worker {w} ({a['host']}): {p}" for w, a in sorted(answers.items()) for p in a["problems"]]
    if problems:
        raise UsageError("workers cannot run this sweep:\n  " + "\n  ".join(problems)
                         + f"\nhint: the bulkhead binary, the sweep file, its scenario and {root} must be at the same"
                         " paths on every worker (a shared filesystem)")
    return len(answers)


def distribute(args, binary: str, sweep_file: str, out: str | None) -> tuple[str, list[dict]]:
    """Every incomplete cell of the sweep as a Dask task; returns the folder and the failed cells."""
    import cloudpickle
    from dask.distributed import as_completed

    # Workers need Dask, not this package: the task functions travel by value.
    cloudpickle.register_pickle_by_value(cells)
    root, all_cells = prepare_sweep(binary, sweep_file, out)
    client, cluster = connect(args.scheduler, args.local, args.timeout)
    try:
        n_workers = preflight(client, binary, [sweep_file], root, args.timeout)
        todo = [c for c in all_cells if not is_complete(root, c["id"])]
        count = len(all_cells)
        if not args.quiet:
            print(f"{os.path.basename(root)}: {count} cells, {count - len(todo)} already complete, "
                  f"{len(todo)} to run on {n_workers} worker(s)", file=sys.stderr)
        progress = Progress(total=len(todo), quiet=args.quiet)
        run_id = uuid.uuid4().hex[:8]
        futures = [client.submit(cells.run_cell, binary, sweep_file, c["index"], count, c["id"], root,
                                 key=f"bulkhead-{run_id}-{c['id']}", retries=args.retries, pure=False)
                   for c in todo]
        failed = []
        for future in as_completed(futures):
            r = future.result()
            future.release()
            if r["status"] == cells.INPUT_ERROR:
                raise UsageError(r["message"])
            progress.update(r)
            if r["status"] == cells.FAILED:
                failed.append(r)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    for r in failed:
        print(f"error: cell {r['cell']}: {r['message']}", file=sys.stderr)
    return root, failed


def run_sweep(args) -> int:
    """`bulkhead-dask sweep`: every cell as a Dask task, then `bulkhead merge`."""
    binary = resolve_binary(args.bin)
    root, failed = distribute(args, binary, os.path.abspath(args.sweep_file), args.out and os.path.abspath(args.out))
    merge = subprocess.run([binary, "merge", root], capture_output=True, text=True)
    sys.stdout.write(merge.stdout)
    sys.stderr.write(merge.stderr)
    return 1 if failed else merge.returncode


def compare_sweep_file(scenario: str, policies: list[str], replications: int, settings: list[str],
                       seed: int | None) -> str:
    """A sweep whose cells are the runs of `bulkhead compare`: one axis, placement.policy, in the
    given order; the --set overrides as `set:` (their values are YAML, as for --set)."""
    lines = [f"scenario: {json.dumps(os.path.abspath(scenario))}", "name: compare-runs"]
    if settings:
        lines.append("set:")
        for s in settings:
            path, sep, value = s.partition("=")
            if not sep:
                raise UsageError(f"--set {s}: expected path=value")
            lines.append(f"  {json.dumps(path)}: {value}")
    lines.append("axes:")
    lines.append("  placement.policy: [" + ", ".join(json.dumps(p) for p in policies) + "]")
    lines.append(f"replications: {replications}")
    if seed is not None:
        lines.append(f"seed: {seed}")
    return "\n".join(lines) + "\n"


def run_compare(args) -> int:
    """`bulkhead-dask compare`: the policy × replication runs as sweep cells on Dask, then
    `bulkhead compare --from-sweep`, which writes and prints what a local compare would."""
    import yaml

    binary = resolve_binary(args.bin)
    policies = [p.strip() for p in args.policies.split(",") if p.strip()]
    with open(args.scenario) as f:
        name = (yaml.safe_load(f) or {}).get("name", "scenario")
    out = os.path.abspath(args.out or os.path.join("results", str(name), "compare"))
    os.makedirs(out, exist_ok=True)
    sweep_file = os.path.join(out, "compare-runs.yaml")
    with open(sweep_file, "w") as f:
        f.write(compare_sweep_file(args.scenario, policies, args.replications, args.set, args.seed))
    runs = os.path.join(out, "runs")
    _, failed = distribute(args, binary, sweep_file, runs)
    if failed:
        return 1
    argv = [binary, "compare", args.scenario, "--policies", ",".join(policies), "--replications",
            str(args.replications), "--from-sweep", runs, "--out", out]
    for s in args.set:
        argv += ["--set", s]
    if args.seed is not None:
        argv += ["--seed", str(args.seed)]
    if args.baseline:
        argv += ["--baseline", args.baseline]
    proc = subprocess.run(argv, capture_output=True, text=True)
    sys.stdout.write(proc.stdout)
    sys.stderr.write(proc.stderr)
    return proc.returncode
