import BulkheadKernel
import BulkheadStochastic

/// Phases of the `.hog` model event.
enum HogPhase: UInt8 {
    /// Hog `index` starts an activation.
    case start = 0
    /// Hog `index`'s activation number `arg` ends (stale if another one is running by then).
    case end = 1
    /// Machine `index`'s earliest leak crossing is due (stale unless `arg` is its generation).
    case leakCheck = 2
    /// Retry process `index` delivers an extra request.
    case retryArrival = 3
    /// Machine `index` folds its leaks at a minute boundary, so memory samples see them.
    case leakTick = 4
    /// Batch hog `index` places its waiting tasks in free slots (Simulation+Batch.swift).
    case batchDispatch = 5
}

/// Everything the model keeps about hogs, pinned cores and interference, kept apart from the
/// request hot path: per-hog activation state, per-container leaks, retry processes.
struct HogState {
    struct Run {
        var active = false
        var sequence: Int32 = 0
        var incident = -1
        var containers: [Int32] = []
        /// Kill counts of `containers` when the activation started (a killed container's spin ended).
        var killsAtStart: [Int] = []
        /// When the activation ends (ns), `.max` when only the container's death ends it.
        var until: Int64 = .max
    }
    /// An extra Poisson stream of requests from one balancer to a retry-storm's service.
    struct Retry {
        var hog: Int
        var balancer: Int
        var service: Int32
        var process: ArrivalProcess
        var stream: RandomStream
        var next: Double = 0
    }
    var runs: [Run]
    var targetStreams: [RandomStream]
    var timeStreams: [RandomStream]
    var replicasOf: [[Int32]]
    var retries: [Retry] = []
    /// Per container: leak rate (bytes/s, 0 = none), when it was last folded (ns), its hog (-1).
    var leakRate: [Double]
    var leakSince: [Int64]
    var leakHog: [Int32]
    /// Per container: some hog acts on it (threads or leak), so a kill must tell the hog.
    var touched: [Bool]
    /// Per machine: leaking containers, crossing-event generation, minute tick armed.
    var leakersOn: [Int32]
    var leakGeneration: [UInt32]
    var leakTickArmed: [Bool]
    /// Per machine under `pinned`: cores left to containers without a limit.
    var sharedPool: [Double] = []
    /// Per container: interference sensitivity (empty when interference is off).
    var sensitivity: [Double] = []
    /// Batch jobs (Simulation+Batch.swift).
    var batch: BatchState

    init(config: ClusterConfig, streams: StreamFactory, machines: Int, containers: Int) {
        runs = Array(repeating: Run(), count: config.hogs.count)
        targetStreams = config.hogs.indices.map { streams.stream("hogs/\($0)/target") }
        timeStreams = config.hogs.indices.map { streams.stream("hogs/\($0)/times") }
        replicasOf = Array(repeating: [], count: config.services.count)
        leakRate = Array(repeating: 0, count: containers)
        leakSince = Array(repeating: 0, count: containers)
        leakHog = Array(repeating: -1, count: containers)
        touched = Array(repeating: false, count: containers)
        leakersOn = Array(repeating: 0, count: machines)
        leakGeneration = Array(repeating: 0, count: machines)
        leakTickArmed = Array(repeating: false, count: machines)
        batch = BatchState(config: config, streams: streams, containers: containers)
        for (h, hog) in config.hogs.enumerated() {
            guard case .retryStorm(let factor) = hog.kind else { continue }
            for (b, lb) in config.balancers.enumerated() {
                let total = lb.routes.reduce(0) { $0 + $1.weight }
                let w = lb.routes.filter { $0.service == hog.service }.reduce(0) { $0 + $1.weight }
                guard w > 0, total > 0 else { continue }
                let rate = (factor - 1) * lb.arrivals.baseRate * w / total
                retries.append(Retry(hog: h, balancer: b, service: Int32(hog.service),
                                     process: ArrivalProcess(rate: rate, profile: lb.arrivals.profile),
                                     stream: streams.stream("hogs/\(h)/retries/\(lb.name)")))
            }
        }
    }

    /// Extends the per-container tables to `count` containers (the parked slots of autoscaled
    /// services are appended after the placed containers).
    mutating func addContainers(upTo count: Int) {
        let extra = count - leakRate.count
        guard extra > 0 else { return }
        leakRate += Array(repeating: 0, count: extra)
        leakSince += Array(repeating: 0, count: extra)
        leakHog += Array(repeating: -1, count: extra)
        touched += Array(repeating: false, count: extra)
        batch.runningOn += Array(repeating: 0, count: extra)
    }

    /// Whether a kill of container `c` concerns a hog.
    @inline(__always) func touches(_ c: Int) -> Bool { !touched.isEmpty && touched[c] }
}

/// Resource hogs: CPU spinners and thread storms (always-runnable threads that take CPU by the
/// isolation rules exactly as request jobs do), memory leaks (linear growth with the exact
/// crossing time of the limit or of the machine's memory scheduled), and retry storms (an extra
/// Poisson stream superposed on the service's traffic). See docs/model.md, "Resource hogs".
extension Simulation {
    /// Schedules the first activation of every hog.
    mutating func scheduleHogs() {
        guard !config.hogs.isEmpty else { return }
        for (k, c) in containers.enumerated() { hogs.replicasOf[Int(c.service)].append(Int32(k)) }
        for (h, hog) in config.hogs.enumerated() {
            switch hog.timing {
            case .scheduled(let at, _):
                if at <= end { queue.schedule(at: at, priority: 45, .hog(phase: HogPhase.start.rawValue, index: Int32(h), arg: 0)) }
            case .random(let every, _):
                scheduleNextActivation(h, every: every)
            }
        }
    }

    mutating func scheduleNextActivation(_ h: Int, every: Distribution) {
        let gap = every.sampleNonNegative(hogs.timeStreams[h])
        let at = queue.now + .seconds(gap)
        if at <= end { queue.schedule(at: at, priority: 45, .hog(phase: HogPhase.start.rawValue, index: Int32(h), arg: 0)) }
    }

    mutating func hogEvent(_ phase: UInt8, _ index: Int, _ arg: Int32) {
        switch HogPhase(rawValue: phase) {
        case .start: startActivation(index)
        case .end: if hogs.runs[index].active && hogs.runs[index].sequence == arg { endActivation(index) }
        case .leakCheck: if hogs.leakGeneration[index] == UInt32(bitPattern: arg) { leakCheck(index) }
        case .retryArrival: retryArrival(index)
        case .leakTick: leakTick(index)
        case .batchDispatch: dispatchBatch(index)
        case nil: preconditionFailure("unknown hog phase \(phase)")
        }
    }

    /// Starts an activation of hog `h`: picks its containers, reports the incident, applies the effect.
    mutating func startActivation(_ h: Int) {
        let hog = config.hogs[h]
        let replicas = hogs.replicasOf[hog.service]
        guard !replicas.isEmpty || hog.kind.isBatch, !hogs.runs[h].active else { return }
        let targets: [Int32]
        if hog.allReplicas || hog.kind.isRetryStorm || hog.kind.isBatch {
            targets = replicas
        } else {
            targets = [replicas[hogs.targetStreams[h].int(below: replicas.count)]]
        }
        var duration: SimDuration?
        switch hog.timing {
        case .scheduled(_, let d): duration = d
        case .random(_, let d): duration = d.map { .seconds($0.sampleNonNegative(hogs.timeStreams[h])) }
        }
        let service = config.services[hog.service]
        let name = hog.allReplicas || hog.kind.isRetryStorm || hog.kind.isBatch || targets.isEmpty
            ? service.name : "\(service.name)-\(replicas.firstIndex(of: targets[0]) ?? 0)"
        let id = incidentCount
        incidentCount += 1
        var incident = Incident(id: id, kind: "hog/\(hog.kind.name)", target: name, start: queue.now)
        incident.tenant = service.tenant
        observer.incidentStarted(incident)
        hogs.runs[h].active = true
        hogs.runs[h].sequence &+= 1
        hogs.runs[h].incident = id
        hogs.runs[h].containers = targets
        hogs.runs[h].killsAtStart = targets.map { containers[Int($0)].kills }
        hogs.runs[h].until = duration.map { (queue.now + $0).nanoseconds } ?? .max
        switch hog.kind {
        case .cpuSpin(let k), .threadStorm(let k):
            for c in targets where containers[Int(c)].alive {
                hogs.touched[Int(c)] = true
                addHogThreads(Int(c), Int32(k))
            }
        case .memoryLeak(let rate):
            var leaking = 0
            for c in targets where containers[Int(c)].alive && hogs.leakRate[Int(c)] == 0 {
                startLeak(Int(c), rate: rate, hog: h)
                leaking += 1
            }
            if leaking == 0 { return endActivation(h) }
        case .retryStorm:
            let t0 = queue.now.seconds
            for k in hogs.retries.indices where hogs.retries[k].hog == h {
                hogs.retries[k].next = t0
                scheduleRetry(k)
            }
        case .batch:
            startBatchJob(h)
        }
        if let duration {
            queue.schedule(after: duration, priority: 45,
                           .hog(phase: HogPhase.end.rawValue, index: Int32(h), arg: hogs.runs[h].sequence))
        }
    }

    /// Ends hog `h`'s current activation now: spinning threads stop, leaks stop growing (the
    /// leaked memory stays until the container restarts), retries stop; the next random
    /// activation is scheduled.
    mutating func endActivation(_ h: Int) {
        let run = hogs.runs[h]
        guard run.active else { return }
        hogs.runs[h].active = false
        switch config.hogs[h].kind {
        case .cpuSpin(let k), .threadStorm(let k):
            for (i, c) in run.containers.enumerated() where containers[Int(c)].kills == run.killsAtStart[i]
                && containers[Int(c)].alive {
                addHogThreads(Int(c), -Int32(k))
            }
        case .memoryLeak:
            for c in run.containers where hogs.leakHog[Int(c)] == Int32(h) { stopLeak(Int(c)) }
        case .retryStorm, .batch:
            break
        }
        observer.incidentEnded(id: run.incident, at: queue.now)
        if case .random(let every, _) = config.hogs[h].timing { scheduleNextActivation(h, every: every) }
    }

    /// Container `c` is being killed: its hog threads die with it, its leak stops, and a leak
    /// activation with no leaking container left is over.
    mutating func hogContainerKilled(_ c: Int) {
        if containers[c].hogThreads > 0 { addHogThreads(c, -containers[c].hogThreads) }
        let h = Int(hogs.leakHog[c])
        if h >= 0 {
            stopLeak(c)
            if !hogs.runs[h].containers.contains(where: { hogs.leakHog[Int($0)] == Int32(h) }) { endActivation(h) }
        }
        if hogs.batch.runningOn[c] > 0 { batchContainerKilled(c) }
        hogs.touched[c] = false
    }

    /// Adds `k` (possibly negative) always-runnable threads to container `c`.
    mutating func addHogThreads(_ c: Int, _ k: Int32) {
        let m = Int(containers[c].machine)
        advance(m)
        fold(c)
        let before = demand(c)
        containers[c].hogThreads = max(0, containers[c].hogThreads + k)
        jobsChanged(c, machine: m, demandBefore: before)
    }

    // MARK: memory leaks

    mutating func startLeak(_ c: Int, rate: Double, hog h: Int) {
        let m = Int(containers[c].machine)
        foldLeaks(m)
        hogs.leakRate[c] = rate
        hogs.leakSince[c] = queue.now.nanoseconds
        hogs.leakHog[c] = Int32(h)
        hogs.touched[c] = true
        hogs.leakersOn[m] += 1
        scheduleLeakCheck(m)
        if !hogs.leakTickArmed[m] {
            hogs.leakTickArmed[m] = true
            scheduleLeakTick(m)
        }
    }

    mutating func stopLeak(_ c: Int) {
        let m = Int(containers[c].machine)
        foldLeaks(m)
        hogs.leakRate[c] = 0
        hogs.leakHog[c] = -1
        hogs.leakersOn[m] -= 1
        scheduleLeakCheck(m)
    }

    /// Brings every leak on machine `m` up to now. The machine's memory integral gets the exact
    /// area of the linear growth (rate × dt² / 2 above the level `advance` integrated).
    mutating func foldLeaks(_ m: Int) {
        advance(m)
        let now = queue.now.nanoseconds
        for k in machines[m].containers {
            let c = Int(k)
            let rate = hogs.leakRate[c]
            guard rate > 0 else { continue }
            let dt = Double(now - hogs.leakSince[c]) * 1e-9
            hogs.leakSince[c] = now
            guard dt > 0 else { continue }
            let bytes = rate * dt
            containers[c].memoryUsed += bytes
            machines[m].memoryUsed += bytes
            machines[m].memoryIntegral += bytes * dt / 2
        }
    }

    /// Schedules the exact time the first leak on `m` reaches its container's limit or fills the
    /// machine (from the current, folded levels), invalidating any earlier schedule.
    /// - Complexity: O(containers on the machine).
    mutating func scheduleLeakCheck(_ m: Int) {
        hogs.leakGeneration[m] &+= 1
        guard hogs.leakersOn[m] > 0 else { return }
        var t = Double.infinity
        var total = 0.0
        for k in machines[m].containers {
            let c = Int(k)
            let rate = hogs.leakRate[c]
            guard rate > 0 else { continue }
            total += rate
            if containers[c].memoryLimit.isFinite {
                t = min(t, max(0, containers[c].memoryLimit - containers[c].memoryUsed) / rate)
            }
        }
        t = min(t, max(0, machines[m].memory - machines[m].memoryUsed) / total)
        guard t.isFinite, t * 1e9 < Double(end.nanoseconds - queue.now.nanoseconds) + 1 else { return }
        let at = SimInstant(nanoseconds: queue.now.nanoseconds + Int64((t * 1e9).rounded(.up)))
        queue.schedule(at: at, priority: 45, .hog(phase: HogPhase.leakCheck.rawValue, index: Int32(m),
                                                  arg: Int32(bitPattern: hogs.leakGeneration[m])))
    }

    /// A leak crossing is due on machine `m`: a leaker past its limit is OOM-killed; a full
    /// machine has its OOM killer kill the largest container (innocent unless it is leaking).
    mutating func leakCheck(_ m: Int) {
        foldLeaks(m)
        for k in machines[m].containers {
            let c = Int(k)
            // The event is at the crossing rounded up to the nanosecond: allow a byte of rounding.
            if hogs.leakRate[c] > 0 && containers[c].memoryUsed + 1 > containers[c].memoryLimit {
                kill(c, reason: .oomLimit, innocent: false)
            }
        }
        machineOOM(m, slack: 1, allocator: -1)
        scheduleLeakCheck(m)
    }

    /// The machine OOM killer while leaks run: kills the largest live container until memory fits.
    /// A victim is innocent unless it is leaking (the leak is the culprit, whichever allocation
    /// tipped the machine over); without leaks it is innocent unless it is `allocator`.
    mutating func machineOOM(_ m: Int, slack: Double, allocator: Int) {
        while machines[m].memoryUsed + slack > machines[m].memory {
            var victim = -1
            var largest = -1.0
            var leaking = false
            for k in machines[m].containers {
                let ki = Int(k)
                if containers[ki].alive {
                    if hogs.leakRate[ki] > 0 { leaking = true }
                    if containers[ki].memoryUsed > largest {
                        largest = containers[ki].memoryUsed
                        victim = ki
                    }
                }
            }
            guard victim >= 0 else { break }
            let innocent = leaking ? hogs.leakRate[victim] == 0 : victim != allocator
            kill(victim, reason: .oomMachine, innocent: innocent)
        }
    }

    /// `addMemory` on a machine with leaks: fold them first, then the same rules as `addMemory`,
    /// then reschedule the crossing (an allocation brings it closer).
    mutating func addMemoryWithLeaks(container c: Int, _ bytes: Double) {
        let m = Int(containers[c].machine)
        foldLeaks(m)
        containers[c].memoryUsed += bytes
        machines[m].memoryUsed += bytes
        if containers[c].memoryUsed > containers[c].memoryLimit {
            kill(c, reason: .oomLimit, innocent: false)
        } else {
            machineOOM(m, slack: 0, allocator: c)
        }
        scheduleLeakCheck(m)
    }

    mutating func scheduleLeakTick(_ m: Int) {
        let next = (queue.now.nanoseconds / 60_000_000_000 + 1) * 60_000_000_000
        guard next <= end.nanoseconds else { return }
        queue.schedule(at: SimInstant(nanoseconds: next), priority: 254, .hog(phase: HogPhase.leakTick.rawValue,
                                                                                index: Int32(m), arg: 0))
    }

    mutating func leakTick(_ m: Int) {
        guard hogs.leakersOn[m] > 0 else {
            hogs.leakTickArmed[m] = false
            return
        }
        foldLeaks(m)
        scheduleLeakTick(m)
    }

    // MARK: retry storms

    /// Schedules retry process `k`'s next arrival if it falls inside its activation.
    mutating func scheduleRetry(_ k: Int) {
        let t = hogs.retries[k].process.next(after: hogs.retries[k].next, hogs.retries[k].stream)
        hogs.retries[k].next = t
        let until = hogs.runs[hogs.retries[k].hog].until
        guard t.isFinite, t * 1e9 < Double(min(until, end.nanoseconds)) else { return }
        let at = SimInstant(nanoseconds: max(queue.now.nanoseconds, Int64((t * 1e9).rounded(.up))))
        queue.schedule(at: at, .hog(phase: HogPhase.retryArrival.rawValue, index: Int32(k), arg: 0))
    }

    /// An extra (retried) request from a client of a retry-storm's service.
    mutating func retryArrival(_ k: Int) {
        guard hogs.runs[hogs.retries[k].hog].active else { return }
        let r = newRequest(service: hogs.retries[k].service, parent: -1, external: true)
        dispatch(r, balancer: hogs.retries[k].balancer)
        scheduleRetry(k)
    }
}

extension HogConfig.Kind {
    var isRetryStorm: Bool { if case .retryStorm = self { true } else { false } }
    var isBatch: Bool { if case .batch = self { true } else { false } }
}
