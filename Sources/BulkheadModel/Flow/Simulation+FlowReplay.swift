import BulkheadKernel

/// Replayed steps (flow fidelity). Once a transient has settled, a quiet fleet's state changes
/// only with its traffic, and where one balancer drives every service (`FlowModel.driver`),
/// everything a pass adds to the minute's outputs — each container's successes and their
/// latency sums, each machine's busy core-seconds, each service's failures — is that balancer's
/// arrivals times a per-arrival figure that moves with the load only through the queueing
/// (a station at utilisation ρ moves by about ρ/(1 − ρ) times a load change). So a step whose
/// driver's arrival rate is within `FlowModel.replayTolerance` of the last pass's is not
/// computed again: it adds that pass's contributions scaled by the ratio of the expected
/// arrivals (`flowReplay`). Counts and CPU follow the profile exactly; latency shares, timeout
/// shares and the memory of in-flight requests are the last pass's. The first step the rate has
/// moved further, or after any event that changes the state, is a pass again.
///
/// Only where that scaling is exact enough: no hogs, no interference, no pinned cores, no dynamic
/// rescheduling, no machine within the tolerance of its cores (`FlowModel.peakLoad`), the last
/// pass quiet (no backlog, nothing saturated) and settled. A service behind a load-aware pool
/// split unevenly (weights that follow the loads, or a replica that does not answer:
/// `FlowModel.uneven`) is passed with its component beside the replay. A disturbed part
/// (Simulation+FlowParts.swift) is always passed; the rest may be replayed beside it.
extension Simulation {
    /// Whether this scenario's steps may be replayed at all (see the type's comment).
    var flowReplayAllowed: Bool {
        config.flowReplay && flow.driver != nil && config.cpuIsolation != .pinned
            && cpu.sensitivity.isEmpty && config.hogs.isEmpty && rescheduling.dynamic == nil
    }

    /// The driver's expected arrivals in [t, t + dt) (seconds).
    func flowDriverArrivals(at t: Double, dt: Double) -> Double {
        guard let b = flow.driver else { return 0 }
        return traffic.sources[b]._withUnsafeGuaranteedRef { $0.process.expectedArrivals(from: t, to: t + dt) }
    }

    /// Replays the last pass over [start, stop) for everything (`part` nil) or the rest, when
    /// allowed: adds its contributions scaled by the driver's arrivals now over those of each
    /// service's last pass. Services whose split is uneven (`FlowModel.uneven`) are passed
    /// instead, with their components, as a part (Simulation+FlowParts.swift), when the parts'
    /// conditions allow it. - Returns: whether it did (else the step is to be passed).
    mutating func flowReplay(from start: SimInstant, to stop: SimInstant, part: FlowPart?) -> Bool {
        guard flow.replayable, flow.quiet, flow.settled, part?.isRest ?? true, flowReplayAllowed else { return false }
        let t = seconds(start)
        let dt = seconds(stop) - t
        let n = flowDriverArrivals(at: t, dt: dt)
        guard n > 0 else { return false }
        let rate = n / dt
        let tolerance = FlowModel.replayTolerance
        func each(_ body: (Int) -> Void) {
            if let part { for s in part.services { body(s) } } else { for s in 0..<flow.dirty.count { body(s) } }
        }
        var steady = true
        var highest = 0.0
        var uneven: [Int] = []
        each { s in
            let anchor = flow.anchorRate[s]
            if anchor <= 0 || abs(rate - anchor) > tolerance * anchor { steady = false }
            if flow.uneven[s] { uneven.append(s) }
            highest = max(highest, rate / anchor)
        }
        guard steady, flow.peakLoad * highest < 1 - 1e-9 else { return false }
        // The uneven services' components are passed on their own.
        var passed: FlowPart?
        if !uneven.isEmpty {
            var seen = Set<Int32>()
            var services: [Int] = []
            for s in uneven where seen.insert(flow.component[s]).inserted {
                services.append(contentsOf: flow.componentServices[Int(flow.component[s])])
            }
            guard flowPartsAllowed, Double(services.count) <= FlowModel.maxPartShare * Double(flow.dirty.count),
                flowRoomy(services)
            else { return false }
            let p = flowPart(of: services)
            let (quiet, settled) = (flow.quiet, flow.settled)
            flowIntegrate(from: start, to: stop, part: p)
            // Passed again next step until settled; a transient that is not quiet shortens the step.
            if !flow.settled { for s in services { flow.uneven[s] = true } }
            (flow.quiet, flow.settled) = (quiet && flow.quiet, settled)
            passed = p
        }
        flowReplayedSteps += 1
        flow.replayed = true
        let mid = SimInstant(nanoseconds: (start.nanoseconds + stop.nanoseconds) / 2)
        // Arrivals counted as a pass counts them.
        for b in traffic.balancerIDs {
            let arrivals = traffic.sources[b.index]._withUnsafeGuaranteedRef {
                $0.process.expectedArrivals(from: t, to: t + dt)
            }
            let routes = config.balancers[b.index].routes
            let total = routes.reduce(0) { $0 + $1.weight }
            if total == 0 || (part == nil && passed == nil) {
                flowExternalArrivals += arrivals
                continue
            }
            for route in routes where part?.inPart[route.service] ?? true && !(passed?.inPart[route.service] ?? false) {
                flowExternalArrivals += arrivals * route.weight / total
            }
        }
        each { s in
            guard !(passed?.inPart[s] ?? false) else { return }
            let f = n / flow.anchorArrivals[s]
            // The containers' minute successes are the units × the summed factors
            // (`flowMaterialize`, `flowFlushMinute`); the machines' busy time is added now.
            flow.pendingFactor[s] += f
            for c in cluster.replicas(of: s) {
                flow.busyIntegral[cluster.machine(of: c).index] += flow.unitBusy[c.index] * f
            }
            for outcome in RequestOutcome.allCases {
                for external in 0..<2 {
                    let amount = flow.unitFail[FlowModel.outcomeKey(service: s, outcome: outcome, external: external == 1)]
                    if amount > 0 { flowReport(amount * f, service: s, outcome, external: external == 1, at: mid) }
                }
            }
        }
        return true
    }

    /// Brings service `s`'s containers' minute figures up to date with the replays since (adds
    /// their units × the summed factors), before anything reads them or a pass changes the units.
    @inline(__always) mutating func flowMaterialize(_ s: Int) {
        let f = flow.pendingFactor[s]
        guard f != 0 else { return }
        flow.pendingFactor[s] = 0
        flow.minuteTouched[s] = true
        for c in cluster.replicas(of: s) {
            let ci = c.index
            flow.minuteExt[ci] += flow.unitExt[ci] * f
            flow.minuteInt[ci] += flow.unitInt[ci] * f
            flow.minuteSum[ci] += flow.unitSum[ci] * f
            flow.minuteSum2[ci] += flow.unitSum2[ci] * f
        }
    }

    /// Before a pass over [t, t + dt) of everything, a part or the rest: records its services'
    /// anchor (the driver's arrivals) and clears their failures of the last pass; after replayed
    /// steps, scales the containers' last rates and cores to the driver's rate now, so that the
    /// pass's settle check sees what the traffic did not explain.
    mutating func flowStartRecording(dt: Double, at t: Double, part: FlowPart?) {
        let n = flowDriverArrivals(at: t, dt: dt)
        let whole = part?.isRest ?? true
        let rescale = whole && flow.replayed
        func record(_ s: Int) {
            if rescale && flow.anchorRate[s] > 0 {
                let f = n / dt / flow.anchorRate[s]
                for c in cluster.replicas(of: s) {
                    flow.lastRate[c.index] *= f
                    flow.lastAllocated[c.index] *= f
                }
            }
            flow.anchorArrivals[s] = n
            flow.anchorRate[s] = n / dt
            flow.uneven[s] = false
            let first = FlowModel.outcomeKey(service: s, outcome: RequestOutcome.allCases.first!, external: false)
            for k in first..<(first + 2 * RequestOutcome.allCases.count) { flow.unitFail[k] = 0 }
        }
        if let part { for s in part.services { record(s) } } else { for s in 0..<flow.dirty.count { record(s) } }
        if whole {
            flow.replayed = false
            flow.replayable = false
            flow.peakLoad = 0
        }
        flow.killsBeforePass = flow.kills
        flow.recording = true
    }

    /// After a pass: records its containers' busy core-seconds; a pass of everything or the rest
    /// that killed nothing may be replayed.
    mutating func flowStopRecording(dt: Double, part: FlowPart?) {
        flow.recording = false
        func record(_ c: ContainerID) {
            flow.unitBusy[c.index] = cluster.isEvicted(c) ? 0 : flow.allocated[c.index] * dt
        }
        if let part { for c in part.containers { record(c) } } else { for c in cluster.containerIDs { record(c) } }
        if part?.isRest ?? true { flow.replayable = flow.kills == flow.killsBeforePass }
    }
}
