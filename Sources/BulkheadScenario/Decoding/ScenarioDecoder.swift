/// Turns a ``DocNode`` tree into a ``Scenario``, reporting every problem into a ``DecodeContext``.
///
/// Field-local checks (types, units, ranges) happen here, at the value's position; cross-reference
/// checks happen afterwards in ``ScenarioValidator``. When a value is invalid a placeholder is used
/// so that decoding continues; the result is only meaningful when the context has no errors.
struct ScenarioDecoder {
    let ctx: DecodeContext

    static let topLevelKeys = [
        "name", "seed", "duration", "warmup", "machineTypes", "racks", "maxContainersPerMachine",
        "loadBalancers", "services", "placement", "isolation", "guarantees", "faults",
    ]
    /// Keys planned for later versions: rejected with "not supported yet" instead of "unknown".
    static let reservedKeys = ["hogs", "infrastructure", "autoscaling", "interference"]

    func scenario(_ root: DocNode) -> Scenario {
        guard let f = ctx.fields(root, "", known: Self.topLevelKeys, reserved: Self.reservedKeys) else {
            return Scenario(name: "", duration: 0, machineTypes: [], racks: [], loadBalancers: [], services: [])
        }
        let name = f.requiredString("name", example: "my-cluster") ?? ""
        let seed = f.value("seed") { (t: String) throws(QuantityError) -> UInt64 in
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
        return scenario
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
            ctx.error("expected a mapping of machine type names to { cpu, memory }, found \(node.kindName)",
                      at: node.location, path: path)
            return []
        }
        ctx.check(!entries.isEmpty, "at least one machine type is needed", path: path)
        var seen = Set<String>()
        return entries.compactMap { entry in
            let name = entry.key.value
            let p = join(path, name)
            if !seen.insert(name).inserted { ctx.error("duplicate machine type `\(name)`", at: entry.key.location, path: p) }
            guard let f = ctx.fields(entry.value, p, known: ["cpu", "memory", "costPerHour"]) else { return nil }
            let cpu = f.requiredValue("cpu", example: "32", Quantity.cpu) ?? 1
            let memory = f.requiredValue("memory", example: "128Gi", Quantity.memory) ?? 1
            let cost = f.value("costPerHour", Quantity.plainNumber)
            ctx.check(cpu > 0, "cpu must be positive", path: f.at("cpu"))
            ctx.check(memory > 0, "memory must be positive", path: f.at("memory"))
            if let cost { ctx.check(cost >= 0, "costPerHour must not be negative", path: f.at("costPerHour")) }
            return MachineTypeSpec(name: name, cpu: cpu, memory: memory, costPerHour: cost)
        }
    }

    func racks(_ node: DocNode, _ path: String) -> RackSpec? {
        guard let f = ctx.fields(node, path, known: ["name", "type", "machines", "role"]) else { return nil }
        let name = f.requiredString("name", example: "rack-a") ?? ""
        let type = f.requiredString("type", example: "box") ?? ""
        let machines = f.requiredValue("machines", example: "3", Quantity.integer) ?? 1
        ctx.check(machines >= 1, "machines must be at least 1 (found \(machines))", path: f.at("machines"))
        return RackSpec(name: name, type: type, machines: machines, role: f.string("role"))
    }

    func placement(_ node: DocNode, _ path: String) -> PlacementSpec {
        guard let f = ctx.fields(node, path, known: ["policy", "overcommit", "shardSize"]) else { return PlacementSpec() }
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
        return PlacementSpec(policy: f.string("policy") ?? "spread", overcommit: overcommit, shardSize: shard)
    }

    func isolation(_ node: DocNode, _ path: String) -> IsolationSpec {
        guard let f = ctx.fields(node, path, known: ["cpu", "memory"]) else { return IsolationSpec() }
        return IsolationSpec(
            cpu: f.optional("cpu").flatMap { ctx.choice($0, f.at("cpu"), CPUIsolation.self) } ?? .shares,
            memory: f.optional("memory").flatMap { ctx.choice($0, f.at("memory"), MemoryIsolation.self) } ?? .limits)
    }
}
