"""`bulkhead sweep --emit kubernetes|slurm`: validated, and their tasks executed here the way the
batch system would run them (no cluster runs in CI): the merged result must equal a local sweep."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import REPO, write_sweep


def emit(bulkhead: str, sweep: Path, *args: str) -> str:
    return subprocess.run([bulkhead, "sweep", str(sweep), "--emit", *args], check=True, capture_output=True,
                          text=True).stdout


def local_merge(bulkhead: str, sweep: Path, tmp: Path) -> bytes:
    out = tmp / "local"
    subprocess.run([bulkhead, "sweep", str(sweep), "--out", str(out), "--quiet"], check=True, capture_output=True)
    subprocess.run([bulkhead, "merge", str(out)], check=True, capture_output=True)
    return (out / "sweep.csv").read_bytes()


def test_kubernetes_manifest(tmp_path: Path, bulkhead: str) -> None:
    sweep = write_sweep(tmp_path, duration="20m", replications=1, name="k8s-test-1")
    text = emit(bulkhead, sweep, "kubernetes", "--parallelism", "3", "--image", "registry.example/bulkhead:1")
    manifest = tmp_path / "job.yaml"
    manifest.write_text(text)
    # Schemas of a current Kubernetes, strict (no unknown fields).
    kv = shutil.which("kubernetes-validate") or str(Path(os.sys.executable).parent / "kubernetes-validate")
    check = subprocess.run([kv, "--strict", "--kubernetes-version", "1.33.0", str(manifest)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    config_map, job = list(yaml.safe_load_all(text))[-2:]
    assert config_map["kind"] == "ConfigMap" and job["kind"] == "Job"
    # What schemas cannot catch: an Indexed Job needs completions; the shard count in the args is
    # the completions; the ConfigMap the pods mount is the one emitted.
    spec = job["spec"]
    assert spec["completionMode"] == "Indexed" and spec["completions"] == 6 and spec["parallelism"] == 3
    assert spec["template"]["spec"]["restartPolicy"] == "Never" and spec["backoffLimitPerIndex"] >= 1
    container = spec["template"]["spec"]["containers"][0]
    shard = container["args"][container["args"].index("--shard") + 1]
    assert shard == f"$(JOB_COMPLETION_INDEX)/{spec['completions']}"
    volumes = {v["name"]: v for v in spec["template"]["spec"]["volumes"]}
    assert volumes["input"]["configMap"]["name"] == config_map["metadata"]["name"]
    assert re.fullmatch(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?", job["metadata"]["name"])

    # Run every index as its pod would: the ConfigMap's files at the mount path, the args with
    # JOB_COMPLETION_INDEX expanded, the results volume as a folder.
    pod = tmp_path / "pod"
    mounts = {m["mountPath"]: pod / m["mountPath"].strip("/") for m in container["volumeMounts"]}
    for name, content in config_map["data"].items():
        mounts["/bulkhead/input"].mkdir(parents=True, exist_ok=True)
        (mounts["/bulkhead/input"] / name).write_text(content)
    for index in range(spec["completions"]):
        args = [a.replace("$(JOB_COMPLETION_INDEX)", str(index)) for a in container["args"]]
        for mount, local in mounts.items():
            args = [a.replace(mount, str(local)) if a.startswith(mount) else a for a in args]
        subprocess.run([bulkhead, *args], check=True, capture_output=True)
    results = next(p for m, p in mounts.items() if m == "/results") / "k8s-test-1"
    subprocess.run([bulkhead, "merge", str(results)], check=True, capture_output=True)
    assert (results / "sweep.csv").read_bytes() == local_merge(bulkhead, sweep, tmp_path)


def test_slurm_script(tmp_path: Path, bulkhead: str) -> None:
    sweep = write_sweep(tmp_path, duration="20m", replications=1, name="slurm-test")
    out = tmp_path / "shared 'out'"  # blanks and quotes survive the shell quoting
    script = tmp_path / "sweep.sbatch"
    script.write_text(emit(bulkhead, sweep, "slurm", "--out", str(out), "--bin", bulkhead, "--parallelism", "2"))
    assert subprocess.run(["bash", "-n", str(script)]).returncode == 0
    text = script.read_text()
    assert "#SBATCH --array=0-5%2" in text and '--shard "${SLURM_ARRAY_TASK_ID}/6"' in text
    assert "sbatch --array=" in text  # the resubmission hint
    # Each array task as Slurm would start it.
    for task in range(6):
        env = dict(os.environ, SLURM_ARRAY_TASK_ID=str(task))
        subprocess.run(["bash", str(script)], check=True, capture_output=True, env=env)
    subprocess.run([bulkhead, "merge", str(out)], check=True, capture_output=True)
    assert (out / "sweep.csv").read_bytes() == local_merge(bulkhead, sweep, tmp_path)


def test_slurm_for_real(tmp_path: Path, bulkhead: str) -> None:
    """A one-node Slurm (Debian's slurm-wlm, started by hand, in a network namespace that has only
    loopback) runs the emitted array; skipped where Slurm is not installed."""
    needed = ["slurmctld", "slurmd", "munged", "sbatch", "unshare"]
    if os.geteuid() != 0 or not all(shutil.which(c) or os.path.exists(f"/usr/sbin/{c}") for c in needed):
        pytest.skip("Slurm (slurm-wlm, munge) is not installed here, or not root")
    sweep = write_sweep(tmp_path, duration="20m", replications=1, name="slurm-real")
    out = tmp_path / "shared"
    script = tmp_path / "sweep.sbatch"
    script.write_text(emit(bulkhead, sweep, "slurm", "--out", str(out), "--bin", bulkhead))
    run = subprocess.run(["unshare", "--net", "--mount", "bash", str(REPO / "scripts" / "slurm-one-node.sh"),
                          str(tmp_path / "slurm"), str(script)], capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stdout + run.stderr
    subprocess.run([bulkhead, "merge", str(out)], check=True, capture_output=True)
    assert (out / "sweep.csv").read_bytes() == local_merge(bulkhead, sweep, tmp_path)
