import BulkheadKernel

/// The life of a request: created by an external balancer's arrival (or by a caller's downstream
/// call, or a retry storm), dispatched to a replica, local CPU work, then its downstream calls in
/// order, then done. A failure anywhere ends it at that moment and fails its caller (a failed call
/// fails the caller).
///
/// The coordinator drives it through the components' interfaces: `Requests` (the request's own
/// state), `Balancing` (which replica), `Cluster` (is it alive, reachable), `Releases` (a new
/// version may reject it or slow it), `Memory` (its per-request memory, which may trigger the OOM
/// killer) and `CPU` (its work, whose completion comes back through `cpuDone`).
extension Simulation {
    // MARK: external arrivals

    /// Schedules external balancer `b`'s next arrival, if it falls within the run.
    @inline(__always) mutating func scheduleNextArrival(_ b: BalancerID) {
        guard let at = traffic.nextArrival(b, now: queue.now, end: end) else { return }
        queue.schedule(.arrival(b), at: at)
    }

    /// A request arrives at external balancer `b`.
    mutating func externalArrival(_ b: BalancerID) {
        scheduleNextArrival(b)
        externalArrivals += 1
        let r = newRequest(service: traffic.route(b), parent: .none, external: true)
        if balancing.isDown(b) {
            finish(r, .lbDown)
            return
        }
        dispatch(r, balancer: b)
    }

    // MARK: the life of a request

    /// A new request of service `s` (a downstream call of `parent`, or `.none`).
    @inline(__always) mutating func newRequest(service s: ServiceID, parent: RequestID, external: Bool) -> RequestID {
        requests.open(service: s, parent: parent, external: external, queue: &queue)
    }

    /// Sends request `r` to a replica chosen by balancer `b`.
    mutating func dispatch(_ r: RequestID, balancer b: BalancerID) {
        let s = requests[r].service
        if releases.hasDarkCanary(s), let c = darkCanaryTarget(service: s) {
            admit(r, container: c)
            return
        }
        guard let c = balancing.pick(b, pool: balancing.pool(of: b, for: s), inFlight: requests.inFlightCounts) else {
            finish(r, .noHealthyReplica)
            return
        }
        guard cluster.isAlive(c) else {
            finish(r, .deadReplica)
            return
        }
        guard cluster.isReachable(cluster.machine(of: c)) else {
            // The connection attempt hangs until the balancer's connect timeout.
            let g = requests.startConnecting(r)
            queue.schedule(.connectFail(r, generation: g), after: balancing.connectTimeout(b))
            return
        }
        admit(r, container: c)
    }

    /// Request `r` enters container `c`: it is counted in flight, takes its memory, may trigger
    /// an OOM kill, and starts its CPU work.
    mutating func admit(_ r: RequestID, container c: ContainerID) {
        let release = releases.version(of: c)
        if !release.isNone && releaseRejects(r, release: release) { return }
        requests.enter(r, c)
        let gen = requests[r].generation
        let extra = memory.perRequest(c)
        if extra > 0 {
            chargeMemory(c, extra)
            // The request may have died with its container.
            if !requests.isResident(r, generation: gen, in: c) { return }
        }
        var work = requests.drawWork(requests[r].service)
        if !release.isNone { work *= releases.workFactor(release) }
        // Cold caches after a release's restart (Releases/Simulation+Deploys.swift).
        if !releases.warmUntil.isEmpty { work *= releases.warmupFactor(c, at: queue.now.nanoseconds) }
        startJob(.request(r, generation: gen), in: c, work: work)
    }

    /// Starts `work` CPU-seconds for `owner` in container `c`.
    @inline(__always) mutating func startJob(_ owner: JobOwner, in c: ContainerID, work: Double) {
        let m = cluster.machine(of: c)
        advance(m)
        cpu.startJob(owner, in: c, on: m, work: work, queue: &queue)
    }

    /// A machine's earliest CPU completion is due (unless a later schedule made this event stale):
    /// every job done goes back to its owner.
    mutating func cpuDone(_ m: MachineID, generation g: UInt32) {
        guard cpu.isCurrent(m, generation: g) else { return }
        advance(m)
        let done = cpu.completeDue(on: m, queue: &queue)
        // A request may have died meanwhile (its container OOM-killed by an earlier one's call),
        // hence the generation checks.
        var k = 0
        while k < done {
            switch cpu.completedOwner(k).kind {
            case .request(let r, let g): if requests.isInCPU(r, generation: g) { nextStep(r) }
            case .batchTask(let task, let attempt): batchTaskDone(task, attempt: attempt)
            }
            k += 1
        }
    }

    /// `r`'s local work is done, or a call returned: its next call, or success.
    mutating func nextStep(_ r: RequestID) {
        if let callee = requests.beginNextCall(r) {
            let child = newRequest(service: callee, parent: r, external: false)
            requests.setChild(r, child)
            dispatch(child, balancer: balancing.internalBalancer(of: callee))
        } else {
            finish(r, .success)
        }
    }

    /// Downstream call `child` ended: its caller (if still waiting on it) goes on or fails.
    mutating func childEnded(_ child: RequestID, success: Bool) {
        guard let parent = requests.detachFromParent(child) else { return }
        if success {
            nextStep(parent)
        } else {
            finish(parent, .downstreamFailure)
        }
    }

    /// Ends request `r` with `outcome` now: reports it (unless a timeout already did), releases
    /// its container slot and memory, tells its caller, and frees it.
    mutating func finish(_ r: RequestID, _ outcome: RequestOutcome) {
        let request = requests[r]
        if !request.reported {
            if outcome != .success && request.external { releases.externalFailures += 1 }
            observer.requestFinished(
                service: request.service.index, start: SimInstant(nanoseconds: request.start),
                end: queue.now, outcome: outcome, external: request.external)
        }
        leaveContainer(r)
        requests.close(r)
        if !request.parent.isNone { childEnded(r, success: outcome == .success) }
    }

    /// Removes `r` from its container (in-flight count, resident list) and gives back its memory.
    @inline(__always) mutating func leaveContainer(_ r: RequestID) {
        let c = requests.leave(r)
        guard !c.isNone else { return }
        let extra = memory.perRequest(c)
        if extra > 0 && memory.isRunning(c) {
            let m = cluster.machine(of: c)
            advance(m)
            memory.uncharge(c, on: m, extra)
        }
    }

    /// A request sent to an unreachable machine gives up (unless it ended meanwhile).
    mutating func connectFailed(_ r: RequestID, generation g: UInt32) {
        if requests.isConnecting(r, generation: g) { finish(r, .unreachable) }
    }

    /// A service's earliest deadline is due: report every request past its deadline as a timeout
    /// (its work continues; a caller waiting on it fails now).
    mutating func deadlineFired(_ s: ServiceID) {
        requests.deadlineFired(s)
        while let r = requests.popExpired(s, queue: &queue) { timeOut(r) }
    }

    mutating func timeOut(_ r: RequestID) {
        let request = requests.markTimedOut(r)
        if !request.container.isNone { releases.countTimeout(in: request.container) }
        if request.external { releases.externalFailures += 1 }
        observer.requestFinished(
            service: request.service.index, start: SimInstant(nanoseconds: request.start),
            end: queue.now, outcome: .timeout, external: request.external)
        // The caller stops waiting now; this request's own work continues to completion.
        if !request.parent.isNone { childEnded(r, success: false) }
    }
}
