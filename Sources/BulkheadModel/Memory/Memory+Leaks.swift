import BulkheadKernel

/// Memory leaks: linear growth, folded lazily (at allocations on the machine, restarts, crossings
/// and each minute boundary, so the per-minute samples are exact), with the exact crossing time
/// of the first limit or of the machine's memory scheduled. See docs/model.md, "Resource hogs".
extension Memory {
    /// Container `c` on `m` starts leaking `rate` bytes/s for hog `owner` (leaks on `m` folded first).
    mutating func startLeak(_ c: ContainerID, on m: MachineID, rate: Double, owner: HogID, now: Int64) {
        leaks[c] = Leak(rate: rate, since: now, owner: owner)
        banks[m].leakers += 1
    }

    /// Container `c` on `m` stops leaking (leaks on `m` folded first); the leaked memory stays.
    mutating func stopLeak(_ c: ContainerID, on m: MachineID) {
        leaks[c].rate = 0
        leaks[c].owner = .none
        banks[m].leakers -= 1
    }

    /// Whether `c` leaks, and for which hog.
    @inline(__always) func leakOwner(_ c: ContainerID) -> HogID { leaks[c].owner }
    @inline(__always) func isLeaking(_ c: ContainerID) -> Bool { leaks[c].rate > 0 }

    /// Brings every leak on machine `m` (its meter up to date) up to `now`. The machine's memory
    /// integral gets the exact area of the linear growth (rate × dt² / 2 above the level its meter
    /// integrated).
    /// - Parameter members: the containers placed on `m`.
    /// - Complexity: O(members).
    mutating func foldLeaks(on m: MachineID, members: [ContainerID], now: Int64) {
        for c in members {
            let rate = leaks[c].rate
            guard rate > 0 else { continue }
            let dt = Double(now - leaks[c].since) * 1e-9
            leaks[c].since = now
            guard dt > 0 else { continue }
            let bytes = rate * dt
            accounts[c].used += bytes
            banks[m].used += bytes
            banks[m].integral += bytes * dt / 2
        }
    }

    /// Schedules the exact time the first leak on `m` reaches its container's limit or fills the
    /// machine (from the current, folded levels), invalidating any earlier schedule.
    /// - Complexity: O(members).
    mutating func scheduleCrossing(
        on m: MachineID, members: [ContainerID], end: SimInstant,
        queue: inout EventQueue<ModelEvent>
    ) {
        banks[m].crossingGeneration &+= 1
        guard banks[m].leakers > 0 else { return }
        var t = Double.infinity
        var total = 0.0
        for c in members {
            let rate = leaks[c].rate
            guard rate > 0 else { continue }
            total += rate
            let limit = profile(c).limit
            if limit.isFinite { t = min(t, max(0, limit - accounts[c].used) / rate) }
        }
        t = min(t, max(0, banks[m].capacity - banks[m].used) / total)
        let now = queue.now.nanoseconds
        guard t.isFinite, t * 1e9 < Double(end.nanoseconds - now) + 1 else { return }
        queue.schedule(
            .leakCrossing(m, generation: banks[m].crossingGeneration),
            at: SimInstant(nanoseconds: now + Int64((t * 1e9).rounded(.up))))
    }

    /// Whether `generation` is machine `m`'s pending crossing event.
    @inline(__always) func isCurrentCrossing(_ m: MachineID, generation: UInt32) -> Bool {
        banks[m].crossingGeneration == generation
    }

    /// Arms the minute folds of `m` (a leak started there) unless they run already.
    mutating func armMinuteFolds(on m: MachineID, end: SimInstant, queue: inout EventQueue<ModelEvent>) {
        guard !banks[m].foldArmed else { return }
        banks[m].foldArmed = true
        scheduleMinuteFold(on: m, end: end, queue: &queue)
    }

    /// Schedules `m`'s next leak fold at the next minute boundary (within the run).
    mutating func scheduleMinuteFold(on m: MachineID, end: SimInstant, queue: inout EventQueue<ModelEvent>) {
        let next = (queue.now.nanoseconds / 60_000_000_000 + 1) * 60_000_000_000
        guard next <= end.nanoseconds else { return }
        queue.schedule(.leakFold(m), at: SimInstant(nanoseconds: next))
    }

    /// A minute fold of `m` is due: whether leaks still run there (else the folds stop).
    mutating func minuteFoldDue(on m: MachineID) -> Bool {
        guard banks[m].leakers > 0 else {
            banks[m].foldArmed = false
            return false
        }
        return true
    }
}
