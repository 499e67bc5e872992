import BulkheadKernel
import BulkheadStochastic

/// Faults as *when* × *who* × *what*: the timing schedules strikes (and undoes), the victims are
/// resolved when a fault strikes, and each effect is applied in one place (`applyEffect`) and
/// undone in one place (`undoEffect`; a crashed container undoes its own crash by restarting,
/// `containerCrashRecovered`).
extension Simulation {
    /// The victims of one strike.
    struct Hit {
        var struck: Faults.Struck?
        /// A container crash's container.
        var container = ContainerID.none
        /// The incident's target name.
        var name: String
    }

    // MARK: when

    /// Schedules the first strike of every fault.
    /// - Complexity: O(faults + per-victim processes).
    mutating func scheduleFaults() {
        for (k, fault) in faults.configs.enumerated() {
            let f = FaultID(k)
            switch (fault.timing, fault.victims) {
            case (.once(let at, _), _), (.periodic(let at, _, _), _):
                if at <= end { queue.schedule(.faultStrikes(f, victim: -1), at: at) }
            case (.renewal(let ttf, _), .eachMachine(let ms)):
                for m in ms {
                    let t = ttf.sampleNonNegative(faults.stream(f, Int32(m)))
                    let at = queue.now + .seconds(t)
                    if at <= end { queue.schedule(.faultStrikes(f, victim: Int32(m)), at: at) }
                }
            case (.poisson, .eachReplica(let s)):
                // Every replica, an autoscaled service's slots included (a strike on one not
                // running is absorbed).
                for c in cluster.replicas(of: s) where faults.streams[k][c.raw] != nil { scheduleNextStrike(f, victim: c.raw) }
            default:
                preconditionFailure("fault \(k): unsupported timing for its victims")
            }
        }
    }

    /// Schedules fault `f`'s next strike after one on `victim` (a periodic fault's next period, a
    /// per-victim process's next draw), if it falls within the run.
    mutating func scheduleNextStrike(_ f: FaultID, victim: Int32) {
        switch faults.configs[f.index].timing {
        case .once:
            break
        case .periodic(_, let every, _):
            if queue.now + every <= end { queue.schedule(.faultStrikes(f, victim: -1), after: every) }
        case .renewal(let ttf, _):
            let t = ttf.sampleNonNegative(faults.stream(f, victim))
            if queue.now + .seconds(t) <= end { queue.schedule(.faultStrikes(f, victim: victim), after: .seconds(t)) }
        case .poisson(let rate):
            let t = faults.stream(f, victim).exponential(mean: 1 / rate)
            guard t.isFinite, queue.now + .seconds(t) <= end else { return }
            queue.schedule(.faultStrikes(f, victim: victim), after: .seconds(t))
        }
    }

    /// Fault `f` strikes (`victim`: the victim of a per-victim timing, else −1).
    /// - Complexity: O(machines) to resolve the victims, plus the kills of their containers.
    mutating func faultStrikes(_ f: FaultID, victim: Int32) {
        let fault = faults.configs[f.index]
        guard let hit = victims(of: f, victim: victim) else {
            // Nothing to hit now (absorbed, or no machine running): the next strike is drawn.
            scheduleNextStrike(f, victim: victim)
            return
        }
        let id = startIncident(kind: fault.kind, target: hit.name)
        applyEffect(of: f, to: hit, incident: id)
        if let after = lasting(of: f, victim: victim) { queue.schedule(.faultEnds(f, incident: id), after: after) }
        // A renewal process draws its next failure when the victim is repaired (`faultEnds`).
        if case .renewal = fault.timing { return }
        scheduleNextStrike(f, victim: victim)
    }

    /// How long fault `f`'s occurrence lasts (nil: until the victim undoes it, or forever).
    mutating func lasting(of f: FaultID, victim: Int32) -> SimDuration? {
        let fault = faults.configs[f.index]
        var duration: SimDuration?
        switch fault.timing {
        case .once(_, let d): duration = d
        case .periodic(_, _, let d): duration = d
        case .renewal(_, let ttr): duration = .seconds(ttr.sampleNonNegative(faults.stream(f, victim)))
        case .poisson: duration = nil
        }
        if fault.effect == .balancerDown, case .balancer(let b) = fault.victims, let d = duration {
            // With a standby, traffic flows again after the failover.
            let lb = config.balancers[b]
            duration = lb.replicas >= 2 && lb.failoverTime < d ? lb.failoverTime : d
        }
        return duration
    }

    // MARK: who

    /// The victims of fault `f` striking now, or nil when there is nothing to hit (a per-victim
    /// strike on a victim that is down, or no machine running).
    mutating func victims(of f: FaultID, victim: Int32) -> Hit? {
        switch faults.configs[f.index].victims {
        case .machine(let m):
            // A crash (or replacement) of a machine already down is absorbed: no incident, and
            // the outage in progress ends when its own fault ends.
            guard cluster.isUp(MachineID(m)) || faults.configs[f.index].effect == .unreachable else { return nil }
            return Hit(struck: .machines([MachineID(m)]), name: config.machines[m].name)
        case .eachMachine:
            let m = MachineID(raw: victim)
            // Already down (another fault): this failure is absorbed.
            guard cluster.isUp(m) else { return nil }
            return Hit(struck: .machines([m]), name: config.machines[m.index].name)
        case .rack(let r):
            return Hit(struck: .machines(cluster.machines(inRack: r)), name: config.racks[r])
        case .zone(let z):
            return Hit(struck: .machines(machines(inZone: z)), name: config.zones[z])
        case .rackFraction(let r, let fraction):
            var rack = cluster.machines(inRack: r)
            let k = min(rack.count, max(1, Int((fraction * Double(rack.count)).rounded())))
            // Partial Fisher–Yates shuffle: the first k are the victims.
            let s = faults.stream(f, 0)
            for i in 0..<k { rack.swapAt(i, i + s.int(below: rack.count - i)) }
            let chosen = rack[..<k].sorted()
            let names = chosen.map { config.machines[$0.index].name }.joined(separator: "+")
            return Hit(struck: .machines(chosen), name: "\(config.racks[r]):\(names)")
        case .oldestMachine:
            guard let m = cluster.oldestRunningMachine() else { return nil }
            return Hit(struck: .machines([m]), name: config.machines[m.index].name)
        case .balancer(let b):
            return Hit(struck: .balancer(BalancerID(b)), name: config.balancers[b].name)
        case .eachReplica:
            let c = ContainerID(raw: victim)
            // A crash due while the container is not running is absorbed.
            guard cluster.isAlive(c), cluster.isUp(cluster.machine(of: c)) else { return nil }
            let s = cluster.service(of: c)
            return Hit(struck: nil, container: c, name: "\(config.services[s.index].name)/\(cluster.replicaIndex(c))")
        }
    }

    // MARK: what

    /// Applies fault `f`'s effect to `hit` (occurrence `id`), remembering what undoing it restores.
    mutating func applyEffect(of f: FaultID, to hit: Hit, incident id: IncidentID) {
        let fault = faults.configs[f.index]
        switch (fault.effect, hit.struck) {
        case (.crash, .machines(let ms)?):
            var poweredOff: [MachineID] = []
            for m in ms where cluster.isUp(m) {
                machineDown(m)
                poweredOff.append(m)
            }
            // The repair restores only the machines this fault powered off (a machine already
            // down comes back when the fault that took it down ends).
            faults.active[id] = .machines(poweredOff)
        case (.replace, .machines(let ms)?):
            for m in ms {
                machineDown(m)
                cluster.markReplaced(m)
            }
            faults.active[id] = .machines(ms)
        case (.unreachable, .machines(let ms)?):
            for m in ms {
                cluster.setReachable(m, false)
                machineUnreachable(m)
            }
            faults.active[id] = .machines(ms)
        case (.balancerDown, .balancer(let b)?):
            balancing.fail(b, by: 1)
            faults.active[id] = .balancer(b)
        case (.containerCrash, nil):
            faults.crashIncident[hit.container.index] = id
            kill(hit.container, reason: .crash, innocent: false)
        default:
            preconditionFailure("fault \(f): effect \(fault.effect) does not apply to its victims")
        }
    }

    /// Fault `f`'s occurrence `id` is over: its effect is undone (and a renewal process draws its
    /// victim's next failure).
    /// - Complexity: O(victims), plus the restarts and re-placements they cause.
    mutating func faultEnds(_ f: FaultID, incident id: IncidentID) {
        let fault = faults.configs[f.index]
        switch (fault.effect, faults.active.removeValue(forKey: id)) {
        case (.crash, .machines(let ms)?), (.replace, .machines(let ms)?):
            for m in ms { machineUp(m) }
            if case .renewal = fault.timing, let m = ms.first { scheduleNextStrike(f, victim: m.raw) }
        case (.unreachable, .machines(let ms)?):
            // All reachable first: a waiting container must not be moved off a machine of the
            // same outage that is reachable again in this instant.
            for m in ms { cluster.setReachable(m, true) }
            for m in ms { machineReachable(m) }
        case (.balancerDown, .balancer(let b)?):
            balancing.fail(b, by: -1)
        default:
            preconditionFailure("fault \(f): no occurrence \(id) to undo")
        }
        endIncident(id)
    }

    /// Container `c` started: the container crash that stopped it (if any) is over.
    mutating func containerCrashRecovered(_ c: ContainerID) {
        let id = faults.crashIncident[c.index]
        guard !id.isNone else { return }
        endIncident(id)
        faults.crashIncident[c.index] = .none
    }
}
