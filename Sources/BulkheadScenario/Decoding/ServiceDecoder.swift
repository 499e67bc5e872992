/// Decodes `services[i]`: resources, work, memory model, calls, timeout and SLOs.
struct ServiceDecoder {
    let ctx: DecodeContext

    static let keys = [
        "name", "tenant", "role", "replicas", "resources", "work", "memory", "calls", "timeout", "slo",
        "antiAffinity", "topologySpread", "autoscaling", "pinnedTo",
    ]

    func service(_ node: DocNode, _ path: String) -> ServiceSpec? {
        guard let f = ctx.fields(node, path, known: Self.keys) else { return nil }
        let name = f.requiredName("name", example: "catalog") ?? ""
        let tenant = f.requiredName("tenant", example: "browse") ?? ""
        let replicas = f.requiredValue("replicas", example: "3", Quantity.integer) ?? 0
        ctx.check(replicas >= 0, "replicas must not be negative (found \(replicas))", path: f.at("replicas"))
        let timeout = f.value("timeout", Quantity.duration)
        if let timeout { ctx.check(timeout > 0, "timeout must be positive", path: f.at("timeout")) }
        var calls: [CallSpec] = []
        if let c = f.optional("calls"), let items = ctx.list(c, f.at("calls")) {
            calls = items.enumerated().compactMap { call($1, "\(f.at("calls"))[\($0)]") }
        }
        var spec = ServiceSpec(
            name: name, tenant: tenant, role: f.string("role"), replicas: replicas,
            resources: f.required("resources", example: "{ requests: { cpu: 500m, memory: 1Gi } }")
                .map { resources($0, f.at("resources")) } ?? ResourcesSpec(requestsCPU: 0, requestsMemory: 0),
            work: f.required("work", example: "{ cpu: { exponential: { mean: 5ms } } }")
                .map { work($0, f.at("work")) } ?? WorkSpec(cpu: .constant(0)),
            memory: f.optional("memory").map { memory($0, f.at("memory")) },
            calls: calls, timeout: timeout,
            slo: f.optional("slo").map { slo($0, f.at("slo")) },
            antiAffinity: f.optional("antiAffinity").map { antiAffinity($0, f.at("antiAffinity")) },
            topologySpread: f.optional("topologySpread").flatMap { topologySpread($0, f.at("topologySpread")) })
        spec.autoscaling = f.optional("autoscaling").flatMap { AutoscalingDecoder(ctx: ctx).autoscaling($0, f.at("autoscaling")) }
        if let p = f.optional("pinnedTo"), let items = ctx.list(p, f.at("pinnedTo")) {
            // Machine names are checked against the racks by `ScenarioValidator`.
            let names = items.enumerated().compactMap { ctx.string($1, "\(f.at("pinnedTo"))[\($0)]") }
            if names.count == items.count {
                spec.pinnedTo = names
                ctx.check(
                    names.count == replicas,
                    "pinnedTo lists \(names.count) machines for \(replicas) replicas: give one machine per replica",
                    path: f.at("pinnedTo"))
                ctx.check(
                    spec.autoscaling == nil, "a pinned service cannot autoscale (its replicas have fixed machines)",
                    path: f.at("pinnedTo"))
            }
        }
        return spec
    }

    func antiAffinity(_ node: DocNode, _ path: String) -> AntiAffinitySpec {
        guard let f = ctx.fields(node, path, known: ["maxPerMachine", "maxPerRack"]) else { return AntiAffinitySpec() }
        let m = f.value("maxPerMachine", Quantity.integer)
        let r = f.value("maxPerRack", Quantity.integer)
        if let m { ctx.check(m >= 1, "maxPerMachine must be at least 1", path: f.at("maxPerMachine")) }
        if let r { ctx.check(r >= 1, "maxPerRack must be at least 1", path: f.at("maxPerRack")) }
        return AntiAffinitySpec(maxPerMachine: m, maxPerRack: r)
    }

    func topologySpread(_ node: DocNode, _ path: String) -> TopologySpreadSpec? {
        guard let f = ctx.fields(node, path, known: ["key", "maxSkew", "whenUnsatisfiable"]) else { return nil }
        let key = f.required("key", example: "rack").flatMap { ctx.choice($0, f.at("key"), TopologySpreadSpec.Key.self) }
        let skew = f.value("maxSkew", Quantity.integer) ?? 1
        ctx.check(skew >= 1, "maxSkew must be at least 1", path: f.at("maxSkew"))
        let when =
            f.optional("whenUnsatisfiable")
            .flatMap { ctx.choice($0, f.at("whenUnsatisfiable"), TopologySpreadSpec.WhenUnsatisfiable.self) } ?? .refuse
        guard let key else { return nil }
        return TopologySpreadSpec(key: key, maxSkew: skew, whenUnsatisfiable: when)
    }

    func resources(_ node: DocNode, _ path: String) -> ResourcesSpec {
        var r = ResourcesSpec(requestsCPU: 0, requestsMemory: 0)
        guard let f = ctx.fields(node, path, known: ["requests", "limits"]) else { return r }
        if let req = f.required("requests", example: "{ cpu: 500m, memory: 1Gi }"),
            let rf = ctx.fields(req, f.at("requests"), known: ["cpu", "memory", "gpu", "extended"])
        {
            if let g = rf.value("gpu", Quantity.cpu) {
                if ctx.check(
                    Self.isValidGPURequest(g),
                    "a GPU request is a share of one GPU (below 1, e.g. 500m) or whole GPUs (1, 2, …); \(g) is neither",
                    path: rf.at("gpu"), hint: "a share is never split across GPUs: ask 1 or 2, or a share below 1")
                {
                    r.requestsGPU = g == 0 ? nil : g
                }
            }
            r.requestsExtended = rf.optional("extended").map { ctx.extendedResources($0, rf.at("extended"), request: true) }
            if let cpu = rf.requiredValue("cpu", example: "500m", Quantity.cpu) {
                r.requestsCPU = cpu
                ctx.check(cpu > 0, "requested cpu must be positive", path: rf.at("cpu"))
            }
            if let mem = rf.requiredValue("memory", example: "1Gi", Quantity.memory) {
                r.requestsMemory = mem
                ctx.check(mem > 0, "requested memory must be positive", path: rf.at("memory"))
            }
        }
        if let lim = f.optional("limits"),
            let lf = ctx.fields(lim, f.at("limits"), known: ["cpu", "memory", "cpuPeriod", "cpuBurst"])
        {
            r.limitsCPU = lf.value("cpu", Quantity.cpu)
            r.limitsMemory = lf.value("memory", Quantity.memory)
            r.limitsCPUPeriod = lf.value("cpuPeriod", Quantity.duration)
            r.limitsCPUBurst = lf.value("cpuBurst", Quantity.duration)
            if let p = r.limitsCPUPeriod {
                ctx.check(
                    p >= 1_000_000 && p <= 1_000_000_000, "cpuPeriod must be between 1ms and 1s (as Linux's cpu.cfs_period_us)",
                    path: lf.at("cpuPeriod"), hint: "for example `cpuPeriod: 100ms`")
            }
            if r.limitsCPUBurst != nil || r.limitsCPUPeriod != nil {
                ctx.check(
                    r.limitsCPU != nil, "cpuPeriod and cpuBurst apply to a CPU limit, and this service has none",
                    path: lf.at(r.limitsCPUBurst != nil ? "cpuBurst" : "cpuPeriod"), hint: "add `cpu:` under limits")
            }
            if let b = r.limitsCPUBurst {
                ctx.check(b >= 0, "cpuBurst must not be negative", path: lf.at("cpuBurst"))
            }
            if let c = r.limitsCPU, r.requestsCPU > 0 {
                ctx.check(
                    c >= r.requestsCPU, "cpu limit \(c) is below the request \(r.requestsCPU)",
                    path: lf.at("cpu"), hint: "requests must not exceed limits")
            }
            if let m = r.limitsMemory, r.requestsMemory > 0 {
                ctx.check(
                    m >= r.requestsMemory, "memory limit \(Int64(m)) bytes is below the request \(Int64(r.requestsMemory)) bytes",
                    path: lf.at("memory"), hint: "requests must not exceed limits")
            }
        }
        return r
    }

    func work(_ node: DocNode, _ path: String) -> WorkSpec {
        guard let f = ctx.fields(node, path, known: ["cpu"]),
            let cpu = f.required("cpu", example: "{ lognormal: { mean: 8ms, cv: 1.5 } }")
        else { return WorkSpec(cpu: .constant(0)) }
        return WorkSpec(cpu: DistributionDecoder(ctx: ctx).distribution(cpu, f.at("cpu")) ?? .constant(0))
    }

    func memory(_ node: DocNode, _ path: String) -> MemorySpec {
        guard let f = ctx.fields(node, path, known: ["base", "perRequest"]) else { return MemorySpec() }
        let base = f.value("base", Quantity.memory) ?? 0
        let per = f.value("perRequest", Quantity.memory) ?? 0
        ctx.check(base >= 0, "base must not be negative", path: f.at("base"))
        ctx.check(per >= 0, "perRequest must not be negative", path: f.at("perRequest"))
        return MemorySpec(base: base, perRequest: per)
    }

    /// `{ service: name, count: n }` or just `name`.
    func call(_ node: DocNode, _ path: String) -> CallSpec? {
        if case .scalar = node { return ctx.string(node, path).map { CallSpec(service: $0) } }
        guard let f = ctx.fields(node, path, known: ["service", "count"]) else { return nil }
        let service = f.requiredString("service", example: "postgres") ?? ""
        let count = f.value("count", Quantity.integer) ?? 1
        ctx.check(count >= 1, "count must be at least 1", path: f.at("count"))
        return CallSpec(service: service, count: count)
    }

    func slo(_ node: DocNode, _ path: String) -> SLOSpec {
        guard let f = ctx.fields(node, path, known: ["latency", "availability"]) else { return SLOSpec() }
        var result = SLOSpec()
        if let l = f.optional("latency"), let lf = ctx.fields(l, f.at("latency"), known: ["p99"]) {
            result.latencyP99 = lf.value("p99", Quantity.duration)
            if let p = result.latencyP99 { ctx.check(p > 0, "p99 latency must be positive", path: lf.at("p99")) }
        }
        result.availability = f.value("availability", Quantity.fraction)
        if let a = result.availability {
            ctx.check(a > 0 && a <= 1, "availability must be in (0, 1], e.g. 99.9%", path: f.at("availability"))
        }
        return result
    }
}
