import BulkheadKernel

/// Rates and completion times: what changes when a container's set of runnable threads changes.
extension CPU {
    /// Container `c` (already folded) has a new set of runnable threads: update the machine's
    /// active list, demand, rates and completion times, and (unless `schedule` is false: the
    /// caller does it next) make sure the earliest completion is scheduled.
    /// - Complexity: O(k) for k active containers on the machine; O(k²) when it is contended.
    mutating func jobsChanged(
        _ c: ContainerID, on m: MachineID, demandBefore: Double, schedule: Bool = true,
        queue: inout EventQueue<ModelEvent>
    ) {
        let n = groups[c].running
        let after = demand(c)
        if n > 0 && groups[c].activeIndex < 0 {
            groups[c].activeIndex = Int32(machines[m].active.count)
            machines[m].active.append(c)
            machines[m].activeNext.append(.max)
        } else if n == 0 && groups[c].activeIndex >= 0 {
            deactivate(c, on: m)
        }
        machines[m].demand += after - demandBefore
        let contended = machines[m].demand > machines[m].cores
        if !contended && !machines[m].saturated {
            // Uncontended before and after: only this container's rate can change.
            machines[m].busy = machines[m].demand
            if n > 0 {
                groups[c].rate = after / Double(n)
                updateNext(c, on: m)
            }
        } else {
            recomputeRates(m, now: queue.now.nanoseconds)
        }
        if machines[m].interference { applyInterference(m, now: queue.now.nanoseconds) }
        if schedule { scheduleCompletion(m, queue: &queue) }
    }

    /// Recomputes container `c`'s next completion time at its current rate.
    mutating func updateNext(_ c: ContainerID, on m: MachineID) {
        let idx = Int(groups[c].activeIndex)
        guard idx >= 0 else { return }
        let r = groups[c].rate
        var next = Int64.max
        if r > 0, let top = groups[c].jobs.first {
            let wait = max(0, top.finish - groups[c].virtualTime) / (r * groups[c].speed)
            next = groups[c].lastFold + Int64((wait * 1e9).rounded(.up))
        }
        if isolation == .quota { next = min(next, bandwidthNext(c)) }
        machines[m].activeNext[idx] = next
    }

    /// Removes a container from its machine's active list.
    mutating func deactivate(_ c: ContainerID, on m: MachineID) {
        let idx = Int(groups[c].activeIndex)
        guard idx >= 0 else { return }
        let last = machines[m].active.removeLast()
        let lastNext = machines[m].activeNext.removeLast()
        if idx < machines[m].active.count {
            machines[m].active[idx] = last
            machines[m].activeNext[idx] = lastNext
            groups[last].activeIndex = Int32(idx)
        }
        groups[c].activeIndex = -1
        groups[c].virtualTime = 0
        groups[c].rate = 0
    }

    /// Makes sure a `cpuDone` event is pending no later than the machine's earliest completion.
    /// A pending event that is not later stays: if it fires early it finds nothing due and
    /// reschedules. This saves a heap push for most arrivals on an uncontended machine.
    /// - Complexity: O(active containers on the machine).
    mutating func scheduleCompletion(_ m: MachineID, queue: inout EventQueue<ModelEvent>) {
        var best = Int64.max
        // The compiler unrolls this scan with a branch per element (whether written with `min` or
        // `where`); those branches are ~12% of the run's mispredictions (cachegrind branch
        // simulation). A branch-free form was tried and gave no measurable gain.
        for t in machines[m].activeNext.buffer where t < best { best = t }
        guard best != .max, best < machines[m].scheduledAt else { return }
        machines[m].generation &+= 1
        machines[m].scheduledAt = best
        queue.schedule(
            .cpuDone(m, generation: machines[m].generation),
            at: SimInstant(nanoseconds: max(best, queue.now.nanoseconds)))
    }

    /// Sets every active container's per-thread rate on machine `m` (folding each first).
    ///
    /// - `none`: every runnable thread gets min(1, cores / threads).
    /// - `shares` / `quota` / `quota-fluid`: weighted max-min fairness (water-filling) between
    ///   containers with weights = CPU requests and demands = running threads (capped at the
    ///   limit under `quota-fluid`, at 0 while throttled under `quota`); a container's allocation
    ///   is split equally between its threads.
    /// - Complexity: O(k log k) for k active containers.
    mutating func recomputeRates(_ m: MachineID, now: Int64) {
        if isolation == .pinned { return recomputePinnedRates(m, now: now) }
        let cores = machines[m].cores
        var demandTotal = 0.0
        for i in 0..<machines[m].active.count {
            let c = machines[m].active[i]
            fold(c, to: now)
            demandTotal += demand(c)
        }
        machines[m].demand = demandTotal
        let contended = demandTotal > cores
        machines[m].saturated = contended
        if !contended {
            for i in 0..<machines[m].active.count {
                let c = machines[m].active[i]
                groups[c].rate = demand(c) / Double(groups[c].running)
            }
            machines[m].busy = demandTotal
        } else if isolation == .none {
            let r = cores / demandTotal
            for i in 0..<machines[m].active.count { groups[machines[m].active[i]].rate = r }
            machines[m].busy = cores
        } else {
            fillOrder.removeAll(keepingCapacity: true)
            fillOrder.append(contentsOf: machines[m].active)
            shareByWeight(cores)
            machines[m].busy = cores
        }
        for i in 0..<machines[m].active.count { updateNext(machines[m].active[i], on: m) }
    }

    /// Weighted max-min fair shares of `capacity` cores between the containers in `fillOrder`
    /// (weights = CPU requests, demands = running threads capped at `cap`), which must not all
    /// fit: containers sorted by demand/weight each either get their whole demand or, from the
    /// first one that cannot, all remaining get weight × level. Sets each one's per-thread rate.
    /// Shared by `shares`/`quota` (all cores) and `pinned` (the shared pool).
    /// - Complexity: O(k²) worst case for k containers (insertion sort; k is small).
    mutating func shareByWeight(_ capacity: Double) {
        func ratio(_ c: ContainerID) -> Double {
            min(Double(groups[c].running), groups[c].cap) / weights[c.index]
        }
        for i in 1..<max(1, fillOrder.count) {
            let x = fillOrder[i]
            let rx = ratio(x)
            var j = i - 1
            while j >= 0 && ratio(fillOrder[j]) > rx {
                fillOrder[j + 1] = fillOrder[j]
                j -= 1
            }
            fillOrder[j + 1] = x
        }
        var remaining = capacity
        var weightLeft = 0.0
        for c in fillOrder { weightLeft += weights[c.index] }
        var saturated = false
        var level = 0.0
        for c in fillOrder {
            let n = Double(groups[c].running)
            let d = min(n, groups[c].cap)
            let weight = weights[c.index]
            if !saturated && d / weight <= remaining / weightLeft {
                groups[c].rate = d / n
                remaining -= d
                weightLeft -= weight
            } else {
                if !saturated {
                    level = remaining / weightLeft
                    saturated = true
                }
                groups[c].rate = weight * level / n
            }
        }
    }
}
