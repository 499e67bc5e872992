import BulkheadKernel

/// Containers dying and starting, machines powering off and on: the lifecycle every fault, OOM
/// kill, repair and re-placement goes through.
extension Simulation {
    /// Kills container `c`: its in-flight requests fail, its CPU jobs and memory are freed, and it
    /// restarts after a back-off (doubling from 10 s, capped at 5 min, reset after 10 min of
    /// running, as Kubernetes' CrashLoopBackOff) plus its start-up time — unless its machine went
    /// down, when it restarts with the machine (`machineUp`).
    /// - Complexity: O(jobs + requests in the container), plus what their ends cause (callers fail).
    mutating func kill(_ c: ContainerID, reason: KillReason, innocent: Bool) {
        let m = cluster.machine(of: c)
        advance(m)
        if hogs.touches(c) { hogContainerKilled(c) }
        cluster.markKilled(c)
        observer.containerKilled(container: c.index, machine: m.index, reason: reason, at: queue.now, innocent: innocent)
        cpu.clearJobs(c, on: m, queue: &queue)
        memory.stop(c, on: m)
        let outcome: RequestOutcome =
            switch reason {
            case .crash: .crashed
            case .machineFailure: .machineFailure
            case .oomLimit, .oomMachine: .oomKilled
            }
        if config.fidelity == .flow { flowKilled(c, outcome) }
        while let r = requests.lastResident(in: c) { finish(r, outcome) }
        guard reason != .machineFailure else { return }
        scheduleStart(c, after: cluster.restartDelay(c, at: queue.now.nanoseconds))
    }

    /// Schedules container `c`'s start after `delay`, voiding any start pending before.
    mutating func scheduleStart(_ c: ContainerID, after delay: SimDuration) {
        queue.schedule(.containerStart(c, generation: cluster.nextStart(c)), after: delay)
    }

    /// A scheduled start of `c` is due: stale unless it is the container's pending start (a kill,
    /// power-off, move or later schedule since voided it: the start-up time counts from the
    /// latest repair, restart or re-placement, never from an earlier one).
    mutating func containerStartDue(_ c: ContainerID, generation g: UInt32) {
        guard cluster.isCurrentStart(c, g) else { return }
        containerStart(c)
    }

    /// Container `c` starts: it runs again unless its machine is down, it was evicted or it
    /// already runs.
    mutating func containerStart(_ c: ContainerID) {
        let m = cluster.machine(of: c)
        guard cluster.isUp(m), !cluster.isEvicted(c), !cluster.isAlive(c) else { return }
        advance(m)
        cluster.markStarted(c, at: queue.now.nanoseconds)
        containerRestored(c)
        memory.start(c, on: m)
        containerCrashRecovered(c)
        // Batch tasks waiting for a slot may run here (Hogs/Simulation+Batch.swift).
        if batch.hasWaitingTasks { batchContainerStarted(c) }
        // A restart on a machine with leaks brings the next crossing closer.
        if memory.hasLeaks(on: m) {
            foldLeaks(m)
            scheduleCrossing(m)
        }
    }

    /// Container `c` stops for good where it runs (an autoscaled slot retired): requests still
    /// in it fail as `dead-replica`, and it leaves its machine.
    /// - Complexity: as `kill`.
    mutating func stopAndUnplace(_ c: ContainerID) {
        stopContainer(c)
        cluster.unplace(c)
    }

    /// Container `c` stops where it runs (if it runs): requests still in it fail as
    /// `dead-replica`; its CPU jobs and memory are freed; a pending start is void.
    /// - Complexity: as `kill`.
    mutating func stopContainer(_ c: ContainerID) {
        guard cluster.isAlive(c) else {
            cluster.cancelStart(c)
            return
        }
        let m = cluster.machine(of: c)
        advance(m)
        cluster.markStopped(c)
        cpu.clearJobs(c, on: m, queue: &queue)
        memory.stop(c, on: m)
        while let r = requests.lastResident(in: c) { finish(r, .deadReplica) }
    }

    /// Container `c` is gone for good (a retired autoscaled slot, a blue-green set destroyed):
    /// stopped, off its machine, out of the pools, no longer lost or crashed.
    mutating func destroy(_ c: ContainerID) {
        stopAndUnplace(c)
        // Destroyed while down after a container crash: that incident is over too.
        containerCrashRecovered(c)
        forgetLoss(c)
        balancing.keepExcluded(c)
    }

    /// Asks the rescheduler (the placement policy) for a machine for parked container `c` and
    /// moves it there (not started). - Returns: false when it fits nowhere (or nothing places).
    /// - Complexity: O(containers).
    mutating func placeParked(_ c: ContainerID) -> Bool {
        guard let rescheduler else { return false }
        let down = cluster.downMachines()
        let running = cluster.running { stillLost($0) }
        guard
            let m = rescheduler.machine(
                service: cluster.service(of: c).index, replica: cluster.replicaIndex(c), running: running, down: down)
        else { return false }
        cluster.move(c, to: MachineID(m))
        cpu.moved(c, at: queue.now.nanoseconds)
        return true
    }

    /// Powers machine `m` off: every container on it dies (in-flight requests fail) and stays
    /// down until the machine is back.
    /// - Complexity: O(containers on the machine) kills.
    mutating func machineDown(_ m: MachineID) {
        guard cluster.isUp(m) else { return }
        advance(m)
        _ = cluster.powerOff(m)
        for c in cluster.members(of: m) {
            if cluster.isAlive(c) { kill(c, reason: .machineFailure, innocent: false) }
            if !cluster.isEvicted(c) { containerLost(c) }
        }
    }

    /// Powers machine `m` on. A replaced machine is fresh and empty (its containers are gone under
    /// static infrastructure); a repaired one restarts its containers after their start-up time.
    /// - Complexity: O(containers on the machine), plus the re-placement of waiting containers.
    mutating func machineUp(_ m: MachineID) {
        guard !cluster.isUp(m) else { return }
        advance(m)
        _ = cluster.powerOn(m)
        if !cluster.renewIfReplaced(m, at: queue.now.nanoseconds) {
            for c in cluster.members(of: m) {
                cluster.resetBackoff(c)
                scheduleStart(c, after: config.startupTime)
            }
        }
        retryPending()
    }
}
