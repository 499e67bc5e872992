import BulkheadKernel

/// Memory events: allocations that may trigger the OOM killer, leak crossings and folds. The
/// decisions are `Memory`'s (Memory+OOM.swift); the kills are the coordinator's (`kill`).
extension Simulation {
    /// Container `c` allocates `bytes` (a request's memory): the OOM killer runs if the container
    /// or its machine is now over its memory. On a machine with leaks, they are folded first and
    /// the next crossing rescheduled after (an allocation brings it closer).
    mutating func chargeMemory(_ c: ContainerID, _ bytes: Double) {
        let m = cluster.machine(of: c)
        let leaks = memory.hasLeaks(on: m)
        if leaks { foldLeaks(m) } else { advance(m) }
        if memory.charge(c, on: m, bytes) { runOOMKiller(.allocation(c, on: m)) }
        if leaks { scheduleCrossing(m) }
    }

    /// Performs the OOM killer's decisions on one machine, one kill at a time, until memory fits.
    /// - Complexity: O(containers on the machine) per kill.
    mutating func runOOMKiller(_ check: Memory.OOMCheck) {
        var check = check
        while let k = memory.nextKill(&check, among: cluster.members(of: check.machine)) {
            kill(k.victim, reason: k.reason, innocent: k.innocent)
        }
    }

    /// Brings machine `m`'s meters and leaks up to now.
    /// - Complexity: O(containers on the machine).
    mutating func foldLeaks(_ m: MachineID) {
        advance(m)
        memory.foldLeaks(on: m, members: cluster.members(of: m), now: queue.now.nanoseconds)
    }

    /// Reschedules machine `m`'s next leak crossing.
    /// - Complexity: O(containers on the machine).
    mutating func scheduleCrossing(_ m: MachineID) {
        memory.scheduleCrossing(on: m, members: cluster.members(of: m), end: end, queue: &queue)
    }

    /// A leak crossing is due on machine `m` (unless a later schedule made this event stale): a
    /// leaker past its limit is OOM-killed; a full machine has its OOM killer kill the largest
    /// container (innocent unless it is leaking).
    /// - Complexity: O(containers on the machine) per kill.
    mutating func leakCrossing(_ m: MachineID, generation g: UInt32) {
        guard memory.isCurrentCrossing(m, generation: g) else { return }
        foldLeaks(m)
        runOOMKiller(.leakCrossing(on: m))
        scheduleCrossing(m)
    }

    /// A minute boundary on a machine with leaks: fold them so that the minute's sample sees them.
    mutating func leakFold(_ m: MachineID) {
        guard memory.minuteFoldDue(on: m) else { return }
        foldLeaks(m)
        memory.scheduleMinuteFold(on: m, end: end, queue: &queue)
    }

    /// Container `c` starts leaking `rate` bytes/s for hog `h`.
    mutating func startLeak(_ c: ContainerID, rate: Double, hog h: HogID) {
        let m = cluster.machine(of: c)
        foldLeaks(m)
        memory.startLeak(c, on: m, rate: rate, owner: h, now: queue.now.nanoseconds)
        hogs.touch(c)
        scheduleCrossing(m)
        memory.armMinuteFolds(on: m, end: end, queue: &queue)
    }

    /// Container `c` stops leaking (the leaked memory stays until it restarts).
    mutating func stopLeak(_ c: ContainerID) {
        let m = cluster.machine(of: c)
        foldLeaks(m)
        memory.stopLeak(c, on: m)
        scheduleCrossing(m)
    }
}
