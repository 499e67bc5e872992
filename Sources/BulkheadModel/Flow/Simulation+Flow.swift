import BulkheadKernel
import Foundation

/// The flow engine (flow fidelity): time is cut into steps; in each, the traffic is computed as
/// rates and pushed through the same balancer pools, containers, CPU isolation rules and memory
/// accounts as the request engine uses; the discrete events (faults, health checks, hogs, kills,
/// restarts) are the request engine's own handlers acting on the shared components.
///
/// Steps (as OpenDC's flow engine: rates change only at events): a step is closed — integrated
/// with the state it started with — when its scheduled end comes or when an event is about to
/// change the state (`flowClose`). After such an event the next step is `FlowModel.minStep`
/// long; while nothing happens and no container is backlogged, each step is twice the last (the
/// longest at once when the last one settled, `FlowModel.settled`), up to `FlowModel.maxStep`,
/// never across a minute boundary, and shorter where the arrival rate changes within it
/// (`flowScheduleStepEnd`). A quiet fleet is then computed once a minute instead of once a
/// second. An event that names the few services it changes closes only their part of the fleet,
/// which is stepped on its own while the rest keeps its step (Simulation+FlowParts.swift). A
/// settled step whose traffic moved little is replayed — the last pass's figures scaled by the
/// arrivals — instead of computed (Simulation+FlowReplay.swift).
///
/// One step, for [t, t + Δ):
/// 1. External arrivals: the expected count from each balancer's profile (`expectedArrivals`),
///    split by the route weights; a balancer that is down fails them (`lb-down`).
/// 2. Dispatch: each pool splits a service's requests equally between the replicas it sends to
///    (round-robin and random exactly; least-connections and power-of-two approximately, see
///    `docs/model.md`); a dead replica fails its share (`dead-replica`), an unreachable machine
///    its share (`unreachable`), an empty pool all (`no-healthy-replica`). Downstream calls are
///    derived rates, in call order: call i is made by the requests whose calls before it succeeded
///    (the callees' failure probabilities of the last step).
/// 3. CPU: per machine, `CPUAllocation.allocate` on demand = rate × mean work (divided by the
///    interference speed) + the backlog's work over the step + hog threads. What is not served
///    stays in the container's fluid backlog.
/// 4. Latency: the local sojourn from the limited-processor-sharing station at the capacity the
///    container could use (`FlowQueueing.meanInSystem`), plus the backlog's drain time; a
///    request's latency adds its callees' success latency. Timeouts fail the share whose
///    lognormal (moment-matched) latency exceeds them; the successes' moments go into the minute.
/// 5. Memory: in flight = rate × latency (Little's law), charged through the memory component, so
///    that limits and the OOM killer act as in the request engine.
extension Simulation {
    /// Opens the first step (flow fidelity, instead of the arrivals).
    mutating func startFlow() {
        // Before any step, a container can complete at most what its cap (or its machine's cores)
        // allows: what the first step's calls may come from.
        for c in cluster.containerIDs where flow.meanWork[cluster.service(of: c).index] > 0 {
            flow.completionRate[c.index] =
                min(cpu.cap(c), cpu.cores(cluster.machine(of: c))) / flow.meanWork[cluster.service(of: c).index]
        }
        flow.stepStart = .zero
        flow.stepLength = FlowModel.minStep.nanoseconds
        flowScheduleStepEnd()
    }

    /// Seconds of `t`.
    @inline(__always) func seconds(_ t: SimInstant) -> Double { Double(t.nanoseconds) / 1e9 }

    /// The open step's scheduled end is due: it is integrated and the next one opened, longer
    /// when the step was quiet (`FlowModel.stepLength`).
    mutating func flowStepDue() {
        flow.stepEvent = nil
        flowClose(disturbed: false)
    }

    /// Closes the open step now: integrates [stepStart, now) — no event changed the state inside
    /// it, so the state now is the state it started with — and opens the next step. Every event
    /// that may change what the flow engine reads calls this before acting (`disturbed`: the next
    /// step is back to `FlowModel.minStep`, so the transient it starts is resolved finely); the
    /// minute tick and other bookkeeping close without disturbing.
    mutating func flowClose(disturbed: Bool) {
        let now = queue.now
        let due = flow.stepEvent == nil
        // A disturbed part (Simulation+FlowParts.swift) first, then the rest; else everything.
        let rest = flowCloseDirtyPart(merge: disturbed)
        if now > flow.stepStart { flowIntegrate(from: flow.stepStart, to: now, part: rest) }
        // The event about to act changes the state the last pass computed.
        if disturbed { flow.replayable = false }
        let previous = flow.stepLength
        if disturbed || !flow.quiet {
            flow.stepLength = FlowModel.minStep.nanoseconds
        } else if due {
            flow.stepLength = flowNextLength(flow.stepLength, quiet: true, settled: flow.settled)
        }
        // Nothing to reschedule when an event at the step's start leaves its length alone.
        if now == flow.stepStart && flow.stepLength == previous && flow.stepEvent != nil { return }
        flow.stepStart = now
        if let pending = flow.stepEvent {
            queue.cancel(pending)
            flow.stepEvent = nil
        }
        flowScheduleStepEnd()
    }

    /// Schedules the end of the step opened at `flow.stepStart`: `stepLength` later, but never
    /// past the next minute boundary (minutes are the outputs' unit), the end of warm-up or the
    /// end of the run, and halved (down to `minStep`) while any balancer's expected arrivals in
    /// the step's two halves differ by more than `FlowModel.rateTolerance` (a ramp or a spike's
    /// edge: a step's rates are its averages).
    mutating func flowScheduleStepEnd() {
        guard let stop = flowStepEnd(from: flow.stepStart.nanoseconds, length: flow.stepLength) else { return }
        flow.stepEvent = queue.schedule(
            at: SimInstant(nanoseconds: stop), priority: ModelEvent.flowStep.priority.rawValue, .flowStep)
    }

    /// The end (ns) of a step opened at `start` (ns) to last `length` ns, cut as
    /// `flowScheduleStepEnd` says; nil when none fits before the end of the run.
    func flowStepEnd(from start: Int64, length: Int64) -> Int64? {
        let minute = SimDuration.minutes(1).nanoseconds
        var stop = min(start + length, (start / minute + 1) * minute, end.nanoseconds)
        let warmup = config.warmup.nanoseconds
        if start < warmup { stop = min(stop, warmup) }
        guard stop > start else { return nil }
        let minStep = FlowModel.minStep.nanoseconds
        while stop - start > minStep && !flowRatesSteady(from: start, to: stop) {
            stop = start + max(minStep, (stop - start) / 2)
        }
        return stop
    }

    /// Whether every balancer's (and every traced route's) expected arrivals in the two halves of
    /// [a, b) (ns) agree within `FlowModel.rateTolerance`.
    func flowRatesSteady(from a: Int64, to b: Int64) -> Bool {
        let t0 = Double(a) / 1e9
        let t1 = Double(b) / 1e9
        let mid = (t0 + t1) / 2
        func steady(_ first: Double, _ second: Double) -> Bool {
            abs(first - second) <= FlowModel.rateTolerance * max(first, second)
        }
        for balancer in traffic.balancerIDs {
            let (first, second) = traffic.sources[balancer.index]._withUnsafeGuaranteedRef {
                ($0.process.expectedArrivals(from: t0, to: mid), $0.process.expectedArrivals(from: mid, to: t1))
            }
            guard steady(first, second) else { return false }
            for route in config.balancers[balancer.index].tracedRoutes {
                guard steady(route.arrivals.expectedArrivals(from: t0, to: mid), route.arrivals.expectedArrivals(from: mid, to: t1))
                else { return false }
            }
        }
        return true
    }

    /// Integrates the flow over [start, stop) with the rates of the state at `start`: one step, of
    /// everything or (`part`) of whole components of the call graph (Simulation+FlowParts.swift).
    /// - Complexity: O(balancer routes + pool replicas + containers × log(containers per machine)).
    mutating func flowIntegrate(from start: SimInstant, to stop: SimInstant, part: FlowPart? = nil) {
        let t0 = start
        let dtNs = stop.nanoseconds - start.nanoseconds
        let t = seconds(t0)
        let dt = Double(dtNs) / 1e9
        if flowReplay(from: start, to: stop, part: part) { return }
        // Any other pass may change the demands next to the disturbed part (`machineOthers`).
        if !(part?.isDirty ?? false) { flow.demandGeneration += 1 }
        let mid = SimInstant(nanoseconds: t0.nanoseconds + dtNs / 2)
        flow.stepSeconds = dt
        if let part { flowPartPasses += part.isRest ? 0 : 1 }
        flowContainerPasses += part?.containers.count ?? flow.admittedExt.count
        flowStartRecording(dt: dt, at: t, part: part)
        defer { flowStopRecording(dt: dt, part: part) }
        flow.quiet = true
        flow.settled = true
        if let part {
            for s in part.services {
                flow.offered[s] = 0
                flow.rejected[s] = 0
            }
            for c in part.containers { flowClearAdmitted(c.index) }
        } else {
            for s in 0..<flow.offered.count {
                flow.offered[s] = 0
                flow.rejected[s] = 0
            }
            for c in 0..<flow.admittedExt.count { flowClearAdmitted(c) }
        }
        flowLoadAwareUpdate(part)
        // 1–2. External arrivals and their routes.
        for b in traffic.balancerIDs {
            let n = traffic.sources[b.index]._withUnsafeGuaranteedRef {
                $0.process.expectedArrivals(from: t, to: t + dt)
            }
            let routes = config.balancers[b.index].routes
            let total = routes.reduce(0) { $0 + $1.weight }
            // A part counts its routes' arrivals; the rest also those of a balancer without routes.
            if part == nil || (part!.isRest && total == 0) { flowExternalArrivals += n }
            // Routes replaying a trace of their own (weight 0) bring their own expected count.
            let traced = config.balancers[b.index].tracedRoutes
            for k in 0..<(routes.count + traced.count) {
                let service: Int
                let amount: Double
                if k < routes.count {
                    guard total > 0 else { continue }
                    service = routes[k].service
                    if let part, !part.inPart[service] { continue }
                    amount = n * routes[k].weight / total
                    if part != nil { flowExternalArrivals += amount }
                } else {
                    service = traced[k - routes.count].service
                    if let part, !part.inPart[service] { continue }
                    amount = traced[k - routes.count].arrivals.expectedArrivals(from: t, to: t + dt)
                    flowExternalArrivals += amount
                }
                if balancing.isDown(b) {
                    flow.offered[service] += amount
                    flow.rejected[service] += amount
                    flowReport(amount, service: service, .lbDown, external: true, at: mid)
                } else {
                    flowDispatch(amount, service: service, balancer: b, external: true, at: mid)
                }
            }
        }
        // Downstream calls, callers first: a request calls after its local work, so a container
        // calls for what its cores complete — all it holds, up to the rate its cores completed
        // (saturated) or could complete (not) in the last step (`completionRate`; a timed-out
        // request's work and calls go on).
        for s in flow.order where !flow.callees[s].isEmpty && part?.inPart[s] ?? true {
            var reach = 0.0
            for c in cluster.replicas(of: s) {
                let ci = c.index
                let held = flow.admittedExt[ci] + flow.admittedInt[ci] + flow.backlog[ci]
                reach += min(held, flow.completionRate[ci] * dt)
            }
            for callee in flow.callees[s] {
                guard reach > 0 else { break }
                flowDispatch(
                    reach, service: callee, balancer: balancing.internalBalancer(of: ServiceID(callee)),
                    external: false, at: mid)
                reach *= 1 - flow.failProb[callee]
            }
        }
        // 3. CPU and local latency.
        flowAllocateAll(dt: dt, part: part)
        // 4. End-to-end latency, timeouts, failure probabilities; callees first.
        for s in flow.order.reversed() where part?.inPart[s] ?? true { flowFinishService(s, dt: dt, at: mid) }
        // 5. Memory by Little's law.
        if let part {
            for c in part.containers where cluster.isAlive(c) { flowChargeInFlight(c) }
        } else {
            for c in cluster.containerIDs where cluster.isAlive(c) { flowChargeInFlight(c) }
        }
    }

    /// Clears container `ci`'s admitted requests of the last step.
    @inline(__always) mutating func flowClearAdmitted(_ ci: Int) {
        flow.admittedExt[ci] = 0
        flow.admittedInt[ci] = 0
        flow.smoothing[ci] = 0
        flow.choiceAdmitted[ci] = 0
        flow.choiceD[ci] = 0
        flow.choiceM[ci] = 0
    }

    /// Charges (or frees) the memory of container `c`'s in-flight requests (Little's law); a
    /// charge may kill it or a neighbour (`flowKilled` resets it).
    @inline(__always) mutating func flowChargeInFlight(_ c: ContainerID) {
        let target = memory.perRequest(c) * flow.inFlight[c.index]
        let delta = target - flow.charged[c.index]
        guard abs(delta) > 1e-9 else { return }
        if delta > 0 {
            flow.charged[c.index] = target
            chargeMemory(c, delta)
        } else {
            let m = cluster.machine(of: c)
            advance(m)
            memory.uncharge(c, on: m, -delta)
            flow.charged[c.index] = target
        }
    }

    /// Sends `amount` requests of service `s` through balancer `b`'s pool.
    mutating func flowDispatch(_ amount: Double, service s: Int, balancer b: BalancerID, external: Bool, at: SimInstant) {
        flow.offered[s] += amount
        let p = balancing.pool(of: b, for: ServiceID(s))
        let n = p.isNone ? 0 : balancing.balancers[b].pools[p].healthy.count
        guard n > 0 else {
            flow.rejected[s] += amount
            flowReport(amount, service: s, .noHealthyReplica, external: external, at: at)
            return
        }
        // A pool with a replica that does not answer splits by the loads: not replayed.
        if flowShares(b, pool: p, count: n, rate: amount / flow.stepSeconds, holding: flow.e2eMean[s]) {
            flow.uneven[s] = true
        }
        // Round-robin hands each replica every n-th request: Erlang-n interarrival times (squared
        // coefficient of variation 1/n) where the others' splits of a Poisson stream stay Poisson.
        let algorithm = balancing.balancers[b].algorithm
        let smoothing = algorithm == .roundRobin ? 1 - 1 / Double(n) : 0
        // Power-of-two and least-connections send to the replica with the fewest in flight among
        // d compared: it queues less than a Poisson stream (FlowQueueing.choiceFactor).
        let compared = algorithm == .powerOfTwo ? Double(min(2, n)) : algorithm == .leastConnections ? Double(n) : 1
        for i in 0..<n {
            let c = balancing.balancers[b].pools[p].healthy[i]
            let share = amount * flow.share[i]
            if !cluster.isAlive(c) {
                flow.rejected[s] += share
                flowReport(share, service: s, .deadReplica, external: external, at: at)
            } else if !cluster.isReachable(cluster.machine(of: c)) {
                flow.rejected[s] += share
                flowReport(share, service: s, .unreachable, external: external, at: at)
            } else {
                if external { flow.admittedExt[c.index] += share } else { flow.admittedInt[c.index] += share }
                if smoothing > 0 { flow.smoothing[c.index] += share * smoothing }
                if compared > 1 {
                    flow.choiceAdmitted[c.index] += share
                    flow.choiceD[c.index] += share * compared
                    flow.choiceM[c.index] += share * Double(n)
                }
            }
        }
    }

    /// The share of a pool's requests each replica gets (`flow.share[0 ..< n]`, in the pool's
    /// order). Equal under round-robin and random. Least-connections and power-of-two follow the
    /// replicas' loads:
    /// - a replica the balancer sends to that does not answer (dead, or on an unreachable machine)
    ///   never holds a request, so it wins every comparison it is part of. With z_i = P(replica i
    ///   holds no request) — 1 for one that does not answer, e^(−L_i) for a live one with L_i in
    ///   flight (Poisson, as M/G/∞) — and independence between replicas:
    ///   - least-connections (scan from a rotating start, first least loaded wins): replica i is
    ///     taken when it is empty and the k replicas scanned before it are not, averaged over the
    ///     start: z_i × (1/n) Σ_{k<n} Π_{j=1…k} (1 − z_{i−j}), normalised
    ///     (`FlowQueueing.leastConnectionsShares` with r = 1 − z);
    ///   - power-of-two (two distinct random replicas, ties to the first): a non-answering
    ///     replica is taken when drawn first, or drawn second against a busy one:
    ///     (1/n) (1 + mean over j ≠ i of (1 − z_j)); the live replicas share the rest as below.
    /// - between live replicas only: by their weights, which follow their loads
    ///   (`flowLoadAwareUpdate`).
    /// With a replica that does not answer, the live replicas' loads follow the split within the
    /// step: one that gets share s of the pool's `rate` holds L = s·rate·`holding` (its service's
    /// success latency), and z and the split are iterated to their fixed point (damped). The last
    /// step's L instead made the split flip between "the dead replica takes all" (the live ones
    /// busy) and "an equal split" (the live ones drained), from step to step (random-10: the dead
    /// replica under least-connections failed 8,869 requests against the request engine's 13,209).
    /// - Returns: whether a load-aware pool held a replica that does not answer.
    @discardableResult
    mutating func flowShares(_ b: BalancerID, pool p: PoolID, count n: Int, rate: Double, holding: Double) -> Bool {
        if flow.share.count < n {
            flow.share = Array(repeating: 0, count: n)
            flow.empty = Array(repeating: 0, count: n)
        }
        let algorithm = balancing.balancers[b].algorithm
        var dead = 0
        if algorithm == .leastConnections || algorithm == .powerOfTwo {
            for i in 0..<n where !cluster.answers(balancing.balancers[b].pools[p].healthy[i]) { dead += 1 }
        }
        guard algorithm == .leastConnections || algorithm == .powerOfTwo, dead < n else {
            for i in 0..<n { flow.share[i] = 1 / Double(n) }
            return dead > 0
        }
        if algorithm == .powerOfTwo {
            // The live replicas' split among themselves (flow.share; 0 for the others).
            flowWeightedShares(b, pool: p, count: n, slot: 0)
            guard dead > 0 else { return false }
        } else if dead == 0 {
            flowWeightedShares(b, pool: p, count: n, slot: 1)
            return dead > 0
        }
        for i in 0..<n {
            let c = balancing.balancers[b].pools[p].healthy[i]
            // Strictly below 1 for a live replica: 1 marks a replica that does not answer.
            flow.empty[i] = cluster.answers(c) ? min(exp(-flow.inFlight[c.index]), 1 - 1e-12) : 1
        }
        // Power-of-two's split between the live replicas, kept across the iterations.
        if algorithm == .powerOfTwo {
            flow.liveSplit.removeAll(keepingCapacity: true)
            flow.liveSplit.append(contentsOf: flow.share[0..<n])
        }
        let perShare = rate * holding
        for _ in 0..<32 {
            flowSharesWithDead(algorithm, count: n)
            guard perShare > 0 else { return true }
            var moved = 0.0
            for i in 0..<n where flow.empty[i] < 1 {
                let target = min(exp(-flow.share[i] * perShare), 1 - 1e-12)
                let next = 0.5 * (flow.empty[i] + target)
                moved = max(moved, abs(next - flow.empty[i]))
                flow.empty[i] = next
            }
            if moved < 1e-6 { break }
        }
        flowSharesWithDead(algorithm, count: n)
        return true
    }

    /// The split of `flowShares` for the probabilities of holding no request in `flow.empty`
    /// (1: does not answer), normalised; for power-of-two the live replicas' split among
    /// themselves is in `flow.liveSplit`.
    mutating func flowSharesWithDead(_ algorithm: BalancerAlgorithm, count n: Int) {
        if algorithm == .leastConnections {
            // The scan's split with P(empty) = 1 − r (FlowQueueing.leastConnectionsShares).
            flow.scan.removeAll(keepingCapacity: true)
            for i in 0..<n { flow.scan.append(1 - flow.empty[i]) }
            FlowQueueing.leastConnectionsShares(ratios: flow.scan, into: &flow.share)
        } else {
            var deadShare = 0.0
            var busyTotal = 0.0
            for i in 0..<n { busyTotal += 1 - flow.empty[i] }
            for i in 0..<n where flow.empty[i] == 1 {
                let others = (busyTotal - (1 - flow.empty[i])) / Double(n - 1)
                flow.share[i] = (1 + others) / Double(n)
                deadShare += flow.share[i]
            }
            for i in 0..<n where flow.empty[i] < 1 { flow.share[i] = flow.liveSplit[i] * (1 - deadShare) }
        }
        // Normalise (rounding, and a live replica with z = 1 under least-connections).
        var total = 0.0
        for i in 0..<n { total += flow.share[i] }
        for i in 0..<n { flow.share[i] /= total }
    }

    /// A load-aware balancer's split between the replicas that answer (`flow.share`, summing to 1
    /// over them; 0 for the others): in proportion to their weights (`flow.loadWeight`, slot 0
    /// power-of-two, 1 least-connections; `flowLoadAwareUpdate`).
    mutating func flowWeightedShares(_ b: BalancerID, pool p: PoolID, count n: Int, slot: Int) {
        var total = 0.0
        for i in 0..<n {
            let c = balancing.balancers[b].pools[p].healthy[i]
            flow.share[i] = cluster.answers(c) ? flow.loadWeight[2 * c.index + slot] : 0
            total += flow.share[i]
        }
        for i in 0..<n { flow.share[i] /= total }
    }

    /// Moves the weights of each service's answering replicas under its load-aware balancers
    /// (`flow.loadWeight`, 1 = an equal share) towards the balancers' split for the replicas'
    /// loads (`FlowQueueing.powerOfTwoShares`, `leastConnectionsShares`), once per step. A
    /// replica's load is its requests in flight plus those the balancers' comparisons spared it
    /// (`flow.spared`): the splits take the numbers in flight as geometric, the spread of a
    /// station fed by a Poisson stream, and were validated so (docs/model.md). The
    /// loads are the last step's, which the weights themselves produced: followed at once, a
    /// replica near saturation flips between too much and too little from step to step (seen on
    /// a generated scenario: L 1.8 → 6.4 → 1.4 → … → 140). So each step goes half way, and by at
    /// most a factor 1.25: the same fixed point, reached in a few steps, without the flip.
    /// Replicas at equal weights whose ratios r = L/(1 + L) differ by less than 0.001 (1 − r_max)
    /// keep their equal split (a fleet's usual case, where the split would move a share by
    /// ≲ 0.2 % and cost a pass over every replica in every step); weights that came back within
    /// `FlowModel.equalWeightTolerance` of 1 with such ratios (after a transient) are set back
    /// to 1, the split those ratios give (and the service's steps may be replayed again,
    /// `FlowModel.uneven`).
    mutating func flowLoadAwareUpdate(_ part: FlowPart?) {
        for s in 0..<flow.loadAware.count where flow.loadAware[s] != 0 && part?.inPart[s] ?? true {
            let replicas = cluster.replicas(of: s)
            var lo = 1.0
            var hi = 0.0
            var moved = false
            flow.ratios.removeAll(keepingCapacity: true)
            for c in replicas where cluster.answers(c) {
                let load = flow.inFlight[c.index] + flow.spared[c.index]
                let r = load / (1 + load)
                flow.ratios.append(r)
                lo = min(lo, r)
                hi = max(hi, r)
                moved = moved || flow.loadWeight[2 * c.index] != 1 || flow.loadWeight[2 * c.index + 1] != 1
            }
            let m = flow.ratios.count
            guard m > 1, moved || hi - lo >= 1e-3 * (1 - hi) else { continue }
            if hi - lo < 1e-3 * (1 - hi) && flowWeightsNearlyEqual(replicas) {
                for c in replicas where cluster.answers(c) {
                    flow.loadWeight[2 * c.index] = 1
                    flow.loadWeight[2 * c.index + 1] = 1
                }
                continue
            }
            flow.uneven[s] = true
            for slot in 0..<2 where flow.loadAware[s] & (1 << slot) != 0 {
                if slot == 0 {
                    FlowQueueing.powerOfTwoShares(ratios: flow.ratios, into: &flow.share)
                } else {
                    FlowQueueing.leastConnectionsShares(ratios: flow.ratios, into: &flow.share)
                }
                var k = 0
                for c in replicas where cluster.answers(c) {
                    let w = flow.loadWeight[2 * c.index + slot]
                    let target = w + 0.5 * (Double(m) * flow.share[k] - w)
                    flow.loadWeight[2 * c.index + slot] = min(max(target, w / 1.25), w * 1.25)
                    k += 1
                }
            }
        }
    }

    /// Whether the load-aware weights of every answering replica of `replicas` are within
    /// `FlowModel.equalWeightTolerance` of 1.
    func flowWeightsNearlyEqual(_ replicas: [ContainerID]) -> Bool {
        let tolerance = FlowModel.equalWeightTolerance
        for c in replicas where cluster.answers(c) {
            if abs(flow.loadWeight[2 * c.index] - 1) > tolerance || abs(flow.loadWeight[2 * c.index + 1] - 1) > tolerance {
                return false
            }
        }
        return true
    }

    /// Allocates every machine's cores for the step and computes each container's local sojourn.
    ///
    /// In container order, so that the per-container arrays are read sequentially (in machine
    /// order their reads missed the cache: perf on fleet-10k, 300,000 containers): demands are
    /// summed per machine; a machine whose demands all fit (isolation other than `pinned`) gives
    /// each container its demand, and its containers' sojourns are computed in a second pass in
    /// container order; any other machine goes through `flowAllocate` (CPUAllocation, probes).
    ///
    /// In a pass over a part (`FlowPart`), its containers' machines hold the others' demands of
    /// their last pass (`machineOthers`): a part is stepped alone only where they leave it room
    /// (Simulation+FlowParts.swift), and a machine that is contended anyway allocates among all
    /// its containers but sets only the part's.
    mutating func flowAllocateAll(dt: Double, part: FlowPart?) {
        let nM = cluster.machineIDs.count
        if flow.machineBusy.count != nM {
            flow.machineBusy = StateTable(repeating: 0, count: nM)
            flow.machineDemand = StateTable(repeating: 0, count: nM)
            flow.machineCores = StateTable(repeating: 0, count: nM)
            flow.machineOthers = StateTable(repeating: 0, count: nM)
        }
        if let part {
            // The others' demands are those of their last pass: the disturbed part's sub-steps
            // reuse them until another pass or a change of the part (`FlowModel.othersKey`).
            let key = (flow.partGeneration, flow.demandGeneration)
            let reuse = part.isDirty && flow.othersKey == key
            for m in part.machines {
                flow.machineBusy[m.index] = 0
                flow.machineDemand[m.index] = 0
                flow.machineCores[m.index] = cpu.cores(m)
                guard !reuse else { continue }
                var others = 0.0
                for c in cluster.members(of: m) where !part.inPart[cluster.service(of: c).index] {
                    others += min(flow.containerDemand[c.index], cpu.cap(c))
                }
                flow.machineOthers[m.index] = others
            }
            flow.othersKey = part.isDirty ? key : (-1, -1)
        } else {
            for m in cluster.machineIDs {
                flow.machineBusy[m.index] = 0
                flow.machineDemand[m.index] = 0
                // A flat copy: the CPU component's machine rows are ~100 bytes, read here in container order.
                flow.machineCores[m.index] = cpu.cores(m)
                flow.machineOthers[m.index] = 0
            }
        }
        // The last step's busy cores per machine (interference), as `flowAllocate` sums them;
        // read by `flowDemand` only for a container sensitive to interference (never in a part).
        if !cpu.sensitivity.isEmpty {
            for c in cluster.containerIDs where !cluster.isEvicted(c) {
                flow.machineBusy[cluster.machine(of: c).index] += flow.allocated[c.index]
            }
        }
        let pinned = config.cpuIsolation == .pinned
        if let part {
            for c in part.containers where !cluster.isEvicted(c) { flowDemandOf(c, dt: dt) }
            for m in part.machines { flowAllocateOrSum(m, pinned: pinned, dt: dt, part: part) }
            for c in part.containers where !cluster.isEvicted(c) { flowSojournOf(c, dt: dt) }
        } else {
            for c in cluster.containerIDs where !cluster.isEvicted(c) { flowDemandOf(c, dt: dt) }
            for m in cluster.machineIDs { flowAllocateOrSum(m, pinned: pinned, dt: dt, part: nil) }
            for c in cluster.containerIDs where !cluster.isEvicted(c) { flowSojournOf(c, dt: dt) }
        }
    }

    /// Container `c`'s demand this step, added (capped) to its machine's (`flowAllocateAll`).
    @inline(__always) mutating func flowDemandOf(_ c: ContainerID, dt: Double) {
        let m = cluster.machine(of: c)
        let d = flowDemand(c, on: m, lastBusy: flow.machineBusy[m.index], dt: dt)
        flow.containerDemand[c.index] = d
        flow.machineDemand[m.index] += min(d, cpu.cap(c))
    }

    /// Machine `m` whose demands do not all fit (or under `pinned`) is allocated by
    /// `flowAllocate` and marked done (−1); any other is busy with its demand.
    @inline(__always) mutating func flowAllocateOrSum(_ m: MachineID, pinned: Bool, dt: Double, part: FlowPart?) {
        let total = flow.machineDemand[m.index]
        let cores = cpu.cores(m)
        flow.peakLoad = max(flow.peakLoad, (total + flow.machineOthers[m.index]) / cores)
        if pinned || total + flow.machineOthers[m.index] >= cores - 1e-9 {
            flowAllocate(m, dt: dt, part: part)
            flow.machineDemand[m.index] = -1  // done
        } else {
            flow.busyIntegral[m.index] += total * dt
        }
    }

    /// Container `c` on a machine where every demand fits gets its demand; its sojourn follows.
    @inline(__always) mutating func flowSojournOf(_ c: ContainerID, dt: Double) {
        let m = cluster.machine(of: c)
        let busy = flow.machineDemand[m.index]
        guard busy >= 0 else { return }
        let x = min(flow.containerDemand[c.index], cpu.cap(c))
        flow.allocated[c.index] = x
        let free = flow.machineCores[m.index] - (busy + flow.machineOthers[m.index] - x)
        flowSojourn(
            c, allocated: x, demand: flow.containerDemand[c.index], burst: min(cpu.cap(c), free), peak: free,
            dt: dt)
    }

    /// Container `c`'s CPU demand this step (cores): its admitted requests' work at the speed its
    /// machine's interference leaves (`lastBusy`: the machine's busy cores last step), its backlog's
    /// work over the step and its hog threads; 0 when it is dead. Sets its speed.
    @inline(__always)
    mutating func flowDemand(_ c: ContainerID, on m: MachineID, lastBusy: Double, dt: Double) -> Double {
        guard cluster.isAlive(c) else { return 0 }
        let s = cluster.service(of: c).index
        let sens = cpu.sensitivity(c)
        let sp = sens > 0 ? 1 / (1 + sens * max(0, lastBusy - flow.allocated[c.index]) / cpu.cores(m)) : 1
        flow.speed[c.index] = sp
        let work = flow.meanWork[s] / sp
        let lambda = (flow.admittedExt[c.index] + flow.admittedInt[c.index]) / dt
        return lambda * work + flow.backlog[c.index] * work / dt + Double(cpu.hogThreads(c))
    }

    /// Allocates machine `m`'s cores for the step (`CPUAllocation.allocate`) and computes each
    /// container's local sojourn: the path of machines whose demands do not all fit, and of
    /// `pinned` isolation.
    mutating func flowAllocate(_ m: MachineID, dt: Double, part: FlowPart? = nil) {
        let members = cluster.members(of: m)
        let k = members.count
        guard k > 0 else { return }
        let cores = cpu.cores(m)
        flow.demand.removeAll(keepingCapacity: true)
        flow.weight.removeAll(keepingCapacity: true)
        flow.cap.removeAll(keepingCapacity: true)
        var lastBusy = 0.0
        for c in members { lastBusy += flow.allocated[c.index] }
        for c in members {
            // A container outside the part keeps its demand of its last pass.
            let outside = part.map { !$0.inPart[cluster.service(of: c).index] } ?? false
            flow.demand.append(outside ? flow.containerDemand[c.index] : flowDemand(c, on: m, lastBusy: lastBusy, dt: dt))
            flow.weight.append(cpu.weight(c))
            flow.cap.append(cpu.cap(c))
        }
        let busy = CPUAllocation.allocate(
            isolation: config.cpuIsolation, cores: cores, sharedPool: cpu.sharedPool(m), demand: flow.demand,
            weight: flow.weight, cap: flow.cap, out: &flow.out, order: &flow.fillOrder)
        if let part {
            for i in 0..<k where part.inPart[cluster.service(of: members[i]).index] { flow.busyIntegral[m.index] += flow.out[i] * dt }
        } else {
            flow.busyIntegral[m.index] += busy * dt
        }
        var unpinnedBusy = 0.0
        if config.cpuIsolation == .pinned {
            for i in 0..<k where !flow.cap[i].isFinite { unpinnedBusy += flow.out[i] }
        }
        for i in 0..<k {
            let c = members[i]
            if let part, !part.inPart[cluster.service(of: c).index] { continue }
            let x = flow.out[i]
            flow.allocated[c.index] = x
            guard cluster.isAlive(c) else {
                flowSojourn(c, allocated: x, demand: 0, burst: 0, peak: 0, dt: dt)
                continue
            }
            let lambda = (flow.admittedExt[c.index] + flow.admittedInt[c.index]) / dt
            // The cores the container could use now: its cap, or what the others leave.
            var burst: Double
            switch config.cpuIsolation {
            case .pinned:
                burst = flow.cap[i].isFinite ? flow.cap[i] : cpu.sharedPool(m) - (unpinnedBusy - x)
            case .none, .shares, .quota, .quotaFluid:
                burst = min(flow.cap[i], cores - (busy - x))
            }
            if busy >= cores - 1e-9 && lambda > 0 {
                // Contended: what it would get if it wanted all it may use (its fair share
                // against the others' demands), the same allocation with its demand raised.
                flow.probe = flow.demand
                flow.probe[i] = min(flow.cap[i], cores)
                CPUAllocation.allocate(
                    isolation: config.cpuIsolation, cores: cores, sharedPool: cpu.sharedPool(m), demand: flow.probe,
                    weight: flow.weight, cap: flow.cap, out: &flow.probeOut, order: &flow.fillOrder)
                burst = max(burst, flow.probeOut[i])
            }
            flowSojourn(c, allocated: x, demand: flow.demand[i], burst: burst, peak: cores - (busy - x), dt: dt)
        }
    }

    /// Container `c`'s backlog and local sojourn this step, given the cores it was allocated, its
    /// demand (`flowDemand`), the cores it could use over the step (`burst`) and, within a CFS
    /// period, the cores the others leave (`peak`: under `quota` a container below its limit runs
    /// its threads on up to these, and is throttled when a period's runtime is spent); a dead
    /// container has none.
    @inline(__always)
    mutating func flowSojourn(
        _ c: ContainerID, allocated x: Double, demand d: Double, burst: Double, peak: Double, dt: Double
    ) {
        flowNoteSettled(c, rate: (flow.admittedExt[c.index] + flow.admittedInt[c.index]) / dt, cores: x)
        guard cluster.isAlive(c) else {
            flow.localMean[c.index] = 0
            flow.localVar[c.index] = 0
            flow.spared[c.index] = 0
            return
        }
        let s = cluster.service(of: c).index
        let sp = flow.speed[c.index]
        let work = flow.meanWork[s] / sp
        let lambda = (flow.admittedExt[c.index] + flow.admittedInt[c.index]) / dt
        let hogs = Double(cpu.hogThreads(c))
        let burst = max(burst, x, 1e-6)
        // With h hog threads next to n requests, every thread runs at burst / (h + n): the
        // requests' cores grow with n towards `burst` (FlowQueueing.meanInSystem, hogs).
        let requestDemand = max(0, d - hogs)
        let requestShare = min(requestDemand, 0.99 * burst)
        // A saturated container is a transient even before its backlog shows: keep steps short.
        let saturated = requestDemand >= 0.99 * burst
        if saturated { flow.quiet = false }
        // Backlog: what arrived minus what the requests' cores completed.
        let served = work > 0 ? requestShare * dt / work : .infinity
        flow.completionRate[c.index] = saturated ? served / dt : (work > 0 ? burst / work : .infinity)
        flow.backlog[c.index] = max(0, flow.backlog[c.index] + lambda * dt - served)
        if flow.backlog[c.index] > FlowModel.quietBacklog { flow.quiet = false }
        let a = lambda * work
        let perJob = min(1, burst / (hogs + 1))
        var sojourn = work / perJob
        // The queueing a balancer that compares replicas spares the station (flowChoiceFactor).
        var removed = 0.0
        // Smoother arrivals than Poisson (round-robin) queue less (FlowQueueing.arrivalFactor).
        // (Read only where a station queues: most of a fleet's containers do not.)
        var arrivalSCV: Double { 1 - flow.smoothing[c.index] / (flow.admittedExt[c.index] + flow.admittedInt[c.index]) }
        let cs2 = flow.workSCV[s]
        if lambda > 0, hogs == 0, !saturated, peak > burst, let bandwidth = cpu.bandwidthPeriod(c) {
            // Below its quota: the station has the free cores within a period, plus the delay of
            // the periods whose runtime runs out (FlowQueueing.throttleDelay); a period's work
            // varies as Var(x) + ca²·E[x]² per request.
            let n = FlowQueueing.meanInSystem(offered: a, capacity: peak)
            let alone = work / min(1, peak)
            let ca2 = arrivalSCV
            let secondMoment = (flow.varWork[s] + ca2 * flow.meanWork[s] * flow.meanWork[s]) / (sp * sp)
            let queueing = FlowQueueing.arrivalFactor(ca2: ca2, cs2: cs2) * max(0, n / lambda - alone)
            let choice = flowChoiceFactor(c, offered: a, capacity: peak)
            removed = (1 - choice) * queueing
            sojourn =
                alone + choice * queueing
                + FlowQueueing.throttleDelay(
                    rate: lambda, work: work, secondMoment: secondMoment, limit: burst, period: bandwidth.period,
                    ceiling: bandwidth.ceiling)
        } else if lambda > 0 {
            // Stationary part at load a (capped just below saturation: the backlog carries the rest).
            let n: Double
            if hogs > 0 {
                // Hog threads fill a core each, no more: the cores left when few requests are
                // runnable stay idle, which the allocation (requests' mean work + one core per
                // hog thread) counted as busy.
                let chain = FlowQueueing.withHogs(offered: min(a, 0.99 * burst), capacity: burst, hogs: hogs)
                n = chain.inSystem
                let idle = x - chain.busy
                if idle > 0 { flow.busyIntegral[cluster.machine(of: c).index] -= idle * dt }
            } else {
                n = FlowQueueing.meanInSystem(offered: min(a, 0.99 * burst), capacity: burst)
            }
            let stationary = n / min(lambda, 0.99 * burst / work)
            if stationary > sojourn {
                let queueing = FlowQueueing.arrivalFactor(ca2: arrivalSCV, cs2: cs2) * (stationary - sojourn)
                let choice = flowChoiceFactor(c, offered: min(a, 0.99 * burst), capacity: burst)
                removed = (1 - choice) * queueing
                sojourn += choice * queueing
            }
        }
        let slowdown = work > 0 ? sojourn / work : 1
        let drain = flow.backlog[c.index] * work / burst
        flow.localMean[c.index] = sojourn + drain
        flow.spared[c.index] = lambda * removed
        let scale = slowdown / sp
        flow.localVar[c.index] = scale * scale * flow.varWork[s]
    }

    /// Records container `c`'s arrival rate and cores this step, and clears `flow.settled` when
    /// either moved by more than `FlowModel.settleTolerance` since its last step.
    @inline(__always)
    mutating func flowNoteSettled(_ c: ContainerID, rate r: Double, cores x: Double) {
        let tol = FlowModel.settleTolerance
        let (lastRate, lastCores) = (flow.lastRate[c.index], flow.lastAllocated[c.index])
        if abs(r - lastRate) > tol * max(r, lastRate) || abs(x - lastCores) > tol * max(x, lastCores) {
            flow.settled = false
        }
        flow.lastRate[c.index] = r
        flow.lastAllocated[c.index] = x
    }

    /// The factor on container `c`'s queueing this step for the share of its arrivals that came
    /// through balancers that compare replicas (`FlowQueueing.choiceFactor`, at their
    /// rate-weighted d and pool size; the rest queue as a Poisson stream's); with hog threads in
    /// the container, as without them.
    @inline(__always)
    mutating func flowChoiceFactor(_ c: ContainerID, offered a: Double, capacity: Double) -> Double {
        let fed = flow.choiceAdmitted[c.index]
        guard fed > 0 else { return 1 }
        let q = fed / (flow.admittedExt[c.index] + flow.admittedInt[c.index])
        let d = flow.choiceD[c.index] / fed
        let m = flow.choiceM[c.index] / fed
        let key = (a, capacity, d, m)
        if key != flow.lastChoice {
            flow.lastChoice = key
            flow.lastChoiceFactor = FlowQueueing.choiceFactor(offered: a, capacity: capacity, choices: d, replicas: m)
        }
        return 1 - q + q * flow.lastChoiceFactor
    }

    /// Latency, timeouts and failures of service `s`'s admitted requests this step; updates what
    /// its callers see (`failProb`, `e2eMean`, `e2eM2`, `holdMean`) and its containers' in-flight
    /// requests.
    mutating func flowFinishService(_ s: Int, dt: Double, at: SimInstant) {
        var pReach = 1.0
        var callMean = 0.0
        var callVar = 0.0
        // The mean time a request spends in its calls, whatever their outcome: call i is made by
        // the share whose calls before it succeeded, and a failed call ends the request.
        var callHold = 0.0
        for callee in flow.callees[s] {
            callMean += flow.e2eMean[callee]
            callVar += max(0, flow.e2eM2[callee] - flow.e2eMean[callee] * flow.e2eMean[callee])
            callHold += pReach * flow.holdMean[callee]
            pReach *= 1 - flow.failProb[callee]
        }
        let pDown = 1 - pReach
        let tau = flow.timeout[s]
        var failed = flow.rejected[s]
        flowMaterialize(s)
        flow.minuteTouched[s] = true
        var n = 0.0
        var sum = 0.0
        var sum2 = 0.0
        var wait = 0.0
        var last: (mean: Double, variance: Double, split: (exceed: Double, m1: Double, m2: Double)) = (.nan, .nan, (0, 0, 0))
        for c in cluster.replicas(of: s) {
            let ci = c.index
            let ext = flow.admittedExt[ci]
            let all = ext + flow.admittedInt[ci]
            guard all > 0, cluster.isAlive(c) else {
                flow.inFlight[ci] = cluster.isAlive(c) ? flow.backlog[ci] : 0
                flow.unitExt[ci] = 0
                flow.unitInt[ci] = 0
                flow.unitSum[ci] = 0
                flow.unitSum2[ci] = 0
                continue
            }
            let mean = flow.localMean[ci] + callMean
            let variance = flow.localVar[ci] + callVar
            // Replicas with the same rate and enough cores have bit-identical moments: computed once.
            if mean != last.mean || variance != last.variance {
                last = (mean, variance, FlowQueueing.timeoutSplit(mean: mean, variance: variance, threshold: tau))
            }
            let (pTimeout, m1, m2) = last.split
            let success = (1 - pDown) * (1 - pTimeout)
            flow.successShare[ci] = success
            let ns = all * success
            // What this pass adds to the container's minute, kept for replayed steps.
            flow.unitExt[ci] = ext * success
            flow.unitInt[ci] = (all - ext) * success
            flow.unitSum[ci] = ns * m1
            flow.unitSum2[ci] = ns * m2
            flow.minuteExt[ci] += flow.unitExt[ci]
            flow.minuteInt[ci] += flow.unitInt[ci]
            flow.minuteSum[ci] += flow.unitSum[ci]
            flow.minuteSum2[ci] += flow.unitSum2[ci]
            n += ns
            sum += ns * m1
            sum2 += ns * m2
            failed += all - ns
            let down = pDown
            let timedOut = (1 - pDown) * pTimeout
            flowReport(ext * down, service: s, .downstreamFailure, external: true, at: at)
            flowReport((all - ext) * down, service: s, .downstreamFailure, external: false, at: at)
            flowReport(ext * timedOut, service: s, .timeout, external: true, at: at)
            flowReport((all - ext) * timedOut, service: s, .timeout, external: false, at: at)
            // Little's law: in flight = arrival rate × time in the container, its local sojourn
            // and its calls (its work goes on after a timeout, as in the request engine); its
            // caller waits at most the timeout.
            let hold = flow.localMean[ci] + callHold
            flow.inFlight[ci] = all / dt * hold
            wait += all * min(hold, tau)
        }
        let offered = flow.offered[s]
        flow.failProb[s] = offered > 0 ? min(1, failed / offered) : 0
        // Requests not admitted (no replica, dead, unreachable) return at once.
        if offered > 0 { flow.holdMean[s] = wait / offered }
        if n > 0 {
            flow.e2eMean[s] = sum / n
            flow.e2eM2[s] = sum2 / n
        }
    }

    /// Reports the whole part of `amount` failed requests now (the rest is carried).
    mutating func flowReport(_ amount: Double, service s: Int, _ outcome: RequestOutcome, external: Bool, at: SimInstant) {
        guard amount > 0 else { return }
        let n = flow.take(amount, service: s, outcome: outcome, external: external)
        if n > 0 {
            observer.requestsFinished(
                service: s, end: at, latency: .zero, count: n, outcome: outcome, external: external)
        }
    }

    /// Container `c` was killed: its in-flight requests fail with `outcome`. They were counted when
    /// admitted — those to succeed among this minute's successes, the others as failures — so the
    /// kill turns the in-flight ones that were to succeed (`successShare`) from this minute's
    /// successes into `outcome` failures; a request is counted once, as in the request engine.
    mutating func flowKilled(_ c: ContainerID, _ outcome: RequestOutcome) {
        let ci = c.index
        let s = cluster.service(of: c).index
        flowMaterialize(s)
        // A kill changes what the last pass of everything (or the rest) computed, unless the
        // container is in the part an event disturbed (stepped on its own).
        flow.kills += 1
        if !flow.dirty[s] { flow.replayable = false }
        let succeeded = flow.minuteExt[ci] + flow.minuteInt[ci]
        let lost = min(flow.inFlight[ci] * flow.successShare[ci], succeeded)
        if lost > 0 {
            let keep = 1 - lost / succeeded
            flowReport(lost * flow.minuteExt[ci] / succeeded, service: s, outcome, external: true, at: queue.now)
            flowReport(lost * flow.minuteInt[ci] / succeeded, service: s, outcome, external: false, at: queue.now)
            flow.minuteExt[ci] *= keep
            flow.minuteInt[ci] *= keep
            flow.minuteSum[ci] *= keep
            flow.minuteSum2[ci] *= keep
        }
        flow.inFlight[ci] = 0
        flow.backlog[ci] = 0
        flow.charged[ci] = 0
        flow.allocated[ci] = 0
    }

    /// Reports the minute's successes, spread over the quantiles of a lognormal with the mean and
    /// variance of the container-minute's latencies; stamped `at` (within the minute).
    ///
    /// Containers of a service whose minute means and variances agree within
    /// `FlowModel.latencyMergeTolerance` (replicas with the same rate, work and enough cores: most
    /// of a fleet's) are reported as one: their counts added, spread over the quantiles of the
    /// first one's lognormal. A quantile then moves by a few times that tolerance, well inside
    /// the latency histograms' resolution (2⁻¹⁰), and a fleet reports ~one set of quantile bins
    /// per service instead of one per container.
    /// - Complexity: O(containers × groups per service + groups × quantile bins).
    mutating func flowFlushMinute(at: SimInstant) {
        let tolerance = FlowModel.latencyMergeTolerance
        for s in 0..<config.services.count {
            flow.groups.removeAll(keepingCapacity: true)
            // Replayed only since the last flush: the minute is the units × the summed factors,
            // read straight (the same numbers `flowMaterialize` would add to zeros).
            let f = flow.pendingFactor[s]
            let replayedOnly = f != 0 && !flow.minuteTouched[s]
            if !replayedOnly { flowMaterialize(s) }
            let touched = flow.minuteTouched[s]
            flow.pendingFactor[s] = 0
            flow.minuteTouched[s] = false
            for c in cluster.replicas(of: s) {
                let ci = c.index
                let (ext, int, sum, sum2) =
                    replayedOnly
                    ? (flow.unitExt[ci] * f, flow.unitInt[ci] * f, flow.unitSum[ci] * f, flow.unitSum2[ci] * f)
                    : (flow.minuteExt[ci], flow.minuteInt[ci], flow.minuteSum[ci], flow.minuteSum2[ci])
                if touched {
                    flow.minuteExt[ci] = 0
                    flow.minuteInt[ci] = 0
                    flow.minuteSum[ci] = 0
                    flow.minuteSum2[ci] = 0
                }
                let n = ext + int
                guard n > 0 else { continue }
                let mean = sum / n
                let variance = max(0, sum2 / n - mean * mean)
                var whole = (0, 0)  // (internal, external)
                for k in 0..<2 {
                    let total = flow.successCarry[ci * 2 + k] + (k == 0 ? int : ext)
                    let w = FlowQueueing.wholePart(total)
                    flow.successCarry[ci * 2 + k] = total - w
                    if k == 0 { whole.0 = Int(w) } else { whole.1 = Int(w) }
                }
                guard whole.0 + whole.1 > 0 else { continue }
                let close = flow.groups.firstIndex {
                    abs($0.mean - mean) <= tolerance * $0.mean && abs($0.variance - variance) <= tolerance * $0.variance
                }
                if let g = close {
                    flow.groups[g].internalCount += whole.0
                    flow.groups[g].externalCount += whole.1
                } else if flow.groups.count < FlowModel.maxLatencyGroups {
                    flow.groups.append(.init(mean: mean, variance: variance, internalCount: whole.0, externalCount: whole.1))
                } else {
                    flowReportLatencies(.init(mean: mean, variance: variance, internalCount: whole.0, externalCount: whole.1), service: s, at: at)
                }
            }
            for g in flow.groups.indices { flowReportLatencies(flow.groups[g], service: s, at: at) }
        }
    }

    /// Reports `group`'s successes of service `s` over the quantile bins of the lognormal with its
    /// mean and variance (`FlowQueueing.edges`; each bin at its midpoint quantile).
    mutating func flowReportLatencies(_ group: FlowModel.LatencyGroup, service s: Int, at: SimInstant) {
        let edges = FlowQueueing.edges
        let z = FlowQueueing.midpointZ
        let (mu, sigma) = FlowQueueing.lognormal(mean: group.mean, variance: group.variance)
        for i in edges.indices { flow.binLatency[i] = .seconds(exp(mu + sigma * z[i])) }
        for k in 0..<2 {
            let count = k == 0 ? group.internalCount : group.externalCount
            guard count > 0 else { continue }
            var previous = 0
            for i in edges.indices {
                let cumulative = i == edges.count - 1 ? count : FlowQueueing.nearest(Double(count) * edges[i])
                flow.binCount[i] = cumulative - previous
                previous = cumulative
            }
            observer.requestsSucceeded(
                service: s, end: at, latencies: flow.binLatency, counts: flow.binCount, external: k == 1)
        }
    }

    /// In-flight requests per service at the end (flow fidelity), rounded.
    func flowInFlight() -> [Int] {
        var out = [Double](repeating: 0, count: config.services.count)
        for c in cluster.containerIDs { out[cluster.service(of: c).index] += flow.inFlight[c.index] }
        return out.map { Int($0.rounded()) }
    }
}
