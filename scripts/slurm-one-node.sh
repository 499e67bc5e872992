#!/usr/bin/env bash
# A one-node Slurm cluster started by hand (no systemd), used by the distributed tests to run an
# emitted sweep array for real:
#   unshare --net --mount bash scripts/slurm-one-node.sh WORKDIR SCRIPT.sbatch
# Run it in a fresh network namespace: nothing there is reachable from outside (it has loopback
# only; loopback also gets 192.0.2.1, a documentation-only address, because Slurm's
# getaddrinfo(AI_ADDRCONFIG) finds nothing to bind when 127.0.0.1 is the only address). It starts munged, slurmctld and slurmd with their state, sockets
# and logs in WORKDIR, submits SCRIPT with `sbatch --wait`, and stops every daemon by its PID.
set -euo pipefail
work=$1
script=$2
mkdir -p "$work"/{state,spool,munge}
ip link set lo up
ip addr add 192.0.2.1/32 dev lo
host=$(hostname -s)
cpus=$(nproc)
mem=$(( $(awk '/MemTotal/ {print int($2 / 1024)}' /proc/meminfo) - 1024 ))
cat >"$work/slurm.conf" <<CONF
ClusterName=bulkhead-test
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=16817
SlurmdPort=16818
AuthType=auth/munge
AuthInfo=socket=$work/munge/munge.socket
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
MpiDefault=none
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$work/slurm.conf
pids=()
stop() {
  for f in "$work/slurmd.pid" "$work/slurmctld.pid" "$work/munge/munged.pid"; do
    [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true
  done
}
trap stop EXIT
/usr/sbin/munged --force --socket="$work/munge/munge.socket" --pid-file="$work/munge/munged.pid" \
  --log-file="$work/munge/munged.log" --seed-file="$work/munge/munged.seed"
/usr/sbin/slurmctld -c
/usr/sbin/slurmd
for _ in $(seq 50); do sinfo -h -o %t 2>/dev/null | grep -q idle && break; sleep 0.2; done
sinfo
timeout 120 sbatch --wait "$script"
