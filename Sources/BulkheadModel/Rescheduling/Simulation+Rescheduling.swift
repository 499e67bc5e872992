import BulkheadKernel

/// Dynamic infrastructure: a container lost with its machine (crashed, replaced, or up but
/// unreachable) is noticed after `detectAfter`, re-placed through the `Rescheduler` (the scenario's
/// placement policy) on a healthy, reachable machine with room, and starts after `startupTime`.
/// One that fits nowhere waits and is retried whenever a machine comes back (repair, replacement,
/// reachable again). Called only on fault events.
extension Simulation {
    /// Container `c` was lost with its machine: the rescheduler will notice after `detectAfter`.
    mutating func containerLost(_ c: ContainerID) {
        guard let dynamic = rescheduling.dynamic, !rescheduling.isLost(c) else { return }
        rescheduling.lostAt[c.index] = queue.now.nanoseconds
        rescheduling.figures[cluster.service(of: c).index].lost += 1
        queue.schedule(.reschedule(c), after: dynamic.detectAfter)
    }

    /// Whether lost container `c` still needs a machine: its own is down or was replaced, or it
    /// runs on a machine that cannot be reached.
    func stillLost(_ c: ContainerID) -> Bool {
        guard rescheduling.isLost(c) else { return false }
        if cluster.isEvicted(c) { return !cluster.isAlive(c) }
        let m = cluster.machine(of: c)
        return !cluster.isReachable(m) || (!cluster.isAlive(c) && !cluster.isUp(m))
    }

    /// Machine `m` became unreachable (rack outage): under dynamic infrastructure its containers
    /// are lost (the node controller sees the node not ready and evicts its pods).
    mutating func machineUnreachable(_ m: MachineID) {
        guard rescheduling.dynamic != nil else { return }
        for c in cluster.members(of: m) where !cluster.isEvicted(c) { containerLost(c) }
    }

    /// Machine `m` is reachable again: its containers still there (not re-placed yet) run on, and
    /// lost containers waiting for room are tried again.
    mutating func machineReachable(_ m: MachineID) {
        guard rescheduling.dynamic != nil else { return }
        for c in cluster.members(of: m) where cluster.isAlive(c) && rescheduling.isLost(c) {
            containerRestored(c)
            rescheduling.pending.removeAll { $0 == c }
        }
        retryPending()
    }

    /// The rescheduler's turn for container `c`.
    mutating func reschedule(_ c: ContainerID) {
        guard stillLost(c) else { return }
        if !place(c) {
            rescheduling.figures[cluster.service(of: c).index].unplaceableAttempts += 1
            if !rescheduling.pending.contains(c) { rescheduling.pending.append(c) }
        }
    }

    /// Asks the rescheduler for a machine and moves `c` there. - Complexity: O(containers).
    mutating func place(_ c: ContainerID) -> Bool {
        guard let rescheduler, let dynamic = rescheduling.dynamic else { return false }
        let down = cluster.downMachines()
        let running = cluster.running { $0 == c || stillLost($0) }
        guard
            let m = rescheduler.machine(
                service: cluster.service(of: c).index, replica: cluster.replicaIndex(c),
                running: running, down: down)
        else { return false }
        if cluster.isAlive(c) {
            // Still running on a machine that cannot be reached: stopped there (what was in it
            // never comes back) before it starts on the new machine.
            let old = cluster.machine(of: c)
            advance(old)
            if hogs.touches(c) { hogContainerKilled(c) }
            cluster.markStopped(c)
            cpu.clearJobs(c, on: old, queue: &queue)
            memory.stop(c, on: old)
            while let r = requests.lastResident(in: c) { finish(r, .unreachable) }
        }
        cluster.move(c, to: MachineID(m))
        cpu.moved(c, at: queue.now.nanoseconds)
        rescheduling.figures[cluster.service(of: c).index].replacements += 1
        scheduleStart(c, after: dynamic.startupTime)
        return true
    }

    /// A machine came back: lost containers waiting for room are tried again.
    /// - Complexity: O(waiting × containers).
    mutating func retryPending() {
        guard !rescheduling.pending.isEmpty else { return }
        let waiting = rescheduling.pending
        rescheduling.pending.removeAll()
        for c in waiting where stillLost(c) {
            if !place(c) {
                rescheduling.figures[cluster.service(of: c).index].unplaceableAttempts += 1
                rescheduling.pending.append(c)
            }
        }
    }

    /// Container `c` runs again: if it had been lost, its time to restore is recorded.
    mutating func containerRestored(_ c: ContainerID) {
        guard rescheduling.isLost(c) else { return }
        let s = cluster.service(of: c).index
        let t = Double(queue.now.nanoseconds - rescheduling.lostAt[c.index]) / 1e9
        rescheduling.figures[s].restored += 1
        rescheduling.restoreSeconds[s] += t
        rescheduling.figures[s].maxRestoreSeconds = max(rescheduling.figures[s].maxRestoreSeconds ?? 0, t)
        rescheduling.lostAt[c.index] = -1
    }

    /// Container `c` is no longer counted as lost (an autoscaled slot retired).
    mutating func forgetLoss(_ c: ContainerID) { rescheduling.lostAt[c.index] = -1 }

    /// Per-service re-placement figures (empty under static infrastructure).
    /// - Complexity: O(services × containers).
    func reschedulingSummary() -> [ServiceRescheduling] {
        guard rescheduling.dynamic != nil else { return [] }
        return rescheduling.figures.indices.map { s in
            var r = rescheduling.figures[s]
            if r.restored > 0 { r.meanRestoreSeconds = rescheduling.restoreSeconds[s] / Double(r.restored) }
            r.waitingAtEnd = cluster.containerIDs.filter { cluster.service(of: $0).index == s && rescheduling.isLost($0) }.count
            return r
        }
    }
}
