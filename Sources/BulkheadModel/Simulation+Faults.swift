import BulkheadKernel
import BulkheadStochastic

/// Machine crashes, rack outages and the chaos monkey.
extension Simulation {
    /// Schedules the first event of every configured fault.
    mutating func scheduleFaults() {
        for (f, fault) in config.faults.enumerated() {
            switch fault {
            case .machineCrash(_, let at, _), .rackOutage(_, let at, _):
                if at <= end { queue.schedule(at: at, priority: 40, .fault(index: Int32(f), target: -1)) }
            case .randomMachineCrash(let ms, let mtbf, _):
                for m in ms {
                    let t = faultStream(f, m).withStream { mtbf.sampleNonNegative($0) }
                    let at = queue.now + .seconds(t)
                    if at <= end { queue.schedule(at: at, priority: 40, .fault(index: Int32(f), target: Int32(m))) }
                }
            case .chaosMonkey(let first, _, _):
                if first <= end { queue.schedule(at: first, priority: 40, .fault(index: Int32(f), target: -1)) }
            case .lbFailure(_, let at, _), .correlated(_, _, let at, _):
                if at <= end { queue.schedule(at: at, priority: 40, .fault(index: Int32(f), target: -1)) }
            case .containerCrash(let s, let rate):
                // Replicas placed at the start only (not the parked slots of an autoscaled service).
                for c in serviceContainers[s] where faultStreams[f << 32 | Int(c)] != nil {
                    scheduleCrash(f, container: Int(c), rate: rate)
                }
            case .release(let rel):
                if rel.at <= end { queue.schedule(at: rel.at, priority: 40, .fault(index: Int32(f), target: -1)) }
            }
        }
    }

    /// The stream of fault `f` for `target` (see `faultStreams`).
    func faultStream(_ f: Int, _ target: Int) -> Unmanaged<RandomStream> {
        guard let s = faultStreams[f << 32 | target] else {
            preconditionFailure("no fault stream for fault \(f), target \(target)")
        }
        return s
    }

    /// Schedules the next crash of container `c` after an exponential time of rate `rate` (per s).
    mutating func scheduleCrash(_ f: Int, container c: Int, rate: Double) {
        let t = faultStream(f, c).withStream { $0.exponential(mean: 1 / rate) }
        guard t.isFinite, queue.now + .seconds(t) <= end else { return }
        queue.schedule(after: .seconds(t), priority: 40, .fault(index: Int32(f), target: Int32(c)))
    }

    mutating func faultFired(_ f: Int, target: Int) {
        switch config.faults[f] {
        case .machineCrash(let m, _, let repair):
            let id = startIncident(kind: "machine-crash", target: config.machines[m].name)
            machineDown(m)
            if let repair { queue.schedule(after: repair, priority: 40, .recover(incident: Int32(id), target: Int32(m), fault: -1)) }
        case .randomMachineCrash(_, let mtbf, let mttr):
            let m = target
            guard machines[m].up else {
                // Already down (another fault): this failure is absorbed; draw the next one.
                let t = faultStream(f, m).withStream { mtbf.sampleNonNegative($0) }
                if queue.now + .seconds(t) <= end {
                    queue.schedule(after: .seconds(t), priority: 40, .fault(index: Int32(f), target: Int32(m)))
                }
                return
            }
            let id = startIncident(kind: "machine-crash", target: config.machines[m].name)
            machineDown(m)
            let t = faultStream(f, m).withStream { mttr.sampleNonNegative($0) }
            queue.schedule(after: .seconds(t), priority: 40, .recover(incident: Int32(id), target: Int32(m), fault: Int32(f)))
        case .rackOutage(let r, _, let duration):
            let id = startIncident(kind: "rack-outage", target: config.racks[r])
            for m in machines.indices where config.machines[m].rack == r { machines[m].reachable = false }
            queue.schedule(after: duration, priority: 40, .recover(incident: Int32(id), target: Int32(-1 - r), fault: -1))
        case .chaosMonkey(_, let every, let replaceAfter):
            var oldest = -1
            for m in machines.indices where machines[m].up {
                if oldest < 0 || machines[m].bornAt < machines[oldest].bornAt { oldest = m }
            }
            if oldest >= 0 {
                let id = startIncident(kind: "chaos-monkey", target: config.machines[oldest].name)
                machineDown(oldest)
                machines[oldest].replaced = true
                queue.schedule(after: replaceAfter, priority: 40, .recover(incident: Int32(id), target: Int32(oldest), fault: -1))
            }
            if queue.now + every <= end { queue.schedule(after: every, priority: 40, .fault(index: Int32(f), target: -1)) }
        case .lbFailure(let b, _, let duration):
            let id = startIncident(kind: "lb-failure", target: config.balancers[b].name)
            balancerDown[b] += 1
            let lb = config.balancers[b]
            let outage = lb.replicas >= 2 && lb.failoverTime < duration ? lb.failoverTime : duration
            queue.schedule(after: outage, priority: 40, .faultStep(index: Int32(f), target: Int32(id), step: 0))
        case .containerCrash(_, let rate):
            let c = target
            if containers[c].alive && machines[Int(containers[c].machine)].up {
                let s = Int(containers[c].service)
                let id = startIncident(kind: "container-crash", target: "\(config.services[s].name)/\(replicaIndex(c))")
                crashIncident[c] = Int32(id)
                kill(c, reason: .crash, innocent: false)
            }
            // A crash due while the container is not running is absorbed.
            scheduleCrash(f, container: c, rate: rate)
        case .correlated(let r, let fraction, _, let duration):
            var rack = machines.indices.filter { config.machines[$0].rack == r }
            let k = min(rack.count, max(1, Int((fraction * Double(rack.count)).rounded())))
            // Partial Fisher–Yates shuffle: the first k are the victims.
            faultStream(f, 0).withStream { s in
                for i in 0..<k { rack.swapAt(i, i + s.int(below: rack.count - i)) }
            }
            let victims = rack[..<k].sorted()
            let names = victims.map { config.machines[$0].name }.joined(separator: "+")
            let id = startIncident(kind: "correlated", target: "\(config.racks[r]):\(names)")
            var downed: [Int32] = []
            for m in victims where machines[m].up {
                machineDown(m)
                downed.append(Int32(m))
            }
            correlatedVictims[f] = downed
            queue.schedule(after: duration, priority: 40, .faultStep(index: Int32(f), target: Int32(id), step: 0))
        case .release(let rel):
            startRelease(f, rel)
        }
    }

    /// The replica number of container `c` within its service.
    func replicaIndex(_ c: Int) -> Int {
        serviceContainers[Int(containers[c].service)].firstIndex(of: Int32(c)) ?? 0
    }

    /// A later step of fault `f`: the end of an lb-failure or correlated fault (`target`: its
    /// incident), or a release's next stage or rollback check.
    mutating func faultStep(_ f: Int, target: Int, step: Int) {
        switch config.faults[f] {
        case .lbFailure(let b, _, _):
            balancerDown[b] -= 1
            observer.incidentEnded(id: target, at: queue.now)
        case .correlated:
            for m in correlatedVictims[f] ?? [] { machineUp(Int(m)) }
            correlatedVictims[f] = nil
            observer.incidentEnded(id: target, at: queue.now)
        case .release: releaseStep(release: target, step: step)
        default: preconditionFailure("fault \(f) has no later steps")
        }
    }

    /// The end of incident `id`: a machine is repaired (or replaced), or a rack reachable again.
    /// `fault` is the random machine-crash fault whose next failure of the machine is due after
    /// the repair (-1 for the other kinds).
    mutating func recover(incident id: Int, target: Int, fault f: Int) {
        if target < 0 {
            let r = -1 - target
            for m in machines.indices where config.machines[m].rack == r { machines[m].reachable = true }
        } else {
            machineUp(target)
            if f >= 0, case .randomMachineCrash(_, let mtbf, _) = config.faults[f] {
                let t = faultStream(f, target).withStream { mtbf.sampleNonNegative($0) }
                let at = queue.now + .seconds(t)
                if at <= end { queue.schedule(at: at, priority: 40, .fault(index: Int32(f), target: Int32(target))) }
            }
        }
        observer.incidentEnded(id: id, at: queue.now)
    }

    mutating func startIncident(kind: String, target: String) -> Int {
        let id = incidentCount
        incidentCount += 1
        observer.incidentStarted(Incident(id: id, kind: kind, target: target, start: queue.now))
        return id
    }

    /// Powers machine `m` off: every container on it dies (in-flight requests fail) and stays
    /// down until the machine is back.
    mutating func machineDown(_ m: Int) {
        guard machines[m].up else { return }
        advance(m)
        machines[m].up = false
        for k in machines[m].containers.indices {
            let c = Int(machines[m].containers[k])
            if containers[c].alive { kill(c, reason: .machineFailure, innocent: false) }
            if !containers[c].evicted { containerLost(c) }
        }
    }

    /// Powers machine `m` on. A replaced machine is fresh and empty (its containers are gone under
    /// static infrastructure); a repaired one restarts its containers after their start-up time.
    mutating func machineUp(_ m: Int) {
        guard !machines[m].up else { return }
        advance(m)
        machines[m].up = true
        if machines[m].replaced {
            machines[m].bornAt = queue.now.nanoseconds
            machines[m].replaced = false
            for k in machines[m].containers.indices { containers[Int(machines[m].containers[k])].evicted = true }
            retryPending()
            return
        }
        for k in machines[m].containers.indices {
            let c = Int(machines[m].containers[k])
            containers[c].restartBackoff = config.restartBackoff
            queue.schedule(after: config.startupTime, priority: 50, .containerStart(container: Int32(c)))
        }
        retryPending()
    }
}

extension Unmanaged where Instance == RandomStream {
    /// Runs `body` with the stream, without a retain/release pair.
    @inline(__always) func withStream<T>(_ body: (RandomStream) -> T) -> T { _withUnsafeGuaranteedRef(body) }
}
