import BulkheadKernel
import BulkheadModel
import BulkheadScenario
import BulkheadStochastic

/// Turns a validated scenario (pure data, user units) into the model's resolved configuration.
public enum ScenarioCompiler {
    /// Machines are named `<rack>-<k>` (k from 1) in rack order.
    /// - Throws: `ScenarioError` for what only the model can check (distribution parameters that
    ///   passed the scenario's own validation should never fail here).
    public static func compile(_ s: Scenario) throws(ScenarioError) -> ClusterConfig {
        var diagnostics: [Diagnostic] = []
        var machines: [ClusterConfig.Machine] = []
        let zones = s.zones
        let zoneIndex = Dictionary(uniqueKeysWithValues: zones.enumerated().map { ($1, $0) })
        let typeIndex = Dictionary(s.machineTypes.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        // Named extended resources in name order (deterministic, whatever the file order).
        let extendedNames = Set(
            s.machineTypes.flatMap { ($0.extended ?? [:]).keys }
                + s.services.flatMap { ($0.resources.requestsExtended ?? [:]).keys }
        ).sorted()
        machines.reserveCapacity(s.racks.reduce(0) { $0 + max(0, $1.machines) })
        for (r, rack) in s.racks.enumerated() {
            guard let type = typeIndex[rack.type] else { continue }
            let zone = rack.zone.flatMap { zoneIndex[$0] } ?? -1
            for k in 1...max(1, rack.machines) where rack.machines >= 1 {
                var m = ClusterConfig.Machine(
                    name: "\(rack.name)-\(k)", rack: r, type: type.name, cpu: type.cpu,
                    memory: type.memory, role: rack.role)
                m.zone = zone
                m.gpus = type.gpu ?? 0
                if !extendedNames.isEmpty { m.extended = extendedNames.map { type.extended?[$0] ?? 0 } }
                machines.append(m)
            }
        }
        let serviceIndex = Dictionary(uniqueKeysWithValues: s.services.enumerated().map { ($1.name, $0) })
        var services: [ClusterConfig.Service] = []
        for (i, spec) in s.services.enumerated() {
            let work: Distribution
            do {
                work = try distribution(spec.work.cpu)
            } catch {
                diagnostics.append(
                    Diagnostic(
                        file: s.name, path: "services[\(i)].work.cpu", line: nil, column: nil,
                        message: error.description, hint: nil))
                work = .constant(0)
            }
            services.append(
                ClusterConfig.Service(
                    name: spec.name, tenant: spec.tenant, role: spec.role, replicas: spec.replicas,
                    cpuRequest: spec.resources.requestsCPU, memoryRequest: spec.resources.requestsMemory,
                    cpuLimit: spec.resources.limitsCPU, memoryLimit: spec.resources.limitsMemory, work: work,
                    memoryBase: spec.memory?.base ?? 0, memoryPerRequest: spec.memory?.perRequest ?? 0,
                    calls: spec.calls.compactMap { c in
                        serviceIndex[c.service].map { ClusterConfig.Call(service: $0, count: c.count) }
                    },
                    timeout: spec.timeout.map { SimDuration(nanoseconds: $0) },
                    sloLatencyP99: spec.slo?.latencyP99.map { Double($0) / 1e9 }, sloAvailability: spec.slo?.availability))
        }
        for (i, spec) in s.services.enumerated() {
            if let g = spec.resources.requestsGPU, let q = GPURequest(gpus: g) { services[i].gpuRequest = q }
            if let x = spec.resources.requestsExtended, !x.isEmpty {
                services[i].extendedRequests = extendedNames.map { x[$0] ?? 0 }
            }
            if let p = spec.resources.limitsCPUPeriod ?? s.isolation.cpuPeriod {
                services[i].cpuPeriod = SimDuration(nanoseconds: p)
            }
            if let b = spec.resources.limitsCPUBurst { services[i].cpuBurst = SimDuration(nanoseconds: b) }
            if let a = spec.antiAffinity {
                services[i].antiAffinity = .init(maxPerMachine: a.maxPerMachine, maxPerRack: a.maxPerRack)
            }
            if let t = spec.topologySpread {
                services[i].topologySpread = [
                    .init(
                        key: topologyKey(t.key), maxSkew: t.maxSkew,
                        whenUnsatisfiable: t.whenUnsatisfiable == .refuse ? .refuse : .allow)
                ]
            }
        }
        for (i, spec) in s.services.enumerated() { if let a = spec.autoscaling { autoscale(&services[i], a) } }
        if s.services.contains(where: { $0.pinnedTo != nil }) {
            // The loader has checked every name against the racks.
            let machineIndex = Dictionary(machines.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
            for (i, spec) in s.services.enumerated() { services[i].pinnedTo = spec.pinnedTo?.map { machineIndex[$0] ?? -1 } }
        }
        let balancers = s.loadBalancers.map { lb in
            var b = ClusterConfig.Balancer(
                name: lb.name, algorithm: BalancerAlgorithm(rawValue: lb.algorithm.rawValue) ?? .roundRobin,
                healthCheck: .init(
                    interval: SimDuration(nanoseconds: lb.healthCheck.interval),
                    unhealthyThreshold: lb.healthCheck.unhealthyThreshold,
                    healthyThreshold: lb.healthCheck.healthyThreshold),
                connectTimeout: SimDuration(nanoseconds: lb.connectTimeout),
                arrivals: arrivals(lb.traffic, routes: lb.routes),
                routes: lb.routes.compactMap { r in serviceIndex[r.service].map { (service: $0, weight: r.weight) } })
            b.tracedRoutes = lb.routes.compactMap { r in
                guard let trace = r.trace, let service = serviceIndex[r.service] else { return nil }
                var own = lb.traffic
                own.trace = trace
                return (service: service, arrivals: arrivals(own))
            }
            b.replicas = lb.replicas
            b.failoverTime = SimDuration(nanoseconds: lb.failoverTime)
            return b
        }
        let faults = compileFaults(s, machines: machines, diagnostics: &diagnostics)
        let releases = compileReleases(s, diagnostics: &diagnostics)
        let hogs = compileHogs(s, serviceIndex: serviceIndex, diagnostics: &diagnostics)
        if !diagnostics.isEmpty { throw ScenarioError(diagnostics: diagnostics) }
        var config = ClusterConfig(
            racks: s.racks.map(\.name), machines: machines, services: services, balancers: balancers,
            cpuIsolation: BulkheadModel.CPUIsolation(rawValue: s.isolation.cpu.rawValue) ?? .shares,
            memoryIsolation: BulkheadModel.MemoryIsolation(rawValue: s.isolation.memory.rawValue) ?? .limits,
            maxContainersPerMachine: s.maxContainersPerMachine ?? 110,
            duration: SimDuration(nanoseconds: s.duration), warmup: SimDuration(nanoseconds: s.warmup))
        config.zones = zones
        config.extendedResources = extendedNames
        config.faults = faults
        config.releases = releases
        if let i = s.infrastructure {
            config.infrastructure = .dynamic(
                detectAfter: SimDuration(nanoseconds: i.detectAfter),
                startupTime: SimDuration(nanoseconds: i.startupTime))
        }
        config.hogs = hogs
        config.fidelity = s.fidelity == .flow ? .flow : .request
        if !s.interference.isEmpty {
            config.interference = s.services.map { svc in s.interference.first { $0.service == svc.name }?.sensitivity ?? 0 }
        }
        if let o = s.placement.overcommit { config.overcommit = .init(cpu: o.cpu, memory: o.memory) }
        if let k = s.placement.shardSize { config.shardSize = k }
        for t in s.tenants { config.tenantRules[t.name] = .init(dedicated: t.dedicated, avoid: t.avoidTenants) }
        if let scorers = s.placement.scorers {
            typealias P = ClusterConfig.ComposedPolicy
            config.composedPolicy = P(
                filters: s.placement.filters.map { $0.compactMap { P.Filter(rawValue: $0.rawValue) } } ?? P.Filter.allCases,
                scorers: scorers.compactMap { sc in
                    P.Scorer.Kind(rawValue: sc.kind.rawValue).map { kind in
                        P.Scorer(
                            kind: kind, weight: sc.weight,
                            key: sc.key.map(topologyKey),
                            shape: (sc.shape ?? []).map { P.ShapePoint(utilization: $0[0], score: $0[1]) })
                    }
                })
        }
        return config
    }

    static func topologyKey(_ k: TopologySpreadSpec.Key) -> ClusterConfig.TopologySpread.Key {
        switch k {
        case .rack: .rack
        case .machine: .machine
        case .zone: .zone
        }
    }

    /// Sets a service's autoscaling policy and its replica count at the start: the schedule's
    /// count at 00:00, or `replicas` clamped to a target policy's [min, max].
    static func autoscale(_ service: inout ClusterConfig.Service, _ spec: AutoscalingSpec) {
        switch spec {
        case .schedule(let sc):
            let steps = sc.steps.map {
                Autoscaling.Step(timeOfDay: SimDuration(nanoseconds: $0.timeOfDay), replicas: $0.replicas)
            }
            service.autoscaling = Autoscaling(
                policy: .schedule(steps: steps), startupTime: SimDuration(nanoseconds: sc.startupTime))
            service.replicas = Autoscaling.scheduled(steps, at: 0)
        case .target(let t):
            service.autoscaling = Autoscaling(
                policy: .target(
                    cpu: t.targetCPU, min: t.min, max: t.max, period: SimDuration(nanoseconds: t.period),
                    scaleDownDelay: SimDuration(nanoseconds: t.scaleDownDelay)),
                startupTime: SimDuration(nanoseconds: t.startupTime))
            service.replicas = min(max(service.replicas, t.min), t.max)
        }
    }

    /// Resolves fault targets (machine names `<rack>-<k>`, machine types, racks) and times.
    static func compileFaults(
        _ s: Scenario, machines: [ClusterConfig.Machine],
        diagnostics: inout [Diagnostic]
    ) -> [FaultConfig] {
        let day: Int64 = 86_400_000_000_000
        var out: [FaultConfig] = []
        func problem(_ i: Int, _ key: String, _ message: String, _ hint: String? = nil) {
            diagnostics.append(
                Diagnostic(
                    file: s.name, path: "faults[\(i)].\(key)", line: nil, column: nil,
                    message: message, hint: hint))
        }
        for (i, f) in s.faults.enumerated() {
            let at = SimInstant(nanoseconds: Int64(f.day) * day + (f.at ?? 0))
            switch f.kind {
            case .machineCrash:
                if let name = f.machine {
                    guard let m = machines.firstIndex(where: { $0.name == name }) else {
                        problem(
                            i, "machine", "no machine `\(name)`",
                            "machines are named <rack>-<k>, e.g. \(machines.first?.name ?? "rack-a-1")")
                        continue
                    }
                    out.append(.machineCrash(machine: m, at: at, repairAfter: f.repairAfter.map { SimDuration(nanoseconds: $0) }))
                } else if let type = f.machineType {
                    let ms = machines.indices.filter { machines[$0].type == type }
                    guard !ms.isEmpty else {
                        problem(i, "type", "no machine of type `\(type)`")
                        continue
                    }
                    guard let mtbf = f.mtbf, let mttr = f.mttr else { continue }
                    do {
                        out.append(.randomMachineCrash(machines: ms, mtbf: try distribution(mtbf), mttr: try distribution(mttr)))
                    } catch { problem(i, "mtbf", error.description) }
                }
            case .rackOutage:
                guard let name = f.rack, let r = s.racks.firstIndex(where: { $0.name == name }) else {
                    problem(i, "rack", "no rack `\(f.rack ?? "")`")
                    continue
                }
                out.append(.rackOutage(rack: r, at: at, duration: SimDuration(nanoseconds: f.duration ?? 0)))
            case .zoneOutage:
                guard let z = s.zones.firstIndex(where: { $0 == f.zone }) else {
                    problem(i, "zone", "no zone `\(f.zone ?? "")`")
                    continue
                }
                out.append(.zoneOutage(zone: z, at: at, duration: SimDuration(nanoseconds: f.duration ?? 0)))
            case .chaosMonkey:
                out.append(
                    .chaosMonkey(
                        first: at, every: SimDuration(nanoseconds: f.every ?? day),
                        replaceAfter: SimDuration(nanoseconds: f.replaceAfter ?? 0)))
            case .lbFailure:
                guard let b = s.loadBalancers.firstIndex(where: { $0.name == f.balancer }) else {
                    problem(
                        i, "balancer", "no load balancer `\(f.balancer ?? "")`",
                        "load balancers: " + s.loadBalancers.map(\.name).joined(separator: ", "))
                    continue
                }
                out.append(.lbFailure(balancer: b, at: at, duration: SimDuration(nanoseconds: f.duration ?? 0)))
            case .containerCrash:
                guard let sv = s.services.firstIndex(where: { $0.name == f.service }) else {
                    problem(i, "service", "no service `\(f.service ?? "")`")
                    continue
                }
                let earlier = s.faults[..<i].contains { $0.kind == .containerCrash && $0.service == f.service }
                if earlier {
                    problem(i, "service", "a second container-crash for `\(f.service ?? "")`", "merge them: rates add up")
                }
                out.append(.containerCrash(service: sv, rate: f.rate ?? 0))
            case .correlated:
                guard let r = s.racks.firstIndex(where: { $0.name == f.target }) else {
                    problem(i, "target", "no rack `\(f.target ?? "")`")
                    continue
                }
                out.append(
                    .correlated(rack: r, fraction: f.fraction ?? 1, at: at, duration: SimDuration(nanoseconds: f.duration ?? 0)))
            }
        }
        return out
    }

    /// Resolves release targets (service names) and start times.
    static func compileReleases(_ s: Scenario, diagnostics: inout [Diagnostic]) -> [ReleaseConfig] {
        let day: Int64 = 86_400_000_000_000
        var out: [ReleaseConfig] = []
        for (i, rel) in s.releases.enumerated() {
            guard let sv = s.services.firstIndex(where: { $0.name == rel.service }) else {
                diagnostics.append(
                    Diagnostic(
                        file: s.name, path: "releases[\(i)].service", line: nil, column: nil,
                        message: "no service `\(rel.service)`", hint: nil))
                continue
            }
            let stages: [ReleaseConfig.Stage] = rel.stages.map {
                switch $0 {
                case .darkCanary(let share, let soak): .darkCanary(share: share, soak: SimDuration(nanoseconds: soak))
                case .canary(let soak): .canary(soak: SimDuration(nanoseconds: soak))
                case .release(let batch, let interval): .rollingUpdate(batch: batch, interval: SimDuration(nanoseconds: interval))
                case .blueGreen(let mode, let retry, let batch, let interval):
                    .blueGreen(
                        onNoCapacity: ReleaseConfig.NoCapacity(rawValue: mode.rawValue) ?? .abort,
                        retry: SimDuration(nanoseconds: retry), batch: batch, interval: SimDuration(nanoseconds: interval))
                }
            }
            let restart = rel.restart.map {
                ReleaseConfig.Restart(
                    startup: SimDuration(nanoseconds: $0.startup), warmupFactor: $0.warmupFactor,
                    warmupDuration: SimDuration(nanoseconds: $0.warmupDuration), drain: SimDuration(nanoseconds: $0.drain))
            }
            out.append(
                ReleaseConfig(
                    service: sv, at: SimInstant(nanoseconds: Int64(rel.day) * day + rel.at), stages: stages,
                    badProbability: rel.badProbability, errorRate: rel.errorRate, cpuFactor: rel.cpuFactor,
                    rollbackErrorRate: rel.rollbackErrorRate, rollbackWindow: SimDuration(nanoseconds: rel.rollbackWindow),
                    rollbackEvery: rel.rollbackEvery.map { SimDuration(nanoseconds: $0) }, restart: restart))
        }
        return out
    }

    /// Resolves hog targets (service names) and times (`at` + `day`, or distributions).
    static func compileHogs(_ s: Scenario, serviceIndex: [String: Int], diagnostics: inout [Diagnostic]) -> [HogConfig] {
        let day: Int64 = 86_400_000_000_000
        var out: [HogConfig] = []
        for (i, h) in s.hogs.enumerated() {
            guard let service = serviceIndex[h.service] else { continue }
            let kind: HogConfig.Kind
            switch h.kind {
            case .cpuSpin: kind = .cpuSpin(threads: h.threads ?? 1)
            case .threadStorm: kind = .threadStorm(threads: h.threads ?? 1)
            case .memoryLeak: kind = .memoryLeak(bytesPerSecond: h.rate ?? 0)
            case .retryStorm: kind = .retryStorm(factor: h.factor ?? 1)
            case .batch:
                do throws(DistributionError) {
                    kind = .batch(
                        tasks: h.tasks ?? 1, work: try distribution(h.taskWork ?? .constant(0)),
                        perContainer: h.threads ?? 1)
                } catch {
                    diagnostics.append(
                        Diagnostic(
                            file: s.name, path: "hogs[\(i)].taskWork", line: nil, column: nil,
                            message: error.description, hint: nil))
                    continue
                }
            case .workflow:
                guard let w = h.workflow, let workflow = compileWorkflow(w, hog: i, file: s.name, diagnostics: &diagnostics)
                else {
                    continue
                }
                kind = .workflow(workflow, perContainer: h.threads ?? 1)
            }
            let timing: HogConfig.Timing
            switch h.timing {
            case .scheduled(let at, let d, let duration):
                timing = .scheduled(
                    at: SimInstant(nanoseconds: Int64(d) * day + at),
                    duration: duration.map { SimDuration(nanoseconds: $0) })
            case .random(let every, let duration):
                do throws(DistributionError) {
                    var d: Distribution?
                    if let duration { d = try distribution(duration) }
                    timing = .random(every: try distribution(every), duration: d)
                } catch {
                    diagnostics.append(
                        Diagnostic(
                            file: s.name, path: "hogs[\(i)].every", line: nil, column: nil,
                            message: error.description, hint: nil))
                    continue
                }
            }
            out.append(HogConfig(kind: kind, service: service, allReplicas: h.replica == .all, timing: timing))
        }
        return out
    }

    /// A balancer's arrival process: `rate` shaped by the profile, or the trace (times its scale
    /// factor) shaped by the profile.
    static func arrivals(_ t: TrafficSpec) -> ArrivalProcess {
        guard let trace = t.trace else { return ArrivalProcess(rate: t.rate, profile: profile(t)) }
        return ArrivalProcess(
            rate: trace.factor,
            trace: RateTrace(
                interval: trace.interval, rates: trace.rates, start: Double(trace.start) / 1e9, loop: trace.loop,
                interpolation: trace.interpolation == .linear ? .linear : .step),
            profile: profile(t))
    }

    /// The arrivals of a balancer's routes without a trace of their own: `traffic` carries
    /// `rate × Σ their weights` (weights are fractions of the balancer's rate, summing to 1 when no
    /// route has a trace, to at most 1 otherwise); the routes with a trace have weight 0 and
    /// arrivals of their own (`ClusterConfig.Balancer.tracedRoutes`).
    static func arrivals(_ t: TrafficSpec, routes: [RouteSpec]) -> ArrivalProcess {
        guard routes.contains(where: { $0.trace != nil }) else { return arrivals(t) }
        let share = routes.reduce(0) { $0 + $1.weight }
        guard share > 0 else { return ArrivalProcess(rate: 0) }
        var scaled = t
        if let trace = t.trace {
            scaled.trace?.scale = .factor(trace.factor * share)
        } else {
            scaled.rate = t.rate * share
        }
        return arrivals(scaled)
    }

    /// Resolves a workflow's `after` names to task indices and its distributions (the decoder
    /// has refused unknown names and cycles). - Returns: nil after reporting a distribution error.
    static func compileWorkflow(_ w: WorkflowSpec, hog i: Int, file: String, diagnostics: inout [Diagnostic]) -> WorkflowConfig? {
        var index: [String: Int] = [:]
        for (t, task) in w.tasks.enumerated() where index[task.name] == nil { index[task.name] = t }
        var tasks: [WorkflowConfig.Task] = []
        for (t, task) in w.tasks.enumerated() {
            do throws(DistributionError) {
                tasks.append(
                    WorkflowConfig.Task(
                        name: task.name, work: try distribution(task.work), memory: task.memory,
                        after: task.after.compactMap { index[$0] }, maxRetries: task.retries,
                        backoff: SimDuration(nanoseconds: task.backoff)))
            } catch {
                diagnostics.append(
                    Diagnostic(
                        file: file, path: "hogs[\(i)].tasks[\(t)].work", line: nil, column: nil,
                        message: error.description, hint: nil))
                return nil
            }
        }
        return WorkflowConfig(
            name: w.name, tasks: tasks, deadline: w.deadline.map { SimDuration(nanoseconds: $0) })
    }

    static func profile(_ t: TrafficSpec) -> DailyProfile {
        if t.daily == nil && t.spikes.isEmpty && t.weekly == nil { return .flat }
        let points = (t.daily?.points ?? []).map { (Double($0.timeOfDay) / 1e9, $0.value) }
        let interpolation: DailyProfile.Interpolation = t.daily?.interpolation == .step ? .step : .linear
        return DailyProfile(
            points: points, interpolation: interpolation, weekly: t.weekly,
            spikes: t.spikes.map {
                .init(
                    at: Double($0.at) / 1e9, duration: Double($0.duration) / 1e9,
                    multiplier: $0.multiplier, ramp: Double($0.ramp) / 1e9)
            })
    }

    /// Maps a scenario distribution (seconds) to the stochastic module's validated distribution.
    public static func distribution(_ d: DistributionSpec) throws(DistributionError) -> Distribution {
        switch d {
        case .constant(let v): return try .makeConstant(v)
        case .uniform(let a, let b): return try .makeUniform(min: a, max: b)
        case .exponential(let m): return try .makeExponential(mean: m)
        case .normal(let m, let sd): return try .makeNormal(mean: m, sd: sd)
        case .lognormal(let m, let cv): return try .makeLognormal(mean: m, cv: cv)
        case .lognormalMedian(let med, let sigma): return try .makeLognormal(median: med, sigma: sigma)
        case .gamma(let k, let t): return try .makeGamma(shape: k, scale: t)
        case .weibull(let k, let l): return try .makeWeibull(shape: k, scale: l)
        case .pareto(let a, let x): return try .makePareto(shape: a, scale: x)
        case .boundedPareto(let a, let lo, let hi): return try .makeBoundedPareto(shape: a, lower: lo, upper: hi)
        case .empirical(let s): return try .makeEmpirical(samples: s)
        case .empiricalCDF(let pts): return try .makeEmpiricalCDF(values: pts.map(\.value), probabilities: pts.map(\.p))
        }
    }
}
