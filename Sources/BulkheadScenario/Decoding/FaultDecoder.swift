/// Decodes `faults: [ { kind: machine-crash | rack-outage | chaos-monkey | lb-failure |
/// container-crash | correlated, … } ]`. Releases have their own list (`releases:`,
/// `ReleaseDecoder`); a `kind: release` entry here is an error that says so.
struct FaultDecoder {
    let ctx: DecodeContext

    static let keys = [
        "kind", "machine", "type", "rack", "at", "day", "duration", "repairAfter", "mtbf", "mttr",
        "every", "target", "replaceAfter", "balancer", "service", "rate", "domain", "fraction", "zone",
    ]

    func faults(_ node: DocNode, _ path: String) -> [FaultSpec] {
        guard let items = ctx.list(node, path) else { return [] }
        return items.enumerated().compactMap { fault($1, "\(path)[\($0)]") }
    }

    func fault(_ node: DocNode, _ path: String) -> FaultSpec? {
        if case .scalar(let k)? = node["kind"], k.value == "release" {
            ctx.error(
                "`kind: release` is not a fault: releases moved to their own top-level list `releases:`",
                at: k.location, path: join(path, "kind"),
                hint:
                    "move this entry under `releases:` and drop its `kind`, e.g. releases: [ { service: checkout, at: \"09:00\", stages: [ { canary: { soak: 2h } } ], bad: { probability: 0.2, errorRate: 5% } } ]"
            )
            return nil
        }
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
        spec.zone = f.string("zone")
        let only: [(String, Set<FaultSpec.Kind>)] = [
            ("balancer", [.lbFailure]), ("service", [.containerCrash]), ("rate", [.containerCrash]),
            ("domain", [.correlated]), ("fraction", [.correlated]), ("zone", [.zoneOutage]),
        ]
        for (key, kinds) in only where f.optional(key) != nil && !kinds.contains(kind) {
            ctx.error(
                "`\(key)` does not apply to kind \(kind.rawValue)", path: f.at(key),
                hint: "it applies to " + kinds.map(\.rawValue).sorted().joined(separator: ", "))
        }
        switch kind {
        case .machineCrash:
            let scheduled = spec.machine != nil
            let random = spec.machineType != nil
            ctx.check(
                scheduled != random,
                "a machine-crash names either one `machine` (scheduled, with `at`) or a machine `type` (random, with `mtbf` and `mttr`)",
                path: path, hint: "e.g. { kind: machine-crash, machine: rack-a-1, at: \"14:05\", repairAfter: 30m }")
            if scheduled { ctx.check(spec.at != nil, "a scheduled machine-crash needs `at`", path: f.at("at")) }
            if random {
                ctx.check(
                    spec.mtbf != nil, "a random machine-crash needs `mtbf` (a distribution)", path: f.at("mtbf"),
                    hint: "e.g. mtbf: { exponential: { mean: 30d } }")
                ctx.check(
                    spec.mttr != nil, "a random machine-crash needs `mttr` (a distribution)", path: f.at("mttr"),
                    hint: "e.g. mttr: { exponential: { mean: 2h } }")
            }
        case .rackOutage:
            ctx.check(spec.rack != nil, "a rack-outage needs `rack`", path: f.at("rack"))
            ctx.check(spec.at != nil, "a rack-outage needs `at`", path: f.at("at"))
            ctx.check((spec.duration ?? 0) > 0, "a rack-outage needs a positive `duration`", path: f.at("duration"))
        case .zoneOutage:
            ctx.check(
                spec.zone != nil, "a zone-outage needs `zone` (a zone named by some rack's `zone`)", path: f.at("zone"),
                hint: "e.g. { kind: zone-outage, zone: zone-a, at: \"14:00\", duration: 30m }")
            ctx.check(spec.at != nil, "a zone-outage needs `at`", path: f.at("at"))
            ctx.check((spec.duration ?? 0) > 0, "a zone-outage needs a positive `duration`", path: f.at("duration"))
        case .lbFailure:
            ctx.check(spec.balancer != nil, "an lb-failure needs `balancer` (a load balancer name)", path: f.at("balancer"))
            ctx.check(spec.at != nil, "an lb-failure needs `at`", path: f.at("at"))
            ctx.check(
                (spec.duration ?? 0) > 0, "an lb-failure needs a positive `duration`", path: f.at("duration"),
                hint: "e.g. { kind: lb-failure, balancer: front, at: \"12:00\", duration: 5m }")
        case .containerCrash:
            ctx.check(spec.service != nil, "a container-crash needs `service`", path: f.at("service"))
            ctx.check(
                (spec.rate ?? 0) > 0, "a container-crash needs a positive `rate` (crashes per replica)",
                path: f.at("rate"), hint: "e.g. rate: 2/d")
        case .correlated:
            if let d = spec.domain {
                ctx.check(
                    d == "rack" || d == "power", "domain `\(d)` is not supported (rack or power; power domains are racks)",
                    path: f.at("domain"))
            }
            ctx.check(spec.target != nil, "a correlated fault needs `target` (a rack name)", path: f.at("target"))
            ctx.check(spec.at != nil, "a correlated fault needs `at`", path: f.at("at"))
            ctx.check((spec.duration ?? 0) > 0, "a correlated fault needs a positive `duration`", path: f.at("duration"))
            ctx.check(
                (spec.fraction ?? 0) > 0, "a correlated fault needs a `fraction` above 0", path: f.at("fraction"),
                hint: "e.g. fraction: 50%")
        case .chaosMonkey:
            if let target = f.string("target") {
                ctx.check(
                    target == "oldest-machine", "target `\(target)` is not supported (only oldest-machine)",
                    path: f.at("target"))
            }
            spec.every = spec.every ?? 86_400_000_000_000
            spec.at = spec.at ?? 0
            ctx.check(spec.every! > 0, "every must be positive", path: f.at("every"))
            ctx.check(
                spec.replaceAfter != nil, "a chaos-monkey needs `replaceAfter`", path: f.at("replaceAfter"),
                hint: "e.g. replaceAfter: 15m")
        }
        return spec
    }
}
