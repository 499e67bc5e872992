import BulkheadKernel

/// The life of a request: created by a balancer (or by a caller's downstream call), dispatched to
/// a replica, local CPU work, then its downstream calls in order, then done. A failure anywhere
/// ends it at that moment and fails its caller (a failed call fails the caller).
extension Simulation {
    mutating func newRequest(service s: Int32, parent: Int32, external: Bool) -> Int32 {
        let id: Int32
        if let f = freeRequests.popLast() {
            id = f
        } else {
            id = Int32(requests.count)
            requests.append(RequestState())
        }
        let now = queue.now.nanoseconds
        let timeout = timeouts[Int(s)]
        let deadline = timeout != .max ? now + timeout : .max
        let generation = requests[Int(id)].generation
        // One whole-struct store (one uniqueness check) rather than a check per field.
        requests[Int(id)] = RequestState(
            service: s, container: -1, parent: parent,
            parentGeneration: parent >= 0 ? requests[Int(parent)].generation : 0, child: -1,
            generation: generation, start: now, deadline: deadline, nextCall: 0, residentIndex: -1,
            phase: .cpu, reported: false, external: external)
        if timeout != .max {
            let d = deadline
            deadlineQueues[Int(s)].append(d, id, generation)
            if !deadlineQueues[Int(s)].armed {
                deadlineQueues[Int(s)].armed = true
                queue.schedule(at: SimInstant(nanoseconds: d), priority: 90, .deadline(service: s))
            }
        }
        return id
    }

    /// Sends request `r` to a replica chosen by balancer `b`.
    mutating func dispatch(_ r: Int32, balancer b: Int) {
        let s = Int(requests[Int(r)].service)
        let dark = darkRelease[s]
        if dark >= 0, let c = darkCanaryTarget(service: s, release: Int(dark)) {
            admit(r, container: c)
            return
        }
        let p = Int(balancers[b].poolOfService[s])
        guard let c = pick(balancer: b, pool: p) else {
            fail(r, .noHealthyReplica)
            return
        }
        guard containers[c].alive else {
            fail(r, .deadReplica)
            return
        }
        guard machines[Int(containers[c].machine)].reachable else {
            // The connection attempt hangs until the balancer's connect timeout.
            requests[Int(r)].phase = .connecting
            queue.schedule(after: SimDuration(nanoseconds: connectTimeouts[b]), priority: 90,
                           .connectFail(request: r, generation: requests[Int(r)].generation))
            return
        }
        admit(r, container: c)
    }

    /// Request `r` enters container `c`: it is counted in flight, takes its memory, may trigger
    /// an OOM kill, and starts its CPU work.
    mutating func admit(_ r: Int32, container c: Int) {
        let release = releaseOf[c]
        if release >= 0 {
            requests[Int(r)].container = Int32(c)
            if releaseRejects(r, container: c, release: Int(release)) { return }
        }
        requests[Int(r)].container = Int32(c)
        requests[Int(r)].residentIndex = Int32(containers[c].residents.count)
        containers[c].residents.append(r)
        inFlight[c] += 1
        let gen = requests[Int(r)].generation
        let extra = containers[c].memoryPerRequest
        if extra > 0 {
            addMemory(container: c, extra)
            // The request may have died with its container.
            if requests[Int(r)].generation != gen || requests[Int(r)].container != Int32(c) { return }
        }
        let s = Int(requests[Int(r)].service)
        var work = workStreams[s]._withUnsafeGuaranteedRef { works[s].sampleNonNegative($0) }
        if release >= 0 { work *= releaseWorkFactor(release: Int(release)) }
        startWork(r, container: c, work: work)
    }

    mutating func nextStep(_ r: Int32) {
        let ri = Int(r)
        let s = Int(requests[ri].service)
        let k = Int(callStart[s]) + Int(requests[ri].nextCall)
        if k < Int(callStart[s + 1]) {
            requests[ri].nextCall += 1
            requests[ri].phase = .waitingCall
            let callee = callTargets[k]
            let child = newRequest(service: callee, parent: r, external: false)
            requests[ri].child = child
            dispatch(child, balancer: Int(internalBalancer[Int(callee)]))
        } else {
            finish(r, .success)
        }
    }

    /// A downstream call of `parent` ended.
    mutating func childEnded(_ child: Int32, success: Bool) {
        let parent = requests[Int(child)].parent
        guard parent >= 0, requests[Int(parent)].generation == requests[Int(child)].parentGeneration,
              requests[Int(parent)].child == child
        else { return }
        requests[Int(child)].parent = -1
        requests[Int(parent)].child = -1
        if success {
            nextStep(parent)
        } else {
            finish(parent, .downstreamFailure)
        }
    }

    mutating func fail(_ r: Int32, _ outcome: RequestOutcome) { finish(r, outcome) }

    /// Ends request `r` with `outcome` now: reports it (unless a timeout already did), releases
    /// its container slot and memory, tells its caller, and frees it.
    mutating func finish(_ r: Int32, _ outcome: RequestOutcome) {
        let ri = Int(r)
        let request = requests[ri]
        if !request.reported {
            observer.requestFinished(service: Int(request.service), start: SimInstant(nanoseconds: request.start),
                                     end: queue.now, outcome: outcome, external: request.external)
        }
        release(r)
        requests[ri].reported = true
        // An outstanding call of a failed request goes on without its caller.
        if request.child >= 0 { requests[Int(request.child)].parent = -1 }
        requests[ri].phase = .free
        requests[ri].generation &+= 1
        freeRequests.append(r)
        if request.parent >= 0 { childEnded(r, success: outcome == .success) }
    }

    /// Removes `r` from its container (in-flight count, memory, resident list).
    mutating func release(_ r: Int32) {
        let ri = Int(r)
        let c = Int(requests[ri].container)
        guard c >= 0, requests[ri].residentIndex >= 0 else { return }
        let idx = Int(requests[ri].residentIndex)
        let last = containers[c].residents.removeLast()
        if idx < containers[c].residents.count {
            containers[c].residents[idx] = last
            requests[Int(last)].residentIndex = Int32(idx)
        }
        requests[ri].residentIndex = -1
        requests[ri].container = -1
        inFlight[c] -= 1
        let extra = containers[c].memoryPerRequest
        if extra > 0 && containers[c].alive {
            let m = Int(containers[c].machine)
            advance(m)
            containers[c].memoryUsed -= extra
            machines[m].memoryUsed -= extra
        }
    }

    /// A service's earliest deadline is due: report every request past its deadline as a timeout
    /// (its work continues; a caller waiting on it fails now).
    mutating func deadlineFired(_ s: Int) {
        let now = queue.now.nanoseconds
        deadlineQueues[s].armed = false
        while !deadlineQueues[s].isEmpty {
            let entry = deadlineQueues[s].first
            let r = Int(entry.request)
            let live = requests[r].generation == entry.generation && !requests[r].reported
            if !live {
                deadlineQueues[s].removeFirst()
                continue
            }
            let d = entry.deadline
            if d > now {
                deadlineQueues[s].armed = true
                queue.schedule(at: SimInstant(nanoseconds: d), priority: 90, .deadline(service: Int32(s)))
                return
            }
            deadlineQueues[s].removeFirst()
            timeOut(Int32(r))
        }
    }

    mutating func timeOut(_ r: Int32) {
        let ri = Int(r)
        requests[ri].reported = true
        let c = Int(requests[ri].container)
        if c >= 0, releaseOf[c] >= 0 { releases[Int(releaseOf[c])].failures += 1 }
        observer.requestFinished(service: Int(requests[ri].service), start: SimInstant(nanoseconds: requests[ri].start),
                                 end: queue.now, outcome: .timeout, external: requests[ri].external)
        // The caller stops waiting now; this request's own work continues to completion.
        if requests[ri].parent >= 0 { childEnded(r, success: false) }
    }
}
