import BulkheadKernel

/// CPU: processor sharing per machine, computed exactly and event-driven.
///
/// Each container keeps a *virtual time* V (CPU-seconds each of its running threads has received)
/// and a min-heap of finish tags F = V(at arrival) + work. Between changes every thread of a
/// container runs at the same rate r, so V grows at r and its next completion is at
/// (min F − V) / r. V is folded lazily (only when the container's rate or job set changes), and
/// each machine keeps the next completion time of each active container in a flat array and one
/// `cpuDone` event for the earliest (older events are made stale by a generation counter).
///
/// Rates change for one container only, as long as the machine is uncontended before and after a
/// change (every thread gets a full core, capped by the limit under quota): the common case
/// costs O(1) plus an O(k) scan of k integers. When demand exceeds the cores, all rates are
/// recomputed by water-filling.
extension Simulation {
    /// Brings a machine's utilisation integrals up to now.
    /// Inlined (as `fold`): called several times per event, and small.
    @inline(__always) mutating func advance(_ m: Int) {
        let now = queue.now.nanoseconds
        let dtNs = now - machines[m].lastUpdate
        guard dtNs > 0 else { return }
        let dt = Double(dtNs) * 1e-9
        machines[m].lastUpdate = now
        machines[m].busyIntegral += machines[m].busy * dt
        machines[m].memoryIntegral += machines[m].memoryUsed * dt
    }

    /// Brings container `c`'s virtual time and CPU account up to now.
    @inline(__always) mutating func fold(_ c: Int) {
        let now = queue.now.nanoseconds
        let dtNs = now - containers[c].lastFold
        containers[c].lastFold = now
        guard dtNs > 0 else { return }
        let dt = Double(dtNs) * 1e-9
        let r = containers[c].rate
        // `speed` is 1 unless interference slows the container (Simulation+Interference.swift).
        containers[c].virtualTime += r * containers[c].speed * dt
        containers[c].cpuSeconds += r * Double(containers[c].running) * dt
    }

    /// Container `c`'s CPU demand in cores: its running threads (requests' and hogs'), capped at
    /// its limit under quota (its pinned cores under pinned).
    @inline(__always) func demand(_ c: Int) -> Double {
        // `cap` is +∞ unless isolation is `quota` or `pinned` (see `Simulation.init`), and under
        // `none` the demand is the thread count: both cases are min(threads, cap).
        min(Double(containers[c].running), containers[c].cap)
    }

    /// Starts `work` CPU-seconds of single-threaded work for request `r` in container `c`.
    mutating func startWork(_ r: Int32, container c: Int, work: Double) {
        let m = Int(containers[c].machine)
        advance(m)
        fold(c)
        let before = demand(c)
        pushJob(c, Job(finish: containers[c].virtualTime + work, request: r))
        jobsChanged(c, machine: m, demandBefore: before)
    }

    /// The machine's earliest completion is due: completes every job whose tag is reached.
    mutating func cpuDone(_ m: Int) {
        machines[m].scheduledAt = .max
        advance(m)
        let now = queue.now.nanoseconds
        var due = 0
        for i in 0..<machines[m].activeNext.count where machines[m].activeNext[i] <= now {
            let c = machines[m].active[i]
            if due < dueContainers.count { dueContainers[due] = c } else { dueContainers.append(c) }
            due += 1
        }
        var done = 0
        for k in 0..<due {
            let c = Int(dueContainers[k])
            fold(c)
            let before = demand(c)
            let v = containers[c].virtualTime + 1e-9
            while let top = containers[c].jobs.first, top.finish <= v {
                let r = popJob(c).request
                // A negative id is a batch task (Simulation+Batch.swift); its generation is its attempt.
                let g = r >= 0 ? requests[Int(r)].generation : batchAttempt(r)
                if done < completed.count {
                    completed[done] = r
                    completedGenerations[done] = g
                } else {
                    completed.append(r)
                    completedGenerations.append(g)
                }
                done += 1
            }
            // The last container's update skips its own `scheduleCompletion`: the one just below
            // does the same scan with nothing changed in between (saves one O(k) scan per event).
            jobsChanged(c, machine: m, demandBefore: before, schedule: k != due - 1)
        }
        scheduleCompletion(m)
        // Nothing re-enters `cpuDone` while requests continue, so `completed` is stable here; a
        // request may have died meanwhile (its container OOM-killed), hence the generation check.
        var k = 0
        while k < done {
            let r = completed[k]
            if r < 0 {
                batchTaskDone(r, attempt: completedGenerations[k])
            } else if requests[Int(r)].generation == completedGenerations[k] && requests[Int(r)].phase == .cpu {
                nextStep(r)
            }
            k += 1
        }
    }

    /// Container `c` (already folded) has a new set of jobs: update the machine's active list,
    /// demand, rates and completion times, and (unless `schedule` is false: the caller does it
    /// next) make sure the earliest completion is scheduled.
    mutating func jobsChanged(_ c: Int, machine m: Int, demandBefore: Double, schedule: Bool = true) {
        let n = containers[c].running
        let after = demand(c)
        if n > 0 && containers[c].activeIndex < 0 {
            containers[c].activeIndex = Int32(machines[m].active.count)
            machines[m].active.append(Int32(c))
            machines[m].activeNext.append(.max)
        } else if n == 0 && containers[c].activeIndex >= 0 {
            deactivate(c, machine: m)
        }
        machines[m].demand += after - demandBefore
        let contended = machines[m].demand > machines[m].cpu
        if !contended && !machines[m].saturated {
            // Uncontended before and after: only this container's rate can change.
            machines[m].busy = machines[m].demand
            if n > 0 {
                containers[c].rate = after / Double(n)
                updateNext(c, machine: m)
            }
        } else {
            recomputeRates(m)
        }
        if interferenceOn[m] { applyInterference(m) }
        if schedule { scheduleCompletion(m) }
    }

    /// Recomputes container `c`'s next completion time at its current rate.
    mutating func updateNext(_ c: Int, machine m: Int) {
        let idx = Int(containers[c].activeIndex)
        guard idx >= 0 else { return }
        let r = containers[c].rate
        guard r > 0, let top = containers[c].jobs.first else {
            machines[m].activeNext[idx] = .max
            return
        }
        let wait = max(0, top.finish - containers[c].virtualTime) / (r * containers[c].speed)
        machines[m].activeNext[idx] = containers[c].lastFold + Int64((wait * 1e9).rounded(.up))
    }

    /// Removes a container from its machine's active list.
    mutating func deactivate(_ c: Int, machine m: Int) {
        let idx = Int(containers[c].activeIndex)
        guard idx >= 0 else { return }
        let last = machines[m].active.removeLast()
        let lastNext = machines[m].activeNext.removeLast()
        if idx < machines[m].active.count {
            machines[m].active[idx] = last
            machines[m].activeNext[idx] = lastNext
            containers[Int(last)].activeIndex = Int32(idx)
        }
        containers[c].activeIndex = -1
        containers[c].virtualTime = 0
        containers[c].rate = 0
    }

    /// Makes sure a `cpuDone` event is pending no later than the machine's earliest completion.
    /// A pending event that is not later stays: if it fires early it finds nothing due and
    /// reschedules. This saves a heap push for most arrivals on an uncontended machine.
    mutating func scheduleCompletion(_ m: Int) {
        var best = Int64.max
        // The compiler unrolls this scan with a branch per element (whether written with `min` or
        // `where`); those branches are ~12% of the run's mispredictions (cachegrind branch
        // simulation). A branch-free form was tried and gave no measurable gain.
        for t in machines[m].activeNext.buffer where t < best { best = t }
        guard best != .max, best < machines[m].scheduledAt else { return }
        machines[m].generation &+= 1
        machines[m].scheduledAt = best
        queue.schedule(at: SimInstant(nanoseconds: max(best, queue.now.nanoseconds)), priority: 100,
                       .cpuDone(machine: Int32(m), generation: machines[m].generation))
    }

    /// Sets every active container's per-thread rate on machine `m` (folding each first).
    ///
    /// - `none`: every runnable thread gets min(1, cores / threads).
    /// - `shares` / `quota`: weighted max-min fairness (water-filling) between containers with
    ///   weights = CPU requests and demands = running threads (capped at the limit under
    ///   `quota`); a container's allocation is split equally between its threads.
    /// - Complexity: O(k log k) for k active containers.
    mutating func recomputeRates(_ m: Int) {
        if config.cpuIsolation == .pinned { return recomputePinnedRates(m) }
        let cores = machines[m].cpu
        var demandTotal = 0.0
        for i in 0..<machines[m].active.count {
            let c = Int(machines[m].active[i])
            fold(c)
            demandTotal += demand(c)
        }
        machines[m].demand = demandTotal
        let contended = demandTotal > cores
        machines[m].saturated = contended
        if !contended {
            for i in 0..<machines[m].active.count {
                let c = Int(machines[m].active[i])
                containers[c].rate = demand(c) / Double(containers[c].running)
            }
            machines[m].busy = demandTotal
        } else if config.cpuIsolation == .none {
            let r = cores / demandTotal
            for i in 0..<machines[m].active.count { containers[Int(machines[m].active[i])].rate = r }
            machines[m].busy = cores
        } else {
            machines[m].busy = waterFill(m, cores: cores)
        }
        for i in 0..<machines[m].active.count { updateNext(Int(machines[m].active[i]), machine: m) }
    }

    /// Weighted water-filling of the machine's active containers over its cores.
    mutating func waterFill(_ m: Int, cores: Double) -> Double {
        fillOrder.removeAll(keepingCapacity: true)
        fillOrder.append(contentsOf: machines[m].active)
        shareByWeight(cores)
        return cores
    }

    /// Weighted max-min fair shares of `capacity` cores between the containers in `fillOrder`
    /// (weights = CPU requests, demands = running threads capped at `cap`), which must not all
    /// fit: containers sorted by demand/weight each either get their whole demand or, from the
    /// first one that cannot, all remaining get weight × level. Sets each one's per-thread rate.
    /// Shared by `shares`/`quota` (all cores) and `pinned` (the shared pool).
    /// - Complexity: O(k²) worst case for k containers (insertion sort; k is small).
    mutating func shareByWeight(_ capacity: Double) {
        func ratio(_ c: Int32) -> Double {
            let ci = Int(c)
            return min(Double(containers[ci].running), containers[ci].cap) / containers[ci].weight
        }
        for i in 1..<max(1, fillOrder.count) {
            let x = fillOrder[i], rx = ratio(x)
            var j = i - 1
            while j >= 0 && ratio(fillOrder[j]) > rx {
                fillOrder[j + 1] = fillOrder[j]
                j -= 1
            }
            fillOrder[j + 1] = x
        }
        var remaining = capacity
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

    /// Drops every job of container `c` (it died).
    mutating func clearJobs(_ c: Int) {
        let m = Int(containers[c].machine)
        advance(m)
        fold(c)
        let before = demand(c)
        containers[c].jobs.removeAll()
        jobsChanged(c, machine: m, demandBefore: before)
    }
}
