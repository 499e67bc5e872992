/// Decodes `faults: [ { kind: machine-crash | rack-outage | chaos-monkey | lb-failure |
/// container-crash | correlated | release, … } ]`.
struct FaultDecoder {
    let ctx: DecodeContext

    static let keys = ["kind", "machine", "type", "rack", "at", "day", "duration", "repairAfter", "mtbf", "mttr",
                       "every", "target", "replaceAfter", "balancer", "service", "rate", "domain", "fraction",
                       "stages", "bad", "rollback"]

    func faults(_ node: DocNode, _ path: String) -> [FaultSpec] {
        guard let items = ctx.list(node, path) else { return [] }
        return items.enumerated().compactMap { fault($1, "\(path)[\($0)]") }
    }

    func fault(_ node: DocNode, _ path: String) -> FaultSpec? {
        guard let f = ctx.fields(node, path, known: Self.keys) else { return nil }
        guard let kindNode = f.required("kind", example: "machine-crash"),
              let kind = ctx.choice(kindNode, f.at("kind"), FaultSpec.Kind.self)
        else { return nil }
        let dist = DistributionDecoder(ctx: ctx)
        var spec = FaultSpec(
            kind: kind, machine: f.string("machine"), machineType: f.string("type"), rack: f.string("rack"),
            at: f.value("at", Quantity.timeOfDay), day: f.value("day", Quantity.integer) ?? 0,
            duration: f.value("duration", Quantity.duration), repairAfter: f.value("repairAfter", Quantity.duration),
            mtbf: f.optional("mtbf").flatMap { dist.distribution($0, f.at("mtbf")) },
            mttr: f.optional("mttr").flatMap { dist.distribution($0, f.at("mttr")) },
            every: f.value("every", Quantity.duration), replaceAfter: f.value("replaceAfter", Quantity.duration))
        ctx.check(spec.day >= 0, "day must not be negative", path: f.at("day"))
        spec.balancer = f.string("balancer")
        spec.service = f.string("service")
        spec.rate = f.value("rate", Quantity.rate)
        spec.domain = f.string("domain")
        spec.target = f.string("target")
        spec.fraction = f.value("fraction", Quantity.fraction)
        let only: [(String, Set<FaultSpec.Kind>)] = [
            ("balancer", [.lbFailure]), ("service", [.containerCrash, .release]), ("rate", [.containerCrash]),
            ("domain", [.correlated]), ("fraction", [.correlated]), ("stages", [.release]), ("bad", [.release]),
            ("rollback", [.release]),
        ]
        for (key, kinds) in only where f.optional(key) != nil && !kinds.contains(kind) {
            ctx.error("`\(key)` does not apply to kind \(kind.rawValue)", path: f.at(key),
                      hint: "it applies to " + kinds.map(\.rawValue).sorted().joined(separator: ", "))
        }
        switch kind {
        case .machineCrash:
            let scheduled = spec.machine != nil
            let random = spec.machineType != nil
            ctx.check(scheduled != random, "a machine-crash names either one `machine` (scheduled, with `at`) or a machine `type` (random, with `mtbf` and `mttr`)",
                      path: path, hint: "e.g. { kind: machine-crash, machine: rack-a-1, at: \"14:05\", repairAfter: 30m }")
            if scheduled { ctx.check(spec.at != nil, "a scheduled machine-crash needs `at`", path: f.at("at")) }
            if random {
                ctx.check(spec.mtbf != nil, "a random machine-crash needs `mtbf` (a distribution)", path: f.at("mtbf"),
                          hint: "e.g. mtbf: { exponential: { mean: 30d } }")
                ctx.check(spec.mttr != nil, "a random machine-crash needs `mttr` (a distribution)", path: f.at("mttr"),
                          hint: "e.g. mttr: { exponential: { mean: 2h } }")
            }
        case .rackOutage:
            ctx.check(spec.rack != nil, "a rack-outage needs `rack`", path: f.at("rack"))
            ctx.check(spec.at != nil, "a rack-outage needs `at`", path: f.at("at"))
            ctx.check((spec.duration ?? 0) > 0, "a rack-outage needs a positive `duration`", path: f.at("duration"))
        case .lbFailure:
            ctx.check(spec.balancer != nil, "an lb-failure needs `balancer` (a load balancer name)", path: f.at("balancer"))
            ctx.check(spec.at != nil, "an lb-failure needs `at`", path: f.at("at"))
            ctx.check((spec.duration ?? 0) > 0, "an lb-failure needs a positive `duration`", path: f.at("duration"),
                      hint: "e.g. { kind: lb-failure, balancer: front, at: \"12:00\", duration: 5m }")
        case .containerCrash:
            ctx.check(spec.service != nil, "a container-crash needs `service`", path: f.at("service"))
            ctx.check((spec.rate ?? 0) > 0, "a container-crash needs a positive `rate` (crashes per replica)",
                      path: f.at("rate"), hint: "e.g. rate: 2/d")
        case .correlated:
            if let d = spec.domain {
                ctx.check(d == "rack" || d == "power", "domain `\(d)` is not supported (rack or power; power domains are racks)",
                          path: f.at("domain"))
            }
            ctx.check(spec.target != nil, "a correlated fault needs `target` (a rack name)", path: f.at("target"))
            ctx.check(spec.at != nil, "a correlated fault needs `at`", path: f.at("at"))
            ctx.check((spec.duration ?? 0) > 0, "a correlated fault needs a positive `duration`", path: f.at("duration"))
            ctx.check((spec.fraction ?? 0) > 0, "a correlated fault needs a `fraction` above 0", path: f.at("fraction"),
                      hint: "e.g. fraction: 50%")
        case .release:
            ctx.check(spec.service != nil, "a release needs `service`", path: f.at("service"))
            ctx.check(spec.at != nil, "a release needs `at`", path: f.at("at"))
            spec.release = release(f)
        case .chaosMonkey:
            if let target = f.string("target") {
                ctx.check(target == "oldest-machine", "target `\(target)` is not supported (only oldest-machine)",
                          path: f.at("target"))
            }
            spec.every = spec.every ?? 86_400_000_000_000
            spec.at = spec.at ?? 0
            ctx.check(spec.every! > 0, "every must be positive", path: f.at("every"))
            ctx.check(spec.replaceAfter != nil, "a chaos-monkey needs `replaceAfter`", path: f.at("replaceAfter"),
                      hint: "e.g. replaceAfter: 15m")
        }
        return spec
    }

    /// `stages`, `bad` and `rollback` of a release.
    func release(_ f: Fields) -> ReleaseSpec? {
        var stages: [ReleaseSpec.Stage] = []
        if let n = f.required("stages", example: "[ { canary: { soak: 2h } }, { release: { batch: 2, interval: 5m } } ]"),
           let items = ctx.list(n, f.at("stages")) {
            ctx.check(!items.isEmpty, "at least one stage is needed", path: f.at("stages"))
            for (i, item) in items.enumerated() {
                if let st = stage(item, "\(f.at("stages"))[\(i)]") { stages.append(st) }
            }
        }
        var spec = ReleaseSpec(stages: stages, badProbability: 0)
        if let b = f.required("bad", example: "{ probability: 0.2, errorRate: 5%, cpuFactor: 3 }"),
           let bf = ctx.fields(b, f.at("bad"), known: ["probability", "errorRate", "cpuFactor"]) {
            spec.badProbability = bf.requiredValue("probability", example: "0.2", Quantity.fraction) ?? 0
            spec.errorRate = bf.value("errorRate", Quantity.fraction) ?? 0
            spec.cpuFactor = bf.value("cpuFactor", Quantity.plainNumber) ?? 1
            ctx.check(spec.cpuFactor > 0 && spec.cpuFactor.isFinite, "cpuFactor must be positive", path: bf.at("cpuFactor"))
            ctx.check(spec.errorRate > 0 || spec.cpuFactor != 1, "a bad version needs an `errorRate` above 0 or a `cpuFactor` other than 1",
                      path: f.at("bad"))
        }
        if let r = f.optional("rollback"), let rf = ctx.fields(r, f.at("rollback"), known: ["errorRate", "window"]) {
            spec.rollbackErrorRate = rf.requiredValue("errorRate", example: "2%", Quantity.fraction)
            spec.rollbackWindow = rf.value("window", Quantity.duration) ?? spec.rollbackWindow
            ctx.check(spec.rollbackWindow > 0, "window must be positive", path: rf.at("window"))
        }
        return spec
    }

    /// One stage: a mapping with one key, `dark-canary`, `canary` or `release`.
    func stage(_ node: DocNode, _ path: String) -> ReleaseSpec.Stage? {
        let names = ["dark-canary", "canary", "release"]
        guard let f = ctx.fields(node, path, known: names) else { return nil }
        let present = names.filter { f.optional($0) != nil }
        guard ctx.check(present.count == 1, "a stage is one of `dark-canary`, `canary` or `release`", path: path,
                        hint: "e.g. { canary: { soak: 2h } }"), let name = present.first, let body = f.optional(name)
        else { return nil }
        switch name {
        case "dark-canary":
            guard let g = ctx.fields(body, f.at(name), known: ["share", "soak"]) else { return nil }
            let share = g.requiredValue("share", example: "1%", Quantity.fraction) ?? 0
            let soak = g.requiredValue("soak", example: "10m", Quantity.duration) ?? 0
            ctx.check(share > 0, "share must be above 0", path: g.at("share"))
            ctx.check(soak > 0, "soak must be positive", path: g.at("soak"))
            return .darkCanary(share: share, soak: soak)
        case "canary":
            guard let g = ctx.fields(body, f.at(name), known: ["soak"]) else { return nil }
            let soak = g.requiredValue("soak", example: "2h", Quantity.duration) ?? 0
            ctx.check(soak > 0, "soak must be positive", path: g.at("soak"))
            return .canary(soak: soak)
        default:
            guard let g = ctx.fields(body, f.at(name), known: ["batch", "interval"]) else { return nil }
            let batch = g.value("batch", Quantity.integer) ?? 1
            let interval = g.value("interval", Quantity.duration) ?? 300_000_000_000
            ctx.check(batch >= 1, "batch must be at least 1", path: g.at("batch"))
            ctx.check(interval > 0, "interval must be positive", path: g.at("interval"))
            return .release(batch: batch, interval: interval)
        }
    }
}
