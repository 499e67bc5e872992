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
            }
        }
    }

    /// The stream of fault `f` for machine `m`: `faults/machine-crash/<machine>`.
    func faultStream(_ f: Int, _ m: Int) -> Unmanaged<RandomStream> {
        guard let s = faultStreams[f * max(1, machines.count) + m] else {
            preconditionFailure("no fault stream for fault \(f), machine \(m)")
        }
        return s
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
            return
        }
        for k in machines[m].containers.indices {
            let c = Int(machines[m].containers[k])
            containers[c].restartBackoff = config.restartBackoff
            queue.schedule(after: config.startupTime, priority: 50, .containerStart(container: Int32(c)))
        }
    }
}

extension Unmanaged where Instance == RandomStream {
    /// Runs `body` with the stream, without a retain/release pair.
    @inline(__always) func withStream<T>(_ body: (RandomStream) -> T) -> T { _withUnsafeGuaranteedRef(body) }
}
