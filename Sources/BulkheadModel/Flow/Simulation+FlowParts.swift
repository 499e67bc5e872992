import BulkheadKernel

/// Disturbed parts (flow fidelity): an event that changes only a few services — a container
/// crash or start, a machine crash or repair, a health check's verdicts — closes the step of the
/// components of the call graph it touches, not the whole fleet's. Those are stepped on their
/// own from the event (`FlowModel.dirty`: from `FlowModel.minStep`, growing as the open step
/// does, `flowSubStepDue`), while the rest goes on with the step it had: the rest's state did not
/// change, so integrating it over the whole step is what a close would have computed. At the
/// next close of the open step both are integrated and, once the part's transient has settled,
/// it joins the rest. A fleet's events then cost a pass over a few hundred containers each
/// instead of a pass over all of them.
///
/// Components share machines. A part is stepped alone only where that cannot matter
/// (`flowPartsAllowed`, `flowRoomy`): no contention on its machines (each keeps
/// `FlowModel.roomyCores` free beyond the demands on it), no interference, no pinned cores, no
/// hogs, no dynamic rescheduling (which moves containers to machines the event did not name);
/// anything else, or a part above `FlowModel.maxPartShare` of the services, closes everything as
/// before. A neighbour's local sojourn reads the free cores on its machine, which the part's
/// demand changes; with that many cores free beyond a few requests' needs the processor-sharing
/// station does not queue either way (docs/model.md, "Disturbed parts").
extension Simulation {
    /// Whether this scenario's events may step parts on their own (see the type's comment).
    var flowPartsAllowed: Bool {
        config.flowParts && config.cpuIsolation != .pinned && cpu.sensitivity.isEmpty && config.hogs.isEmpty
            && rescheduling.dynamic == nil && flow.componentServices.count > 1
    }

    /// The services whose state event `e` may change when it is handled now, when they can be
    /// named before it is (nil: any, and everything is closed).
    func flowScope(of e: ModelEvent) -> [Int]? {
        guard flowPartsAllowed else { return nil }
        switch e {
        case .containerStart(let c, _):
            return [cluster.service(of: c).index]
        case .faultStrikes(let f, let victim):
            let fault = faults.configs[f.index]
            switch (fault.effect, fault.victims) {
            case (.crash, .machine(let m)): return flowServices(on: [MachineID(m)])
            case (.crash, .eachMachine): return flowServices(on: [MachineID(raw: victim)])
            case (.containerCrash, .eachReplica): return [cluster.service(of: ContainerID(raw: victim)).index]
            default: return nil
            }
        case .faultEnds(let f, let id):
            guard faults.configs[f.index].effect == .crash, case .machines(let ms)? = faults.active[id] else { return nil }
            return flowServices(on: ms)
        default:
            return nil
        }
    }

    /// The services with a container on one of `machines`.
    func flowServices(on machines: [MachineID]) -> [Int] {
        var out: [Int] = []
        for m in machines { for c in cluster.members(of: m) { out.append(cluster.service(of: c).index) } }
        return out
    }

    /// The services whose pools the verdicts of balancer `b`'s last probe change.
    func flowServicesJudged(by b: BalancerID) -> [Int]? {
        guard flowPartsAllowed else { return nil }
        return balancing.verdicts.map { balancing.balancers[b].pools[$0.pool].service.index }
    }

    /// Closes the step of the components of `touched` before an event changes them: integrates
    /// the disturbed part to now and those of `touched` not yet in it from the open step's start,
    /// adds them to the part and restarts its sub-steps from `FlowModel.minStep`; the rest's step
    /// goes on. Closes everything instead when the part may not be stepped alone.
    mutating func flowCloseParts(_ touched: [Int]) {
        let now = queue.now
        var fresh: [Int] = []
        var seen = Set<Int32>()
        for s in touched where !flow.dirty[s] {
            let k = flow.component[s]
            if seen.insert(k).inserted { fresh.append(contentsOf: flow.componentServices[Int(k)]) }
        }
        let size = flow.dirtyServices.count + fresh.count
        // (The part already disturbed was roomy when it was; its own demands hardly move.)
        guard Double(size) <= FlowModel.maxPartShare * Double(flow.dirty.count), flowRoomy(fresh) else {
            flowClose(disturbed: true)
            return
        }
        if !flow.dirtyServices.isEmpty { flowIntegrateDirtyPart(to: now) }
        if !fresh.isEmpty && now > flow.stepStart {
            // The rest's flags are the rest's: this pass only brings the fresh part to now.
            let (quiet, settled) = (flow.quiet, flow.settled)
            flowIntegrate(from: flow.stepStart, to: now, part: flowPart(of: fresh))
            (flow.quiet, flow.settled) = (quiet, settled)
        }
        for s in fresh { flow.dirty[s] = true }
        flow.dirtyServices.append(contentsOf: fresh)
        flow.dirtyServices.sort()
        if !fresh.isEmpty { flow.partGeneration += 1 }
        flow.dirtySince = now
        flow.dirtyLength = FlowModel.minStep.nanoseconds
        flowScheduleSubStep()
    }

    /// The disturbed part's sub-step is due: integrates it and opens its next sub-step (as the
    /// open step's length grows: `minStep` while not quiet, the longest once settled, else twice
    /// the last).
    mutating func flowSubStepDue() {
        flow.dirtyEvent = nil
        guard !flow.dirtyServices.isEmpty else { return }
        let now = queue.now
        flowIntegrateDirtyPart(to: now)
        flow.dirtyLength = flowNextLength(flow.dirtyLength, quiet: flow.dirtyQuiet, settled: flow.dirtySettled)
        flowScheduleSubStep()
    }

    /// Integrates the disturbed part from its sub-step's start to `now` (recording whether it
    /// was quiet and settled) and starts its next sub-step there; the rest's flags stay.
    mutating func flowIntegrateDirtyPart(to now: SimInstant) {
        guard now > flow.dirtySince else { return }
        let (quiet, settled) = (flow.quiet, flow.settled)
        flowIntegrate(from: flow.dirtySince, to: now, part: flowDirtyPart())
        (flow.dirtyQuiet, flow.dirtySettled) = (flow.quiet, flow.settled)
        (flow.quiet, flow.settled) = (quiet, settled)
        flow.dirtySince = now
    }

    /// At a close of the open step: the disturbed part is integrated to now and joins the rest
    /// when its transient is over (or `merge`); else its sub-steps go on from now (a sub-step
    /// an event opened at this instant stands). - Returns:
    /// the rest as a part, for the close to integrate (nil when there is no disturbed part).
    mutating func flowCloseDirtyPart(merge: Bool) -> FlowPart? {
        guard !flow.dirtyServices.isEmpty else { return nil }
        let now = queue.now
        // Not integrated: its sub-step opened now (an event at this instant restarted it) stands.
        let integrated = now > flow.dirtySince
        flowIntegrateDirtyPart(to: now)
        let rest = flowRestPart()
        if merge || (integrated && flow.dirtyQuiet && flow.dirtySettled) {
            for s in flow.dirtyServices { flow.dirty[s] = false }
            flow.dirtyServices.removeAll()
            flow.partGeneration += 1
            if let pending = flow.dirtyEvent {
                queue.cancel(pending)
                flow.dirtyEvent = nil
            }
        } else if integrated {
            flow.dirtyLength = flowNextLength(flow.dirtyLength, quiet: flow.dirtyQuiet, settled: flow.dirtySettled)
            flowScheduleSubStep()
        }
        return rest
    }

    /// The length of the step after one of `length` ns: `minStep` while not quiet, the longest
    /// once settled, else twice the last.
    func flowNextLength(_ length: Int64, quiet: Bool, settled: Bool) -> Int64 {
        if !quiet { return FlowModel.minStep.nanoseconds }
        return settled ? FlowModel.maxStep.nanoseconds : min(2 * length, FlowModel.maxStep.nanoseconds)
    }

    /// Schedules the end of the disturbed part's sub-step opened at `dirtySince` (cut as the open
    /// step's, `flowStepEnd`), replacing a pending one.
    mutating func flowScheduleSubStep() {
        if let pending = flow.dirtyEvent {
            queue.cancel(pending)
            flow.dirtyEvent = nil
        }
        guard let stop = flowStepEnd(from: flow.dirtySince.nanoseconds, length: flow.dirtyLength) else { return }
        flow.dirtyEvent = queue.schedule(
            at: SimInstant(nanoseconds: stop), priority: ModelEvent.flowSubStep.priority.rawValue, .flowSubStep)
    }

    /// Whether every machine a container of `services` runs on keeps `FlowModel.roomyCores`
    /// beyond the capped demands of its containers (their last pass's).
    func flowRoomy(_ services: [Int]) -> Bool {
        var checked = Set<MachineID>()
        for s in services {
            for c in cluster.replicas(of: s) where !cluster.isEvicted(c) {
                let m = cluster.machine(of: c)
                guard checked.insert(m).inserted else { continue }
                var demand = 0.0
                for d in cluster.members(of: m) { demand += min(flow.containerDemand[d.index], cpu.cap(d)) }
                if cpu.cores(m) - demand < FlowModel.roomyCores { return false }
            }
        }
        return true
    }

    /// The part of `services` (whole components), its containers and their machines.
    func flowPart(of services: [Int]) -> FlowPart {
        var inPart = [Bool](repeating: false, count: flow.dirty.count)
        for s in services { inPart[s] = true }
        var containers: [ContainerID] = []
        for s in services { containers.append(contentsOf: cluster.replicas(of: s)) }
        containers.sort { $0.index < $1.index }
        var machines = Set<MachineID>()
        for c in containers { machines.insert(cluster.machine(of: c)) }
        return FlowPart(
            inPart: inPart, services: services.sorted(), containers: containers,
            machines: machines.sorted { $0.index < $1.index }, isRest: false)
    }

    /// The disturbed part (`flowPart(of: flow.dirtyServices)`, built once per generation).
    mutating func flowDirtyPart() -> FlowPart {
        if let cached = flow.dirtyPartCache, cached.generation == flow.partGeneration { return cached.part }
        var part = flowPart(of: flow.dirtyServices)
        part.isDirty = true
        flow.dirtyPartCache = (flow.partGeneration, part)
        return part
    }

    /// Everything outside the disturbed part (built once per generation of the part).
    mutating func flowRestPart() -> FlowPart {
        if let cached = flow.restPartCache, cached.generation == flow.partGeneration { return cached.part }
        let part = flowBuildRestPart()
        flow.restPartCache = (flow.partGeneration, part)
        return part
    }

    func flowBuildRestPart() -> FlowPart {
        let inPart = flow.dirty.map { !$0 }
        var services: [Int] = []
        for s in inPart.indices where inPart[s] { services.append(s) }
        var containers: [ContainerID] = []
        var onMachine = [Bool](repeating: false, count: cluster.machineIDs.count)
        for c in cluster.containerIDs where inPart[cluster.service(of: c).index] {
            containers.append(c)
            onMachine[cluster.machine(of: c).index] = true
        }
        var machines: [MachineID] = []
        for m in cluster.machineIDs where onMachine[m.index] { machines.append(m) }
        return FlowPart(inPart: inPart, services: services, containers: containers, machines: machines, isRest: true)
    }
}
