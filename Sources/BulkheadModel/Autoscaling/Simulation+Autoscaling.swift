import BulkheadKernel

/// Autoscaling (`services[i].autoscaling`): a daily schedule or a CPU target (the Kubernetes HPA,
/// https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#algorithm-details).
/// Each autoscaled service has `slots` containers from the start; desired count n means replicas
/// 0 ..< n are wanted. A scale-up asks the `Rescheduler` (the placement policy) for a machine; the
/// replica joins the pools after `startupTime`. One that fits nowhere is counted and retried at the
/// next evaluation. A scale-down takes the newest replicas out of the pools at once; they stop
/// after the grace period. Evaluations, readiness and stops are rare events: nothing per request.
extension Simulation {
    /// Schedules every autoscaled service's first evaluation and the per-minute samples.
    mutating func scheduleAutoscaling() {
        guard !autoscaler.services.isEmpty else { return }
        for s in autoscaler.services {
            switch config.services[s].autoscaling?.policy {
            case .schedule: queue.schedule(.autoscaleEvaluation(ServiceID(s)), at: .zero)
            case .target(_, _, _, let period, _): queue.schedule(.autoscaleEvaluation(ServiceID(s)), after: period)
            case nil: break
            }
        }
        queue.schedule(.autoscaleSample, after: .minutes(1))
    }

    /// Slot `c`'s start-up or stop is due (stale unless `generation` matches).
    mutating func slotTransition(_ c: ContainerID, generation g: Int32) {
        guard autoscaler.generation[c.index] == g else { return }
        switch autoscaler.slot[c.index] {
        case .starting:
            containerStart(c)
            autoscaler.slot[c.index] = .serving
            autoscaler.cpuMark[c.index] = cpu.cpuSeconds(c, at: queue.now.nanoseconds)
            balancing.setExcluded(c, of: cluster.service(of: c), false)
        case .stopping: retire(c)
        case .parked, .serving: break
        }
    }

    /// One evaluation of service `s`'s policy, then the next one.
    mutating func evaluate(_ sid: ServiceID) {
        let s = sid.index
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
            if at <= end.nanoseconds { queue.schedule(.autoscaleEvaluation(sid), at: SimInstant(nanoseconds: at)) }
        case .target(let target, let lo, let hi, let period, let delay):
            reconcile(s, desired: recommend(s, target: target, min: lo, max: hi, window: delay.nanoseconds))
            autoscaler.lastEvaluation[k] = now
            if queue.now + period <= end { queue.schedule(.autoscaleEvaluation(sid), after: period) }
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
        for c in cluster.replicas(of: s) {
            guard autoscaler.slot[c.index] == .serving, cluster.isAlive(c) else { continue }
            let seconds = cpu.cpuSeconds(c, at: now)
            serving += 1
            used += seconds - autoscaler.cpuMark[c.index]
            autoscaler.cpuMark[c.index] = seconds
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
        for (i, c) in cluster.replicas(of: s).enumerated() {
            switch (autoscaler.slot[c.index], i < n) {
            case (.parked, true):
                if placeSlot(c) {
                    autoscaler.figures[k].replicasAdded += 1
                    autoscaler.unplaced[c.index] = false
                } else {
                    autoscaler.figures[k].unplaceableAttempts += 1
                    if !autoscaler.unplaced[c.index] { autoscaler.figures[k].unplaceableScaleUps += 1 }
                    autoscaler.unplaced[c.index] = true
                }
            case (.stopping, true):
                autoscaler.slot[c.index] = .serving
                autoscaler.generation[c.index] &+= 1
                balancing.setExcluded(c, of: ServiceID(s), false)
            case (.serving, false):
                autoscaler.figures[k].replicasRemoved += 1
                autoscaler.slot[c.index] = .stopping
                autoscaler.generation[c.index] &+= 1
                balancing.setExcluded(c, of: ServiceID(s), true)
                if cluster.isAlive(c) && requests.residentCount(in: c) > 0 {
                    queue.schedule(.slotTransition(c, generation: autoscaler.generation[c.index]), after: grace)
                } else {
                    retire(c)
                }
            case (.starting, false):
                autoscaler.figures[k].replicasRemoved += 1
                retire(c)
            case (.parked, false):
                autoscaler.unplaced[c.index] = false
            case (.serving, true), (.starting, true), (.stopping, false): break
            }
        }
    }

    /// Wanted replicas of service `s` that are not placed.
    func waitingReplicas(_ s: Int) -> Int {
        let n = autoscaler.desired[autoscaler.position[s]]
        return cluster.replicas(of: s).prefix(n).filter { autoscaler.slot[$0.index] == .parked }.count
    }

    /// Asks the rescheduler (the placement policy) for a machine for parked slot `c`; it starts
    /// after `startupTime`. - Complexity: O(containers).
    mutating func placeSlot(_ c: ContainerID) -> Bool {
        guard let auto = config.services[cluster.service(of: c).index].autoscaling, placeParked(c) else { return false }
        autoscaler.slot[c.index] = .starting
        autoscaler.generation[c.index] &+= 1
        queue.schedule(.slotTransition(c, generation: autoscaler.generation[c.index]), after: auto.startupTime)
        return true
    }

    /// Stops slot `c` and frees its machine: requests still in it fail as `dead-replica`.
    mutating func retire(_ c: ContainerID) {
        destroy(c)
        autoscaler.slot[c.index] = .parked
        autoscaler.generation[c.index] &+= 1
    }

    /// Records every autoscaled service's serving and desired replicas at the end of a minute.
    mutating func sampleMinute() {
        for (k, s) in autoscaler.services.enumerated() {
            let serving = cluster.replicas(of: s).filter { autoscaler.slot[$0.index] == .serving && cluster.isAlive($0) }
            autoscaler.figures[k].servingPerMinute.append(serving.count)
            autoscaler.figures[k].desiredPerMinute.append(autoscaler.desired[k])
        }
        if queue.now + .minutes(1) <= end { queue.schedule(.autoscaleSample, after: .minutes(1)) }
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
