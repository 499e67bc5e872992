import Foundation

/// Expands the fleet templates of a scenario before it is decoded: an entry of `racks` or
/// `services` with a `count` stands for `count` entries (see "Fleets" in docs/scenarios.md).
///
/// - `{i}` in any text of the template is the instance number (1…count); `{i%K}` is
///   1 + (i − 1) mod K (e.g. `tenant: team-{i%300}` cycles through 300 tenants).
/// - A rack template's `zone` may be a list: instance i goes to zone (i − 1) mod n (racks striped
///   over zones, as fleets are built).
/// - Any value may be `{ draw: { uniform: { min, max } } | { lognormal: { median, sigma } } |
///   { choice: [a, b, …] }, unit: Gi }`: drawn per instance.
/// - A service template's `resources.requests` may be `{ mix: FILE, cpu: C, memory: M }`: a
///   (cpu, memory) pair drawn per instance from the weighted table FILE (columns
///   `cpu,memory,weight`, fractions of a reference machine of C cores and M bytes).
/// - A service template's `group: NAME` lets a balancer's `routes` name the group: its weight is
///   split equally over the instances.
///
/// The instances keep the template's source positions, so a problem in a template is reported at
/// its line:column (once: `ScenarioLoader` merges the copies' identical diagnostics). Draws come
/// from `FleetStream`s named by the scenario's seed and the field's path: deterministic.
///
/// Before anything is expanded, the size of the result is estimated from the counts (O(entries),
/// no allocation per instance); a fleet whose placement would need more than `budget` bytes is
/// refused with the estimate, at the `count` of the largest template.
struct FleetExpansion {
    let ctx: DecodeContext
    /// Folder of the scenario file (for `mix:` tables).
    let baseDirectory: String
    /// Bytes the expanded fleet may take when placed (default: half the machine's memory).
    var budget: Double = Double(ProcessInfo.processInfo.physicalMemory) / 2

    /// Bytes per machine, container and service of a placed fleet (`bulkhead place`: the scenario,
    /// the configuration, the placer's indices, the placement and its rows), measured on
    /// `scenarios/fleet-10k.yaml` (peak RSS / counts, rounded up).
    static let bytesPerMachine = 4096.0
    static let bytesPerContainer = 1536.0
    static let bytesPerService = 16384.0
    /// Largest `count` accepted.
    static let maxCount = 10_000_000

    /// Expands the templates in `root`; false when the fleet was refused (errors reported).
    /// - Complexity: O(size of the expanded racks and services lists).
    func expand(_ root: inout DocNode) -> Bool {
        guard case .mapping(var entries, let loc) = root else { return true }
        func index(_ key: String) -> Int? { entries.firstIndex { $0.key.value == key } }
        let hasTemplates = ["racks", "services"].contains { key in
            guard let k = index(key), case .sequence(let items, _) = entries[k].value else { return false }
            return items.contains { $0["count"] != nil }
        }
        guard hasTemplates else { return true }
        var seed: UInt64 = 1
        if let k = index("seed"), case .scalar(let s) = entries[k].value, let v = UInt64(s.value.trimmingSpaces) { seed = v }
        guard estimate(entries) else { return false }
        var state = State(seed: seed)
        if let k = index("racks"), case .sequence(let items, let l) = entries[k].value {
            entries[k].value = .sequence(expandList(items, "racks", &state, rack: true), l)
        }
        if let k = index("services"), case .sequence(let items, let l) = entries[k].value {
            entries[k].value = .sequence(expandList(items, "services", &state, rack: false), l)
        }
        if !state.groups.isEmpty, let k = index("loadBalancers"), case .sequence(var lbs, let l) = entries[k].value {
            for b in lbs.indices { lbs[b] = expandRoutes(lbs[b], state.groups) }
            entries[k].value = .sequence(lbs, l)
        }
        root = .mapping(entries, loc)
        return true
    }

    /// Caches and streams shared by the instances of every template.
    struct State {
        let seed: UInt64
        var streams: [String: FleetStream] = [:]
        var draws: [String: FleetDraw?] = [:]
        var mixes: [String: RequestMix?] = [:]
        /// Service group name → its instances' names.
        var groups: [String: [String]] = [:]
        init(seed: UInt64) { self.seed = seed }

        mutating func stream(_ purpose: String) -> FleetStream {
            streams[purpose] ?? FleetStream(seed: seed, purpose: purpose)
        }
    }

    // MARK: the estimate

    /// Counts machines, containers and services from the counts, without expanding; reports and
    /// returns false when the fleet would exceed `budget`.
    func estimate(_ entries: [DocEntry]) -> Bool {
        var machines = 0.0
        var containers = 0.0
        var services = 0.0
        var largest: (bytes: Double, node: DocNode, path: String)?
        var ok = true
        for (key, perUnit) in [("racks", "machines"), ("services", "replicas")] {
            guard let e = entries.first(where: { $0.key.value == key }), case .sequence(let items, _) = e.value else {
                continue
            }
            for (i, item) in items.enumerated() {
                var n = 1.0
                if let c = item["count"] {
                    guard let k = count(c, "\(key)[\(i)].count") else {
                        ok = false
                        continue
                    }
                    n = Double(k)
                }
                let each = item[perUnit].flatMap(meanValue) ?? 1
                let bytes: Double
                if key == "racks" {
                    machines += n * each
                    bytes = n * each * Self.bytesPerMachine
                } else {
                    services += n
                    containers += n * each
                    bytes = n * (Self.bytesPerService + each * Self.bytesPerContainer)
                }
                if item["count"] != nil, bytes > (largest?.bytes ?? -1) {
                    largest = (bytes, item["count"]!, "\(key)[\(i)].count")
                }
            }
        }
        guard ok else { return false }
        let total =
            machines * Self.bytesPerMachine + containers * Self.bytesPerContainer + services * Self.bytesPerService
        guard total > budget, let largest else { return true }
        func gib(_ x: Double) -> String { String(format: "%.1f GiB", x / 1_073_741_824) }
        ctx.error(
            "this fleet would expand to \(Int(machines)) machines, \(Int(containers)) containers and \(Int(services)) services: about \(gib(total)) once placed, more than the \(gib(budget)) allowed (half of this machine's memory)",
            at: largest.node.location, path: largest.path,
            hint: "reduce `count` here (this template alone needs about \(gib(largest.bytes))) or the replicas per instance")
        return false
    }

    /// A template's `count`: a whole number in 1…maxCount.
    func count(_ node: DocNode, _ path: String) -> Int? {
        guard let n = ctx.scalar(node, path, Quantity.integer) else { return nil }
        guard ctx.check(n >= 1 && n <= Self.maxCount, "count must be within 1…\(Self.maxCount) (found \(n))", path: path)
        else { return nil }
        return n
    }

    /// The mean of a per-instance value: a number, or the mean of a `{ draw: … }`.
    func meanValue(_ node: DocNode) -> Double? {
        switch node {
        case .scalar(let s): return Quantity.number(s.value)
        case .mapping:
            guard let d = node["draw"] else { return nil }
            return draw(d, "")?.mean
        case .sequence: return nil
        }
    }

    // MARK: expansion

    /// The entries of one list, templates expanded in place.
    func expandList(_ items: [DocNode], _ key: String, _ state: inout State, rack: Bool) -> [DocNode] {
        var out: [DocNode] = []
        for (t, item) in items.enumerated() {
            guard let c = item["count"], case .mapping(let fields, let loc) = item else {
                out.append(item)
                continue
            }
            let path = "\(key)[\(t)]"
            guard let n = count(c, "\(path).count") else { continue }
            if n > 1, case .scalar(let name)? = item["name"], !name.value.contains("{i") {
                ctx.error(
                    "a template with count > 1 needs `{i}` in its name (the names must differ)", at: name.location,
                    path: "\(path).name", hint: "e.g. name: \(name.value)-{i}")
                continue
            }
            var zones: [DocNode]?
            if rack, case .sequence(let zs, _)? = item["zone"] {
                guard ctx.check(!zs.isEmpty, "a list of zones needs at least one zone", path: "\(path).zone") else { continue }
                zones = zs
            }
            var group: String?
            if !rack, let g = item["group"] { group = ctx.string(g, "\(path).group") }
            var names: [String] = []
            out.reserveCapacity(out.count + n)
            for i in 1...n {
                var copy: [DocEntry] = []
                copy.reserveCapacity(fields.count)
                for e in fields where e.key.value != "count" && e.key.value != "group" {
                    var v: DocNode
                    if e.key.value == "zone", let zones {
                        v = substitute(zones[(i - 1) % zones.count], i, "\(path).zone")
                    } else {
                        v = instantiate(e.value, i, "\(path).\(e.key.value)", &state)
                    }
                    if e.key.value == "name", case .scalar(let s) = v { names.append(s.value) }
                    copy.append(DocEntry(key: e.key, value: v))
                }
                out.append(.mapping(copy, loc))
            }
            if let group {
                if state.groups[group] != nil {
                    ctx.error("duplicate service group `\(group)`", at: item["group"]?.location, path: "\(path).group")
                }
                state.groups[group] = names
            }
        }
        return out
    }

    /// A copy of template value `node` for instance `i`: placeholders substituted, draws drawn.
    func instantiate(_ node: DocNode, _ i: Int, _ path: String, _ state: inout State) -> DocNode {
        switch node {
        case .scalar:
            return substitute(node, i, path)
        case .sequence(let items, let l):
            return .sequence(items.enumerated().map { instantiate($1, i, "\(path)[\($0)]", &state) }, l)
        case .mapping(let entries, let l):
            if let d = node["draw"] {
                if state.draws[path] == nil {
                    _ = ctx.fields(node, path, known: ["draw", "unit"])
                    state.draws[path] = .some(draw(d, "\(path).draw"))
                }
                guard let spec = state.draws[path]!, case .mapping = node else { return node }
                var unit = ""
                if case .scalar(let u)? = node["unit"] { unit = u.value }
                var s = state.stream(path)
                let text = spec.sample(&s, unit: unit)
                state.streams[path] = s
                return .scalar(DocScalar(value: text, isPlain: true, location: l))
            }
            if let m = node["mix"] {
                return mix(node, m, path, &state) ?? node
            }
            return .mapping(
                entries.map { DocEntry(key: $0.key, value: instantiate($0.value, i, join(path, $0.key.value), &state)) }, l)
        }
    }

    /// `{ mix: FILE, cpu: C, memory: M }` → `{ cpu, memory }` drawn from the table.
    func mix(_ node: DocNode, _ m: DocNode, _ path: String, _ state: inout State) -> DocNode? {
        if state.mixes[path] == nil {
            var table: RequestMix?
            if let f = ctx.fields(node, path, known: ["mix", "cpu", "memory"]), let file = ctx.string(m, f.at("mix")) {
                _ = f.requiredValue("cpu", example: "128", Quantity.cpu)
                _ = f.requiredValue("memory", example: "512Gi", Quantity.memory)
                let full = file.hasPrefix("/") ? file : (baseDirectory as NSString).appendingPathComponent(file)
                do {
                    let text = try String(contentsOfFile: full, encoding: .utf8)
                    do { table = try RequestMix(text: text) } catch {
                        ctx.error("\(full): \(error.message)", at: m.location, path: f.at("mix"))
                    }
                } catch {
                    ctx.error(
                        "cannot read the request mix \(full)", at: m.location, path: f.at("mix"),
                        hint: "the path is relative to the scenario file's folder")
                }
            }
            state.mixes[path] = .some(table)
        }
        guard let table = state.mixes[path]!, case .mapping(_, let l) = node,
            case .scalar(let c)? = node["cpu"], case .scalar(let mem)? = node["memory"],
            let cores = try? Quantity.cpu(c.value), let bytes = try? Quantity.memory(mem.value)
        else { return nil }
        var s = state.stream(path)
        let x = table.sample(&s)
        state.streams[path] = s
        return .mapping(
            [
                DocEntry(
                    key: DocScalar(value: "cpu", isPlain: true, location: c.location),
                    value: .scalar(DocScalar(value: FleetDraw.text(x.cpu * cores), isPlain: true, location: c.location))),
                DocEntry(
                    key: DocScalar(value: "memory", isPlain: true, location: mem.location),
                    value: .scalar(
                        DocScalar(
                            value: String(format: "%.0f", (x.memory * bytes).rounded(.up)), isPlain: true, location: mem.location)
                    )),
            ], l)
    }

    /// The draw `{ uniform: { min, max } } | { lognormal: { median, sigma } } | { choice: [...] }`.
    func draw(_ node: DocNode, _ path: String) -> FleetDraw? {
        let report = !path.isEmpty
        guard case .mapping(let entries, _) = node, entries.count == 1, let kind = entries.first else {
            if report {
                ctx.error(
                    "a draw is one of { uniform: { min, max } }, { lognormal: { median, sigma } }, { choice: [a, b] }",
                    at: node.location, path: path)
            }
            return nil
        }
        let p = join(path, kind.key.value)
        func number(_ key: String) -> Double? {
            guard case .scalar(let s)? = kind.value[key], let v = Quantity.number(s.value) else {
                if report {
                    ctx.error(
                        "`\(key)` must be a number", at: kind.value[key]?.location ?? kind.value.location, path: join(p, key))
                }
                return nil
            }
            return v
        }
        switch kind.key.value {
        case "uniform":
            if report { _ = ctx.fields(kind.value, p, known: ["min", "max"]) }
            guard let lo = number("min"), let hi = number("max") else { return nil }
            guard lo <= hi else {
                if report { ctx.error("min must not exceed max", at: kind.value.location, path: p) }
                return nil
            }
            return .uniform(min: lo, max: hi, integral: lo == lo.rounded() && hi == hi.rounded() && !textHasPoint(kind.value))
        case "lognormal":
            if report { _ = ctx.fields(kind.value, p, known: ["median", "sigma"]) }
            guard let m = number("median"), let s = number("sigma") else { return nil }
            guard m > 0, s >= 0 else {
                if report { ctx.error("median must be positive and sigma not negative", at: kind.value.location, path: p) }
                return nil
            }
            return .lognormal(median: m, sigma: s)
        case "choice":
            guard case .sequence(let items, _) = kind.value, !items.isEmpty else {
                if report { ctx.error("choice needs a non-empty list", at: kind.value.location, path: p) }
                return nil
            }
            let texts = items.compactMap { if case .scalar(let s) = $0 { s.value } else { nil } }
            guard texts.count == items.count else {
                if report { ctx.error("choice values must be single values", at: kind.value.location, path: p) }
                return nil
            }
            return .choice(texts)
        default:
            if report {
                ctx.error(
                    "unknown draw `\(kind.key.value)`", at: kind.key.location, path: p,
                    hint: EditDistance.hint(for: kind.key.value, among: ["uniform", "lognormal", "choice"])
                        ?? "one of uniform, lognormal, choice")
            }
            return nil
        }
    }

    /// Whether `min` or `max` is written with a decimal point (`1.0` draws real numbers).
    private func textHasPoint(_ node: DocNode) -> Bool {
        ["min", "max"].contains { k in
            if case .scalar(let s)? = node[k] { s.value.contains(".") || s.value.contains("e") } else { false }
        }
    }

    /// `node` with `{i}` and `{i%K}` replaced in its text (scalars only).
    func substitute(_ node: DocNode, _ i: Int, _ path: String) -> DocNode {
        guard case .scalar(var s) = node, s.value.contains("{") else { return node }
        var out = ""
        var rest = Substring(s.value)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else {
                out += rest[open...]
                rest = ""
                break
            }
            let body = rest[rest.index(after: open)..<close]
            if body == "i" {
                out += "\(i)"
            } else if body.hasPrefix("i%"), let k = Int(body.dropFirst(2)), k >= 1 {
                out += "\(1 + (i - 1) % k)"
            } else {
                ctx.error(
                    "unknown placeholder {\(body)}", at: s.location, path: path,
                    hint: "use {i} (the instance number, from 1) or {i%K} (1 + (i − 1) mod K)")
                out += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        out += rest
        s.value = out
        return .scalar(s)
    }

    /// A balancer whose `routes` name service groups, with each group's weight split equally over
    /// its instances.
    func expandRoutes(_ lb: DocNode, _ groups: [String: [String]]) -> DocNode {
        guard case .mapping(var entries, let l) = lb, let k = entries.firstIndex(where: { $0.key.value == "routes" }) else {
            return lb
        }
        switch entries[k].value {
        case .mapping(let routes, let rl):
            var out: [DocEntry] = []
            for r in routes {
                guard let names = groups[r.key.value], case .scalar(let w) = r.value, let weight = Quantity.number(w.value),
                    !names.isEmpty
                else {
                    out.append(r)
                    continue
                }
                let each = String(format: "%.17g", weight / Double(names.count))
                for name in names {
                    var key = r.key
                    key.value = name
                    var v = w
                    v.value = each
                    out.append(DocEntry(key: key, value: .scalar(v)))
                }
            }
            entries[k].value = .mapping(out, rl)
        case .sequence(let items, let sl):
            var out: [DocNode] = []
            for item in items {
                guard case .scalar(let s)? = item["service"], let names = groups[s.value], !names.isEmpty,
                    case .scalar(let w)? = item["weight"], let weight = Quantity.number(w.value),
                    case .mapping(let fields, let il) = item
                else {
                    out.append(item)
                    continue
                }
                let each = String(format: "%.17g", weight / Double(names.count))
                for name in names {
                    out.append(
                        .mapping(
                            fields.map { e in
                                guard case .scalar(var v) = e.value else { return e }
                                if e.key.value == "service" { v.value = name } else if e.key.value == "weight" { v.value = each }
                                return DocEntry(key: e.key, value: .scalar(v))
                            }, il))
                }
            }
            entries[k].value = .sequence(out, sl)
        case .scalar:
            break
        }
        return .mapping(entries, l)
    }
}
