import BulkheadKernel

/// Re-placement of one service's containers under dynamic infrastructure, over a run.
public struct ServiceRescheduling: Sendable, Hashable, Codable {
    public var service: String
    /// Containers lost with their machine (each loss counted once).
    public var lost: Int
    /// Lost containers re-placed on another machine by the rescheduler.
    public var replacements: Int
    /// Lost containers running again (re-placed, or restarted on their repaired machine).
    public var restored: Int
    /// Time from loss to running again (seconds), over the restored ones; nil if none.
    public var meanRestoreSeconds: Double?
    public var maxRestoreSeconds: Double?
    /// Re-placement attempts that found no machine with room (retried when a machine comes back).
    public var unplaceableAttempts: Int
    /// Lost containers still not running at the end of the run.
    public var waitingAtEnd: Int
    public init(service: String, lost: Int = 0, replacements: Int = 0, restored: Int = 0,
                meanRestoreSeconds: Double? = nil, maxRestoreSeconds: Double? = nil, unplaceableAttempts: Int = 0,
                waitingAtEnd: Int = 0) {
        self.service = service; self.lost = lost; self.replacements = replacements; self.restored = restored
        self.meanRestoreSeconds = meanRestoreSeconds; self.maxRestoreSeconds = maxRestoreSeconds
        self.unplaceableAttempts = unplaceableAttempts; self.waitingAtEnd = waitingAtEnd
    }
}

/// Dynamic infrastructure: a container lost with its machine is noticed after `detectAfter`,
/// re-placed through the `Rescheduler` (the scenario's placement policy) on a healthy machine with
/// room, and starts after `startupTime`. One that fits nowhere waits and is retried whenever a
/// machine comes back (repair or replacement). Called only on fault events.
extension Simulation {
    /// Container `c` was lost with its machine: the rescheduler will notice after `detectAfter`.
    mutating func containerLost(_ c: Int) {
        guard case .dynamic(let detect, _) = config.infrastructure, lostAt[c] < 0 else { return }
        lostAt[c] = queue.now.nanoseconds
        rescheduling[Int(containers[c].service)].lost += 1
        queue.schedule(after: detect, priority: 45, .reschedule(container: Int32(c)))
    }

    /// Whether lost container `c` still needs a machine (its own is down or was replaced).
    func stillLost(_ c: Int) -> Bool {
        lostAt[c] >= 0 && !containers[c].alive
            && (containers[c].evicted || !machines[Int(containers[c].machine)].up)
    }

    /// The rescheduler's turn for container `c`.
    mutating func reschedule(_ c: Int) {
        guard stillLost(c) else { return }
        if !place(c) {
            rescheduling[Int(containers[c].service)].unplaceableAttempts += 1
            if !pending.contains(Int32(c)) { pending.append(Int32(c)) }
        }
    }

    /// Asks the rescheduler for a machine and moves `c` there. - Complexity: O(containers).
    mutating func place(_ c: Int) -> Bool {
        guard let rescheduler, case .dynamic(_, let startup) = config.infrastructure else { return false }
        var running: [Placement.Container] = []
        var down = Set<Int>()
        for m in machines.indices where !machines[m].up { down.insert(m) }
        for k in containers.indices where k != c && !stillLost(k) && !containers[k].evicted {
            running.append(.init(service: Int(containers[k].service), replica: replicaIndex(k),
                                 machine: Int(containers[k].machine)))
        }
        guard let m = rescheduler.machine(service: Int(containers[c].service), replica: replicaIndex(c),
                                          running: running, down: down) else { return false }
        let old = Int(containers[c].machine)
        if let i = machines[old].containers.firstIndex(of: Int32(c)) { machines[old].containers.remove(at: i) }
        machines[m].containers.append(Int32(c))
        containers[c].machine = Int32(m)
        containers[c].evicted = false
        containers[c].lastFold = queue.now.nanoseconds
        rescheduling[Int(containers[c].service)].replacements += 1
        queue.schedule(after: startup, priority: 50, .containerStart(container: Int32(c)))
        return true
    }

    /// A machine came back: lost containers waiting for room are tried again.
    mutating func retryPending() {
        guard !pending.isEmpty else { return }
        let waiting = pending
        pending.removeAll()
        for c in waiting.map(Int.init) where stillLost(c) {
            if !place(c) {
                rescheduling[Int(containers[c].service)].unplaceableAttempts += 1
                pending.append(Int32(c))
            }
        }
    }

    /// Container `c` runs again: if it had been lost, its time to restore is recorded.
    mutating func containerRestored(_ c: Int) {
        guard lostAt[c] >= 0 else { return }
        let s = Int(containers[c].service)
        let t = Double(queue.now.nanoseconds - lostAt[c]) / 1e9
        rescheduling[s].restored += 1
        restoreSeconds[s] += t
        rescheduling[s].maxRestoreSeconds = max(rescheduling[s].maxRestoreSeconds ?? 0, t)
        lostAt[c] = -1
    }

    /// Per-service re-placement figures (empty under static infrastructure).
    func reschedulingSummary() -> [ServiceRescheduling] {
        guard case .dynamic = config.infrastructure else { return [] }
        return rescheduling.indices.map { s in
            var r = rescheduling[s]
            if r.restored > 0 { r.meanRestoreSeconds = restoreSeconds[s] / Double(r.restored) }
            r.waitingAtEnd = containers.indices.filter { Int(containers[$0].service) == s && lostAt[$0] >= 0 }.count
            return r
        }
    }
}
