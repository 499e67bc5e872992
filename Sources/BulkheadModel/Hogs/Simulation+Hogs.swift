import BulkheadKernel
import BulkheadStochastic

/// Resource hogs: CPU spinners and thread storms (always-runnable threads that take CPU by the
/// isolation rules exactly as request jobs do), memory leaks (linear growth with the exact
/// crossing time of the limit or of the machine's memory scheduled, Memory+Leaks.swift), retry
/// storms (an extra Poisson stream superposed on the service's traffic) and batch jobs
/// (Simulation+Batch.swift). See docs/model.md, "Resource hogs".
extension Simulation {
    /// Schedules the first activation of every hog.
    mutating func scheduleHogs() {
        for (k, hog) in config.hogs.enumerated() {
            let h = HogID(k)
            switch hog.timing {
            case .scheduled(let at, _):
                if at <= end { queue.schedule(.hog(.start(h)), at: at) }
            case .random(let every, _):
                scheduleNextActivation(h, every: every)
            }
        }
    }

    mutating func scheduleNextActivation(_ h: HogID, every: Distribution) {
        let gap = every.sampleNonNegative(hogs.timeStreams[h.index])
        let at = queue.now + .seconds(gap)
        if at <= end { queue.schedule(.hog(.start(h)), at: at) }
    }

    mutating func hogEvent(_ event: HogEvent) {
        switch event {
        case .start(let h): startActivation(h)
        case .end(let h, let activation):
            if hogs.runs[h.index].active && hogs.runs[h.index].sequence == activation { endActivation(h) }
        case .batchDispatch(let h): dispatchBatch(h)
        case .workflowRetry(let task): workflowRetryDue(task)
        }
    }

    /// Starts an activation of hog `h`: picks its containers, reports the incident, applies the effect.
    /// - Complexity: O(replicas of its service), plus a batch job's first dispatch.
    mutating func startActivation(_ h: HogID) {
        let hog = config.hogs[h.index]
        let replicas = cluster.replicas(of: hog.service)
        guard !replicas.isEmpty || hog.kind.isBatch, !hogs.runs[h.index].active else { return }
        let targets: [ContainerID]
        if hog.allReplicas || hog.kind.isRetryStorm || hog.kind.isBatch {
            targets = replicas
        } else {
            // One replica drawn among those placed somewhere: never a parked autoscaling slot
            // (or a container gone with a replaced machine). With none, this activation is skipped.
            let placed = replicas.filter { !cluster.isEvicted($0) }
            guard !placed.isEmpty else {
                if case .random(let every, _) = hog.timing { scheduleNextActivation(h, every: every) }
                return
            }
            targets = [placed[hogs.targetStreams[h.index].int(below: placed.count)]]
        }
        var duration: SimDuration?
        switch hog.timing {
        case .scheduled(_, let d): duration = d
        case .random(_, let d): duration = d.map { .seconds($0.sampleNonNegative(hogs.timeStreams[h.index])) }
        }
        let service = config.services[hog.service]
        let name =
            hog.allReplicas || hog.kind.isRetryStorm || hog.kind.isBatch || targets.isEmpty
            ? service.name : "\(service.name)-\(replicas.firstIndex(of: targets[0]) ?? 0)"
        let id = startIncident(kind: "hog/\(hog.kind.name)", target: name, tenant: service.tenant)
        hogs.runs[h.index].active = true
        hogs.runs[h.index].sequence &+= 1
        hogs.runs[h.index].incident = id
        hogs.runs[h.index].containers = targets
        hogs.runs[h.index].killsAtStart = targets.map { cluster.kills($0) }
        hogs.runs[h.index].until = duration.map { (queue.now + $0).nanoseconds } ?? .max
        switch hog.kind {
        case .cpuSpin(let k), .threadStorm(let k):
            for c in targets where cluster.isAlive(c) {
                hogs.touch(c)
                addHogThreads(c, Int32(k))
            }
        case .memoryLeak(let rate):
            var leaking = 0
            for c in targets where cluster.isAlive(c) && !memory.isLeaking(c) {
                startLeak(c, rate: rate, hog: h)
                leaking += 1
            }
            if leaking == 0 { return endActivation(h) }
        case .retryStorm:
            let t0 = queue.now.seconds
            for k in hogs.retries.indices where hogs.retries[k].hog == h {
                hogs.retries[k].last = t0
                scheduleRetry(RetryID(k))
            }
        case .batch, .workflow:
            startBatchJob(h)
        }
        if let duration { queue.schedule(.hog(.end(h, activation: hogs.runs[h.index].sequence)), after: duration) }
    }

    /// Ends hog `h`'s current activation now: spinning threads stop, leaks stop growing (the
    /// leaked memory stays until the container restarts), retries stop; the next random
    /// activation is scheduled.
    /// - Complexity: O(containers of the activation).
    mutating func endActivation(_ h: HogID) {
        let run = hogs.runs[h.index]
        guard run.active else { return }
        hogs.runs[h.index].active = false
        switch config.hogs[h.index].kind {
        case .cpuSpin(let k), .threadStorm(let k):
            for (i, c) in run.containers.enumerated() where cluster.kills(c) == run.killsAtStart[i] && cluster.isAlive(c) {
                addHogThreads(c, -Int32(k))
            }
        case .memoryLeak:
            for c in run.containers where memory.leakOwner(c) == h { stopLeak(c) }
        case .retryStorm, .batch, .workflow:
            break
        }
        endIncident(run.incident)
        if case .random(let every, _) = config.hogs[h.index].timing { scheduleNextActivation(h, every: every) }
    }

    /// Container `c` is being killed: its hog threads die with it, its leak stops, and a leak
    /// activation with no leaking container left is over; its batch tasks go back to waiting.
    /// - Complexity: O(containers of its leak's activation + tasks of running batch jobs).
    mutating func hogContainerKilled(_ c: ContainerID) {
        let threads = cpu.hogThreads(c)
        if threads > 0 { addHogThreads(c, -threads) }
        let h = memory.leakOwner(c)
        if !h.isNone {
            stopLeak(c)
            if !hogs.runs[h.index].containers.contains(where: { memory.leakOwner($0) == h }) { endActivation(h) }
        }
        if batch.runsTasks(c) { batchContainerKilled(c) }
        hogs.touched[c.index] = false
    }

    /// Adds `k` (possibly negative) always-runnable threads to container `c`.
    mutating func addHogThreads(_ c: ContainerID, _ k: Int32) {
        let m = cluster.machine(of: c)
        advance(m)
        cpu.addHogThreads(c, on: m, k, queue: &queue)
    }

    // MARK: retry storms

    /// Schedules retry process `k`'s next arrival if it falls inside its activation.
    mutating func scheduleRetry(_ k: RetryID) {
        guard let at = hogs.nextRetry(k, now: queue.now, end: end) else { return }
        queue.schedule(.retryArrival(k), at: at)
    }

    /// An extra (retried) request from a client of a retry storm's service.
    mutating func retryArrival(_ k: RetryID) {
        let retry = hogs.retries[k.index]
        guard hogs.runs[retry.hog.index].active else { return }
        let r = newRequest(service: retry.service, parent: .none, external: true)
        dispatch(r, balancer: retry.balancer)
        scheduleRetry(k)
    }
}
