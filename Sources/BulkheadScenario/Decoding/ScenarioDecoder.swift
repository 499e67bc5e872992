/// Turns a ``DocNode`` tree into a ``Scenario``, reporting every problem into a ``DecodeContext``.
///
/// Field-local checks (types, units, ranges) happen here, at the value's position; cross-reference
/// checks happen afterwards in ``ScenarioValidator``. When a value is invalid a placeholder is used
/// so that decoding continues; the result is only meaningful when the context has no errors.
struct ScenarioDecoder {
    let ctx: DecodeContext

    static let topLevelKeys = [
        "name", "seed", "duration", "warmup", "machineTypes", "racks", "maxContainersPerMachine",
        "loadBalancers", "services", "placement", "isolation", "guarantees", "faults", "releases", "tenants",
        "infrastructure", "hogs", "interference", "fidelity",
    ]
    /// Keys planned for later versions: rejected with "not supported yet" instead of "unknown".
    static let reservedKeys: [String] = []

    func scenario(_ root: DocNode) -> Scenario {
        guard let f = ctx.fields(root, "", known: Self.topLevelKeys, reserved: Self.reservedKeys) else {
            return Scenario(name: "", duration: 0, machineTypes: [], racks: [], loadBalancers: [], services: [])
        }
        let name = f.requiredName("name", example: "my-cluster") ?? ""
        let seed =
            f.value("seed") { (t: String) throws(QuantityError) -> UInt64 in
                guard let v = UInt64(t.trimmingSpaces) else {
                    throw QuantityError(message: "\(t.debugQuoted) is not a seed (a whole number ≥ 0)")
                }
                return v
            } ?? 1
        let duration = f.requiredValue("duration", example: "24h", Quantity.duration)
        if let duration { ctx.check(duration > 0, "duration must be positive", path: "duration") }
        let warmup = f.value("warmup", Quantity.duration)
        if let warmup {
            ctx.check(warmup >= 0, "warmup must not be negative", path: "warmup")
            if let duration, duration > 0 {
                ctx.check(warmup < duration, "warmup must be shorter than duration", path: "warmup")
            }
        }
        let maxContainers = f.value("maxContainersPerMachine", Quantity.integer)
        if let maxContainers {
            ctx.check(maxContainers >= 1, "maxContainersPerMachine must be at least 1", path: "maxContainersPerMachine")
        }
        var scenario = Scenario(
            name: name, seed: seed, duration: duration ?? 0, warmup: warmup ?? 0,
            machineTypes: f.required("machineTypes", example: "{ box: { cpu: 32, memory: 128Gi } }")
                .map { machineTypes($0, "machineTypes") } ?? [],
            racks: nonEmptyList(f, "racks") { racks($0, $1) },
            maxContainersPerMachine: maxContainers,
            loadBalancers: nonEmptyList(f, "loadBalancers") { BalancerDecoder(ctx: ctx).balancer($0, $1) },
            services: nonEmptyList(f, "services") { ServiceDecoder(ctx: ctx).service($0, $1) },
            placement: f.optional("placement").map { placement($0, "placement") } ?? PlacementSpec(),
            isolation: f.optional("isolation").map { isolation($0, "isolation") } ?? IsolationSpec(),
            guarantees: f.optional("guarantees").map { GuaranteeDecoder(ctx: ctx).guarantees($0, "guarantees") } ?? [])
        scenario.faults = f.optional("faults").map { FaultDecoder(ctx: ctx).faults($0, "faults") } ?? []
        scenario.releases = f.optional("releases").map { ReleaseDecoder(ctx: ctx).releases($0, "releases") } ?? []
        scenario.tenants = f.optional("tenants").map { tenants($0, "tenants") } ?? []
        scenario.infrastructure = f.optional("infrastructure").flatMap { infrastructure($0, "infrastructure") }
        scenario.hogs = f.optional("hogs").map { HogDecoder(ctx: ctx).hogs($0, "hogs") } ?? []
        scenario.interference = f.optional("interference").map { HogDecoder(ctx: ctx).interference($0, "interference") } ?? []
        scenario.fidelity = f.optional("fidelity").flatMap { ctx.choice($0, "fidelity", FidelitySpec.self) } ?? .request
        if scenario.fidelity == .flow { refuseUnderFlow(scenario) }
        return scenario
    }

    /// Under `fidelity: flow`, every feature the flow engine does not represent is an error at its
    /// own position (never silently ignored).
    func refuseUnderFlow(_ s: Scenario) {
        let hint = "remove it, or run with `fidelity: request` (or `--fidelity request`)"
        for i in s.releases.indices {
            ctx.error("releases are not represented under `fidelity: flow`", path: "releases[\(i)]", hint: hint)
        }
        for (i, svc) in s.services.enumerated() where svc.autoscaling != nil {
            ctx.error(
                "autoscaling is not represented under `fidelity: flow`", path: "services[\(i)].autoscaling", hint: hint)
        }
        for (i, h) in s.hogs.enumerated() where h.kind == .retryStorm || h.kind == .batch || h.kind == .workflow {
            ctx.error(
                "hog kind `\(h.kind.rawValue)` is not represented under `fidelity: flow` (cpu-spin, thread-storm and memory-leak are)",
                path: "hogs[\(i)].kind", hint: hint)
        }
        if s.infrastructure != nil {
            ctx.error(
                "dynamic infrastructure (re-placement) is not represented under `fidelity: flow`", path: "infrastructure",
                hint: hint)
        }
    }

    /// `infrastructure: static` or `{ mode: dynamic, detectAfter: 30s, startupTime: 20s }`.
    func infrastructure(_ node: DocNode, _ path: String) -> InfrastructureSpec? {
        if case .scalar = node {
            let mode = ctx.string(node, path)
            if mode == "dynamic" { return InfrastructureSpec() }
            ctx.check(
                mode == nil || mode == "static", "infrastructure must be `static` or `{ mode: dynamic, … }`", path: path,
                hint: "e.g. infrastructure: { mode: dynamic, detectAfter: 30s, startupTime: 20s }")
            return nil
        }
        guard let f = ctx.fields(node, path, known: ["mode", "detectAfter", "startupTime"]) else { return nil }
        let mode = f.requiredString("mode", example: "dynamic")
        if let mode, mode != "dynamic" && mode != "static" {
            ctx.error("mode must be `static` or `dynamic`, found `\(mode)`", path: f.at("mode"))
        }
        let d = InfrastructureSpec()
        let detect = f.value("detectAfter", Quantity.duration) ?? d.detectAfter
        let startup = f.value("startupTime", Quantity.duration) ?? d.startupTime
        ctx.check(detect >= 0, "detectAfter must not be negative", path: f.at("detectAfter"))
        ctx.check(startup >= 0, "startupTime must not be negative", path: f.at("startupTime"))
        return mode == "dynamic" ? InfrastructureSpec(detectAfter: detect, startupTime: startup) : nil
    }

    /// A required, non-empty list under `key`, each item decoded by `item(node, path)`.
    func nonEmptyList<T>(_ f: Fields, _ key: String, _ item: (DocNode, String) -> T?) -> [T] {
        guard let node = f.required(key), let items = ctx.list(node, key) else { return [] }
        ctx.check(!items.isEmpty, "at least one entry is needed", path: key)
        return items.enumerated().compactMap { item($1, "\(key)[\($0)]") }
    }

    /// `machineTypes: { name: { cpu, memory, costPerHour } }` in file order.
    func machineTypes(_ node: DocNode, _ path: String) -> [MachineTypeSpec] {
        ctx.record(path, node)
        guard case .mapping(let entries, _) = node else {
            ctx.error(
                "expected a mapping of machine type names to { cpu, memory }, found \(node.kindName)",
                at: node.location, path: path)
            return []
        }
        ctx.check(!entries.isEmpty, "at least one machine type is needed", path: path)
        var seen = Set<String>()
        return entries.compactMap { entry in
            let name = entry.key.value
            let p = join(path, name)
            if !seen.insert(name).inserted { ctx.error("duplicate machine type `\(name)`", at: entry.key.location, path: p) }
            guard let f = ctx.fields(entry.value, p, known: ["cpu", "memory", "costPerHour", "gpu", "extended"]) else {
                return nil
            }
            let cpu = f.requiredValue("cpu", example: "32", Quantity.cpu) ?? 1
            let memory = f.requiredValue("memory", example: "128Gi", Quantity.memory) ?? 1
            let cost = f.value("costPerHour", Quantity.plainNumber)
            ctx.check(cpu > 0, "cpu must be positive", path: f.at("cpu"))
            ctx.check(memory > 0, "memory must be positive", path: f.at("memory"))
            if let cost { ctx.check(cost >= 0, "costPerHour must not be negative", path: f.at("costPerHour")) }
            let gpu = f.value("gpu", Quantity.integer)
            if let gpu { ctx.check(gpu >= 0, "gpu (a number of GPU devices) must not be negative", path: f.at("gpu")) }
            let extended = f.optional("extended").map { ctx.extendedResources($0, f.at("extended"), request: false) }
            return MachineTypeSpec(
                name: name, cpu: cpu, memory: memory, costPerHour: cost, gpu: gpu == 0 ? nil : gpu, extended: extended)
        }
    }

    func racks(_ node: DocNode, _ path: String) -> RackSpec? {
        guard let f = ctx.fields(node, path, known: ["name", "type", "machines", "role", "zone"]) else { return nil }
        let name = f.requiredString("name", example: "rack-a") ?? ""
        let type = f.requiredString("type", example: "box") ?? ""
        let machines = f.requiredValue("machines", example: "3", Quantity.integer) ?? 1
        ctx.check(machines >= 1, "machines must be at least 1 (found \(machines))", path: f.at("machines"))
        return RackSpec(name: name, type: type, machines: machines, role: f.string("role"), zone: f.string("zone"))
    }

    /// `tenants: { NAME: { dedicated: true, avoidTenants: [other] } }` in file order (names are
    /// checked against the services' tenants by `ScenarioValidator`).
    func tenants(_ node: DocNode, _ path: String) -> [TenantSpec] {
        ctx.record(path, node)
        guard case .mapping(let entries, _) = node else {
            ctx.error(
                "expected a mapping of tenant names to { dedicated, avoidTenants }, found \(node.kindName)",
                at: node.location, path: path)
            return []
        }
        var seen = Set<String>()
        return entries.compactMap { entry in
            let name = entry.key.value
            let p = join(path, name)
            if !seen.insert(name).inserted { ctx.error("duplicate tenant `\(name)`", at: entry.key.location, path: p) }
            guard let f = ctx.fields(entry.value, p, known: ["dedicated", "avoidTenants"]) else { return nil }
            let dedicated =
                f.value("dedicated") { (t: String) throws(QuantityError) -> Bool in
                    switch t.trimmingSpaces.lowercased() {
                    case "true": return true
                    case "false": return false
                    default: throw QuantityError(message: "\(t.debugQuoted) is not true or false")
                    }
                } ?? false
            var avoid: [String] = []
            if let a = f.optional("avoidTenants"), let items = ctx.list(a, f.at("avoidTenants")) {
                avoid = items.enumerated().compactMap { ctx.string($1, "\(f.at("avoidTenants"))[\($0)]") }
            }
            return TenantSpec(name: name, dedicated: dedicated, avoidTenants: avoid)
        }
    }

    func placement(_ node: DocNode, _ path: String) -> PlacementSpec {
        guard let f = ctx.fields(node, path, known: ["policy", "overcommit", "shardSize", "filters", "scorers"])
        else { return PlacementSpec() }
        var overcommit: OvercommitSpec?
        if let o = f.optional("overcommit"), let of = ctx.fields(o, f.at("overcommit"), known: ["cpu", "memory"]) {
            let cpu = of.value("cpu", Quantity.plainNumber) ?? 1
            let memory = of.value("memory", Quantity.plainNumber) ?? 1
            ctx.check(cpu > 0, "overcommit cpu must be positive (1 = none, 1.5 = 150%)", path: of.at("cpu"))
            ctx.check(memory > 0, "overcommit memory must be positive (1 = none)", path: of.at("memory"))
            overcommit = OvercommitSpec(cpu: cpu, memory: memory)
        }
        let shard = f.value("shardSize", Quantity.integer)
        if let shard { ctx.check(shard >= 1, "shardSize must be at least 1", path: f.at("shardSize")) }
        var filters: [FilterSpec]?
        if let n = f.optional("filters"), let items = ctx.list(n, f.at("filters")) {
            filters = items.enumerated().compactMap { ctx.choice($1, "\(f.at("filters"))[\($0)]", FilterSpec.self) }
        }
        var scorers: [ScorerSpec]?
        if let n = f.optional("scorers"), let items = ctx.list(n, f.at("scorers")) {
            ctx.check(!items.isEmpty, "at least one scorer is needed", path: f.at("scorers"))
            scorers = items.enumerated().compactMap { scorer($1, "\(f.at("scorers"))[\($0)]") }
        }
        let policy = f.string("policy")
        if policy != nil, scorers != nil {
            ctx.error(
                "`policy` and `scorers` are mutually exclusive", path: f.at("scorers"),
                hint: "remove `policy` to use the composed scorers, or `scorers` to use the preset")
        } else if filters != nil, scorers == nil {
            ctx.error(
                "`filters` is only allowed with `scorers` (a composed policy)", path: f.at("filters"),
                hint: "add `scorers: [{ kind: leastAllocated, weight: 1 }]`")
        }
        return PlacementSpec(
            policy: scorers != nil ? "custom" : policy ?? "spread", overcommit: overcommit,
            shardSize: shard, filters: filters, scorers: scorers)
    }

    /// `{ kind, weight, key, shape }` of a composed policy.
    func scorer(_ node: DocNode, _ path: String) -> ScorerSpec? {
        guard let f = ctx.fields(node, path, known: ["kind", "weight", "key", "shape"]) else { return nil }
        guard let kindNode = f.required("kind", example: "leastAllocated"),
            let kind = ctx.choice(kindNode, f.at("kind"), ScorerSpec.Kind.self)
        else { return nil }
        let weight = f.value("weight", Quantity.plainNumber) ?? 1
        ctx.check(weight >= 0 && weight.isFinite, "weight must not be negative", path: f.at("weight"))
        let key = f.optional("key").flatMap { ctx.choice($0, f.at("key"), TopologySpreadSpec.Key.self) }
        if key != nil, kind != .topologySpread {
            ctx.error("`key` only applies to kind topologySpread", path: f.at("key"))
        }
        var shape: [[Double]]?
        if let n = f.optional("shape") {
            if kind != .requestedToCapacityRatio {
                ctx.error("`shape` only applies to kind requestedToCapacityRatio", path: f.at("shape"))
            }
            if let pts = ctx.list(n, f.at("shape")) {
                var out: [[Double]] = []
                for (i, pt) in pts.enumerated() {
                    let pp = "\(f.at("shape"))[\(i)]"
                    guard let xy = ctx.list(pt, pp) else { continue }
                    let v = xy.enumerated().compactMap { ctx.scalar($1, "\(pp)[\($0)]", Quantity.plainNumber) }
                    guard ctx.check(xy.count == 2 && v.count == 2, "a shape point is [utilisation %, score]", path: pp)
                    else { continue }
                    ctx.check((0...100).contains(v[0]), "utilisation must be within 0…100", path: pp)
                    ctx.check((0...10).contains(v[1]), "score must be within 0…10", path: pp)
                    if let last = out.last {
                        ctx.check(v[0] > last[0], "utilisation must increase from point to point", path: pp)
                    }
                    out.append(v)
                }
                ctx.check(!pts.isEmpty, "at least one shape point is needed", path: f.at("shape"))
                shape = out
            }
        } else if kind == .requestedToCapacityRatio {
            ctx.error(
                "requestedToCapacityRatio needs a `shape`", path: f.at("shape"),
                hint: "for example `shape: [[0, 0], [100, 10]]`")
        }
        return ScorerSpec(kind: kind, weight: weight, key: key, shape: shape)
    }

    func isolation(_ node: DocNode, _ path: String) -> IsolationSpec {
        guard let f = ctx.fields(node, path, known: ["cpu", "memory", "cpuPeriod"]) else { return IsolationSpec() }
        let period = f.value("cpuPeriod", Quantity.duration)
        if let p = period {
            ctx.check(
                p >= 1_000_000 && p <= 1_000_000_000, "cpuPeriod must be between 1ms and 1s (as Linux's cpu.cfs_period_us)",
                path: f.at("cpuPeriod"), hint: "for example `cpuPeriod: 100ms`")
        }
        return IsolationSpec(
            cpu: f.optional("cpu").flatMap { ctx.choice($0, f.at("cpu"), CPUIsolation.self) } ?? .shares,
            memory: f.optional("memory").flatMap { ctx.choice($0, f.at("memory"), MemoryIsolation.self) } ?? .limits,
            cpuPeriod: period)
    }
}
