import BulkheadKernel

/// The autoscaler's state; empty (and never consulted) when no service autoscales.
struct AutoscalerState {
    /// Life cycle of one replica slot of an autoscaled service.
    enum Slot: UInt8 {
        /// Not placed: uses nothing, receives nothing.
        case parked
        /// Placed, starting up: out of the pools until `startupTime` has passed.
        case starting
        /// In the pools (it may still die and restart like any container).
        case serving
        /// Removed by a scale-down: out of the pools, stops after the grace period.
        case stopping
    }
    /// Autoscaled service indices, and per service its position in them (-1: not autoscaled).
    var services: [Int] = []
    var position: [Int] = []
    /// Per autoscaled service (by position): desired replicas, figures, and the target policy's
    /// recommendations (time ns, replicas) within the scale-down window.
    var desired: [Int] = []
    var figures: [ServiceAutoscaling] = []
    var recommendations: [[(at: Int64, replicas: Int)]] = []
    var lastEvaluation: [Int64] = []
    /// Per container (all containers; only those of autoscaled services change).
    var slot: [Slot] = []
    var generation: [Int32] = []
    var cpuMark: [Double] = []
    /// Per container: a wanted replica that did not fit yet (counted once as an unplaceable scale-up).
    var unplaced: [Bool] = []
}

/// Autoscaling (`services[i].autoscaling`): a daily schedule or a CPU target (the Kubernetes HPA,
/// https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#algorithm-details).
/// Each autoscaled service has `slots` containers from the start; desired count n means replicas
/// 0 ..< n are wanted. A scale-up asks the `Rescheduler` (the placement policy) for a machine; the
/// replica joins the pools after `startupTime`. One that fits nowhere is counted and retried at the
/// next evaluation. A scale-down takes the newest replicas out of the pools at once; they stop
/// after the grace period. Evaluations, readiness and stops are rare events: nothing per request.
extension Simulation {
    /// Appends the parked slots of autoscaled services (after every placed container, so that
    /// container indices of the placement are unchanged). Called once by `init`.
    mutating func setUpAutoscaling() {
        guard config.services.contains(where: { $0.autoscaling != nil }) else { return }
        var a = AutoscalerState()
        a.position = Array(repeating: -1, count: config.services.count)
        for (s, svc) in config.services.enumerated() {
            guard let auto = svc.autoscaling else { continue }
            a.position[s] = a.services.count
            a.services.append(s)
            a.desired.append(svc.replicas)
            a.figures.append(ServiceAutoscaling(service: svc.name))
            a.recommendations.append([])
            a.lastEvaluation.append(0)
            while serviceContainers[s].count < max(auto.slots, svc.replicas) {
                let c = Int32(containers.count)
                containers.append(
                    ContainerState(
                        service: Int32(s), machine: 0, alive: false, evicted: true, weight: max(0.002, svc.cpuRequest),
                        cap: config.cpuIsolation == .quota ? (svc.cpuLimit ?? .infinity) : .infinity,
                        memoryLimit: config.memoryIsolation == .limits ? (svc.memoryLimit ?? .infinity) : .infinity,
                        memoryBase: svc.memoryBase, memoryPerRequest: svc.memoryPerRequest, memoryUsed: 0,
                        restartBackoff: config.restartBackoff))
                crashIncident.append(-1)
                releaseOf.append(-1)
                inFlight.append(0)
                excludedFromPools.append(true)
                lostAt.append(-1)
                serviceContainers[s].append(c)
                for b in balancers.indices {
                    let p = Int(balancers[b].poolOfService[s])
                    guard p >= 0 else { continue }
                    balancers[b].pools[p].replicas.append(c)
                    balancers[b].pools[p].believedHealthy.append(false)
                    balancers[b].pools[p].consecutive.append(0)
                }
            }
        }
        a.slot = containers.map { $0.evicted ? .parked : .serving }
        a.generation = Array(repeating: 0, count: containers.count)
        a.cpuMark = Array(repeating: 0, count: containers.count)
        a.unplaced = Array(repeating: false, count: containers.count)
        autoscaler = a
    }

    /// Schedules every autoscaled service's first evaluation and the per-minute samples.
    mutating func scheduleAutoscaling() {
        guard !autoscaler.services.isEmpty else { return }
        for s in autoscaler.services {
            switch config.services[s].autoscaling?.policy {
            case .schedule: queue.schedule(at: .zero, priority: 46, .autoscale(service: Int32(s), container: -1, generation: 0))
            case .target(_, _, _, let period, _):
                queue.schedule(after: period, priority: 46, .autoscale(service: Int32(s), container: -1, generation: 0))
            case nil: break
            }
        }
        queue.schedule(after: .minutes(1), priority: 254, .autoscale(service: -1, container: -1, generation: 0))
    }

    /// An autoscaling event: the minute sample (`service` −1), an evaluation (`container` −1), or
    /// a replica's start-up or stop (stale unless `generation` matches).
    mutating func autoscaleEvent(service s: Int, container c: Int, generation g: Int32) {
        if s < 0 { return sampleMinute() }
        if c < 0 { return evaluate(s) }
        guard autoscaler.generation[c] == g else { return }
        switch autoscaler.slot[c] {
        case .starting:
            containerStart(c)
            autoscaler.slot[c] = .serving
            fold(c)
            autoscaler.cpuMark[c] = containers[c].cpuSeconds
            excludedFromPools[c] = false
            rebuildPools(containing: c)
        case .stopping: retire(c)
        case .parked, .serving: break
        }
    }

    /// One evaluation of service `s`'s policy, then the next one.
    mutating func evaluate(_ s: Int) {
        guard let auto = config.services[s].autoscaling else { return }
        let k = autoscaler.position[s]
        let now = queue.now.nanoseconds
        switch auto.policy {
        case .schedule(let steps):
            reconcile(s, desired: Autoscaling.scheduled(steps, at: now))
            // Next: the next step, or a retry sooner while a wanted replica did not fit.
            let tod = now % 86_400_000_000_000
            let day = now - tod
            let next =
                steps.first { $0.timeOfDay.nanoseconds > tod }.map { day + $0.timeOfDay.nanoseconds }
                ?? day + 86_400_000_000_000 + (steps.first?.timeOfDay.nanoseconds ?? 0)
            var at = next
            if waitingReplicas(s) > 0 { at = min(at, now + auto.retryInterval.nanoseconds) }
            if at <= end.nanoseconds {
                queue.schedule(
                    at: SimInstant(nanoseconds: at), priority: 46,
                    .autoscale(service: Int32(s), container: -1, generation: 0))
            }
        case .target(let target, let lo, let hi, let period, let delay):
            reconcile(s, desired: recommend(s, target: target, min: lo, max: hi, window: delay.nanoseconds))
            autoscaler.lastEvaluation[k] = now
            if queue.now + period <= end {
                queue.schedule(after: period, priority: 46, .autoscale(service: Int32(s), container: -1, generation: 0))
            }
        }
    }

    /// The HPA's recommendation for service `s`: ⌈serving × utilisation / target⌉ clamped to
    /// [min, max] (no change within the HPA's default 10% tolerance), then the highest
    /// recommendation of the last `window` ns (the scale-down stabilization window). Utilisation is
    /// measured against the CPU request, as the HPA does; serving × utilisation is computed as the
    /// CPU-seconds all serving replicas used since the last evaluation ÷ (request × period), which
    /// is the HPA's formula when the replica set did not change during the period, and does not
    /// count a replica that joined mid-period (and had no traffic yet) as idle — the HPA likewise
    /// ignores pods without a full metrics window.
    /// - Complexity: O(slots + recommendations in the window).
    mutating func recommend(_ s: Int, target: Double, min lo: Int, max hi: Int, window: Int64) -> Int {
        let k = autoscaler.position[s]
        let now = queue.now.nanoseconds
        let request = config.services[s].cpuRequest
        var used = 0.0
        var serving = 0
        for ci in serviceContainers[s] {
            let c = Int(ci)
            guard autoscaler.slot[c] == .serving, containers[c].alive else { continue }
            fold(c)
            serving += 1
            used += containers[c].cpuSeconds - autoscaler.cpuMark[c]
            autoscaler.cpuMark[c] = containers[c].cpuSeconds
        }
        let period = Double(now - autoscaler.lastEvaluation[k]) / 1e9
        var raw = autoscaler.desired[k]
        if serving > 0 && period > 0 {
            let wanted = used / period / (request * target)
            if abs(wanted / Double(serving) - 1) > 0.1 { raw = Int(wanted.rounded(.up)) }
        }
        raw = Swift.min(hi, Swift.max(lo, raw))
        autoscaler.recommendations[k].removeAll { $0.at <= now - window }
        autoscaler.recommendations[k].append((now, raw))
        return autoscaler.recommendations[k].map(\.replicas).max() ?? raw
    }

    /// Makes replicas 0 ..< `desired` of service `s` wanted and the others not.
    mutating func reconcile(_ s: Int, desired n: Int) {
        let k = autoscaler.position[s]
        let old = autoscaler.desired[k]
        if n > old { autoscaler.figures[k].scaleUps += 1 }
        if n < old { autoscaler.figures[k].scaleDowns += 1 }
        autoscaler.desired[k] = n
        let grace = config.services[s].autoscaling?.gracePeriod ?? .zero
        for (i, ci) in serviceContainers[s].enumerated() {
            let c = Int(ci)
            switch (autoscaler.slot[c], i < n) {
            case (.parked, true):
                if placeSlot(c) {
                    autoscaler.figures[k].replicasAdded += 1
                    autoscaler.unplaced[c] = false
                } else {
                    autoscaler.figures[k].unplaceableAttempts += 1
                    if !autoscaler.unplaced[c] { autoscaler.figures[k].unplaceableScaleUps += 1 }
                    autoscaler.unplaced[c] = true
                }
            case (.stopping, true):
                autoscaler.slot[c] = .serving
                autoscaler.generation[c] &+= 1
                excludedFromPools[c] = false
                rebuildPools(containing: c)
            case (.serving, false):
                autoscaler.figures[k].replicasRemoved += 1
                autoscaler.slot[c] = .stopping
                autoscaler.generation[c] &+= 1
                excludedFromPools[c] = true
                rebuildPools(containing: c)
                if containers[c].alive && inFlight[c] > 0 {
                    queue.schedule(
                        after: grace, priority: 50,
                        .autoscale(service: Int32(s), container: Int32(c), generation: autoscaler.generation[c]))
                } else {
                    retire(c)
                }
            case (.starting, false):
                autoscaler.figures[k].replicasRemoved += 1
                retire(c)
            case (.parked, false):
                autoscaler.unplaced[c] = false
            case (.serving, true), (.starting, true), (.stopping, false): break
            }
        }
    }

    /// Wanted replicas of service `s` that are not placed.
    func waitingReplicas(_ s: Int) -> Int {
        let n = autoscaler.desired[autoscaler.position[s]]
        return serviceContainers[s].prefix(n).filter { autoscaler.slot[Int($0)] == .parked }.count
    }

    /// Asks the rescheduler (the placement policy) for a machine for parked slot `c`; it starts
    /// after `startupTime`. - Complexity: O(containers).
    mutating func placeSlot(_ c: Int) -> Bool {
        guard let rescheduler, let auto = config.services[Int(containers[c].service)].autoscaling else { return false }
        var running: [Placement.Container] = []
        var down = Set<Int>()
        for m in machines.indices where !machines[m].up { down.insert(m) }
        for k in containers.indices where !containers[k].evicted && !stillLost(k) {
            running.append(
                .init(
                    service: Int(containers[k].service), replica: replicaIndex(k),
                    machine: Int(containers[k].machine)))
        }
        guard
            let m = rescheduler.machine(
                service: Int(containers[c].service), replica: replicaIndex(c),
                running: running, down: down)
        else { return false }
        machines[m].containers.append(Int32(c))
        containers[c].machine = Int32(m)
        containers[c].evicted = false
        containers[c].lastFold = queue.now.nanoseconds
        autoscaler.slot[c] = .starting
        autoscaler.generation[c] &+= 1
        queue.schedule(
            after: auto.startupTime, priority: 50,
            .autoscale(service: containers[c].service, container: Int32(c), generation: autoscaler.generation[c]))
        return true
    }

    /// Stops slot `c` and frees its machine: requests still in it fail as `dead-replica`.
    mutating func retire(_ c: Int) {
        let m = Int(containers[c].machine)
        if containers[c].alive {
            advance(m)
            containers[c].alive = false
            clearJobs(c)
            machines[m].memoryUsed -= containers[c].memoryUsed
            containers[c].memoryUsed = 0
            while let r = containers[c].residents.last { finish(r, .deadReplica) }
        }
        if let i = machines[m].containers.firstIndex(of: Int32(c)) { machines[m].containers.remove(at: i) }
        containers[c].evicted = true
        lostAt[c] = -1
        autoscaler.slot[c] = .parked
        autoscaler.generation[c] &+= 1
        excludedFromPools[c] = true
    }

    /// Records every autoscaled service's serving and desired replicas at the end of a minute.
    mutating func sampleMinute() {
        for (k, s) in autoscaler.services.enumerated() {
            let serving = serviceContainers[s].filter { autoscaler.slot[Int($0)] == .serving && containers[Int($0)].alive }
            autoscaler.figures[k].servingPerMinute.append(serving.count)
            autoscaler.figures[k].desiredPerMinute.append(autoscaler.desired[k])
        }
        if queue.now + .minutes(1) <= end {
            queue.schedule(after: .minutes(1), priority: 254, .autoscale(service: -1, container: -1, generation: 0))
        }
    }

    /// Per autoscaled service, what autoscaling did (empty without autoscaling).
    func autoscalingSummary() -> [ServiceAutoscaling] {
        autoscaler.services.enumerated().map { k, s in
            var f = autoscaler.figures[k]
            f.unplacedAtEnd = waitingReplicas(s)
            return f
        }
    }
}
