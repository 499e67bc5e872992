import BulkheadKernel

/// CPU: processor sharing per machine, computed exactly and event-driven.
///
/// Each container keeps a *virtual time* V (CPU-seconds each of its running threads has received)
/// and a min-heap of finish tags F = V(at arrival) + work. Between changes every thread of a
/// container runs at the same rate r, so V grows at r and the next completion is at
/// (min F − V) / r. Whenever the set of running jobs on a machine changes, all its active
/// containers are advanced to now, rates are recomputed (`recomputeRates`) and one
/// `cpuDone` event is scheduled for the machine's earliest completion; older ones are made
/// stale by a generation counter (no cancellation cost).
extension Simulation {
    /// Brings a machine's virtual times and utilisation integrals up to now.
    mutating func advance(_ m: Int) {
        let now = queue.now.nanoseconds
        let dtNs = now - machines[m].lastUpdate
        guard dtNs > 0 else { return }
        let dt = Double(dtNs) * 1e-9
        machines[m].lastUpdate = now
        machines[m].busyIntegral += machines[m].busy * dt
        machines[m].memoryIntegral += machines[m].memoryUsed * dt
        for i in 0..<machines[m].active.count {
            let ci = Int(machines[m].active[i])
            containers[ci].virtualTime += containers[ci].rate * dt
            containers[ci].cpuSeconds += containers[ci].rate * Double(containers[ci].running) * dt
        }
    }

    /// Starts `work` CPU-seconds of single-threaded work for request `r` in container `c`.
    mutating func startWork(_ r: Int32, container c: Int, work: Double) {
        let m = Int(containers[c].machine)
        advance(m)
        let job = Job(finish: containers[c].virtualTime + work, request: r)
        pushJob(c, job)
        if containers[c].activeIndex < 0 {
            containers[c].activeIndex = Int32(machines[m].active.count)
            machines[m].active.append(Int32(c))
        }
        reschedule(m)
    }

    /// The machine's earliest completion is due: completes every job whose tag is reached.
    mutating func cpuDone(_ m: Int) {
        machines[m].scheduledAt = .max
        advance(m)
        completed.removeAll(keepingCapacity: true)
        completedGenerations.removeAll(keepingCapacity: true)
        var i = 0
        while i < machines[m].active.count {
            let c = Int(machines[m].active[i])
            let v = containers[c].virtualTime + 1e-9
            while let top = containers[c].jobs.first, top.finish <= v {
                let r = popJob(c).request
                completed.append(r)
                completedGenerations.append(requests[Int(r)].generation)
            }
            if containers[c].jobs.isEmpty {
                deactivate(c, machine: m)  // swap-removes index i; re-examine it
            } else {
                i += 1
            }
        }
        reschedule(m)
        // Requests continue after the machine's state is consistent (they may start new work).
        // Nothing re-enters `cpuDone` while requests continue, so `completed` is stable here; a
        // request may have died meanwhile (its container OOM-killed), hence the generation check.
        var k = 0
        while k < completed.count {
            let r = completed[k]
            if requests[Int(r)].generation == completedGenerations[k] && requests[Int(r)].phase == .cpu { nextStep(r) }
            k += 1
        }
    }

    /// Removes a container from its machine's active list.
    mutating func deactivate(_ c: Int, machine m: Int) {
        let idx = Int(containers[c].activeIndex)
        guard idx >= 0 else { return }
        let last = machines[m].active.removeLast()
        if idx < machines[m].active.count {
            machines[m].active[idx] = last
            containers[Int(last)].activeIndex = Int32(idx)
        }
        containers[c].activeIndex = -1
        containers[c].virtualTime = 0
        containers[c].rate = 0
    }

    /// Recomputes rates on machine `m` and schedules its next completion.
    mutating func reschedule(_ m: Int) {
        recomputeRates(m)
        var best = Double.infinity
        for i in 0..<machines[m].active.count {
            let ci = Int(machines[m].active[i])
            let r = containers[ci].rate
            guard r > 0, let top = containers[ci].jobs.first else { continue }
            best = min(best, max(0, top.finish - containers[ci].virtualTime) / r)
        }
        guard best.isFinite else { return }
        let at = queue.now.nanoseconds + Int64((best * 1e9).rounded(.up))
        // A pending completion event that is not later than the new earliest completion stays:
        // if it fires early it finds nothing due and reschedules. This saves a heap push for most
        // arrivals on an unsaturated machine (the new job does not finish first).
        if machines[m].scheduledAt <= at { return }
        machines[m].generation &+= 1
        machines[m].scheduledAt = at
        queue.schedule(at: SimInstant(nanoseconds: at), priority: 100, .cpuDone(machine: Int32(m), generation: machines[m].generation))
    }

    /// Sets each active container's per-thread rate on machine `m`.
    ///
    /// - `none`: every runnable thread gets min(1, cores / threads).
    /// - `shares` / `quota`: weighted max-min fairness (water-filling) between containers with
    ///   weights = CPU requests and demands = running threads (capped at the limit under
    ///   `quota`); a container's allocation is split equally between its threads.
    /// - Complexity: O(k log k) for k active containers (O(k) when the machine is not saturated).
    mutating func recomputeRates(_ m: Int) {
        let cores = machines[m].cpu
        var busy = 0.0
        switch config.cpuIsolation {
        case .none:
            var threads = 0
            for i in 0..<machines[m].active.count { threads += containers[Int(machines[m].active[i])].running }
            let r = threads > 0 ? min(1, cores / Double(threads)) : 0
            for i in 0..<machines[m].active.count { containers[Int(machines[m].active[i])].rate = r }
            busy = r * Double(threads)
        case .shares, .quota:
            var demand = 0.0
            for i in 0..<machines[m].active.count {
                let ci = Int(machines[m].active[i])
                demand += min(Double(containers[ci].running), containers[ci].cap)
            }
            if demand <= cores {
                for i in 0..<machines[m].active.count {
                    let ci = Int(machines[m].active[i])
                    let n = Double(containers[ci].running)
                    containers[ci].rate = min(n, containers[ci].cap) / n
                }
                busy = demand
            } else {
                busy = waterFill(m, cores: cores)
            }
        }
        machines[m].busy = busy
    }

    /// Weighted water-filling: containers sorted by demand/weight; each either gets its whole
    /// demand or, from the first one that cannot, all remaining get weight × level.
    mutating func waterFill(_ m: Int, cores: Double) -> Double {
        fillOrder.removeAll(keepingCapacity: true)
        fillOrder.append(contentsOf: machines[m].active)
        func ratio(_ c: Int32) -> Double {
            let ci = Int(c)
            return min(Double(containers[ci].running), containers[ci].cap) / containers[ci].weight
        }
        // insertion sort: k is small (containers with running work on one machine)
        for i in 1..<max(1, fillOrder.count) {
            let x = fillOrder[i], rx = ratio(x)
            var j = i - 1
            while j >= 0 && ratio(fillOrder[j]) > rx {
                fillOrder[j + 1] = fillOrder[j]
                j -= 1
            }
            fillOrder[j + 1] = x
        }
        var remaining = cores
        var weights = 0.0
        for c in fillOrder { weights += containers[Int(c)].weight }
        var saturated = false
        var level = 0.0
        for c in fillOrder {
            let ci = Int(c)
            let n = Double(containers[ci].running)
            let d = min(n, containers[ci].cap)
            if !saturated && d / containers[ci].weight <= remaining / weights {
                containers[ci].rate = d / n
                remaining -= d
                weights -= containers[ci].weight
            } else {
                if !saturated { level = remaining / weights; saturated = true }
                containers[ci].rate = containers[ci].weight * level / n
            }
        }
        return cores
    }

    // MARK: per-container job heap

    mutating func pushJob(_ c: Int, _ job: Job) {
        containers[c].jobs.append(job)
        var i = containers[c].jobs.count - 1
        while i > 0 {
            let p = (i - 1) >> 1
            if containers[c].jobs[p].finish <= job.finish { break }
            containers[c].jobs[i] = containers[c].jobs[p]
            i = p
        }
        containers[c].jobs[i] = job
    }

    mutating func popJob(_ c: Int) -> Job {
        let top = containers[c].jobs[0]
        let last = containers[c].jobs.removeLast()
        let n = containers[c].jobs.count
        if n == 0 { return top }
        var i = 0
        while true {
            var child = 2 * i + 1
            if child >= n { break }
            if child + 1 < n && containers[c].jobs[child + 1].finish < containers[c].jobs[child].finish { child += 1 }
            if containers[c].jobs[child].finish >= last.finish { break }
            containers[c].jobs[i] = containers[c].jobs[child]
            i = child
        }
        containers[c].jobs[i] = last
        return top
    }

    /// Removes request `r`'s job from container `c` (used when a container dies).
    mutating func clearJobs(_ c: Int) {
        let m = Int(containers[c].machine)
        advance(m)
        containers[c].jobs.removeAll(keepingCapacity: true)
        deactivate(c, machine: m)
        reschedule(m)
    }
}
