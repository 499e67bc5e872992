/// Decodes `{ kind: { param: value } }` distributions; time parameters are durations or seconds.
struct DistributionDecoder {
    let ctx: DecodeContext

    static let kinds = [
        "constant", "uniform", "exponential", "normal", "lognormal", "gamma", "weibull", "pareto",
        "boundedPareto", "empirical",
    ]

    func distribution(_ node: DocNode, _ path: String) -> DistributionSpec? {
        ctx.record(path, node)
        guard case .mapping(let entries, _) = node, entries.count == 1, let entry = entries.first else {
            ctx.error(
                "expected a distribution like { exponential: { mean: 5ms } }, found \(node.kindName)",
                at: node.location, path: path,
                hint: "one key naming the kind: \(Self.kinds.joined(separator: ", "))")
            return nil
        }
        let kind = entry.key.value
        let p = join(path, kind)
        guard Self.kinds.contains(kind) else {
            ctx.error(
                "unknown distribution `\(kind)`", at: entry.key.location, path: p,
                hint: EditDistance.hint(for: kind, among: Self.kinds)
                    ?? "one of \(Self.kinds.joined(separator: ", "))")
            return nil
        }
        if kind == "constant", case .scalar = entry.value {
            return ctx.scalar(entry.value, p, Quantity.seconds).flatMap { v in
                ctx.check(v >= 0, "constant must not be negative", path: p) ? .constant(v) : nil
            }
        }
        let known: [String] =
            switch kind {
            case "constant": ["value"]
            case "uniform": ["min", "max"]
            case "exponential": ["mean"]
            case "normal": ["mean", "sd"]
            case "lognormal": ["mean", "cv", "median", "sigma"]
            case "gamma", "weibull", "pareto": ["shape", "scale"]
            case "boundedPareto": ["shape", "lower", "upper"]
            default: ["samples", "cdf"]
            }
        guard let f = ctx.fields(entry.value, p, known: known) else { return nil }
        let before = ctx.diagnostics.count
        /// A required parameter that must satisfy `ok`, described by `range` in the message.
        func param(_ key: String, _ range: String, _ ok: (Double) -> Bool) -> Double {
            guard let v = f.requiredValue(key, Quantity.seconds) else { return .nan }
            ctx.check(ok(v), "\(key) must be \(range), found \(v)", path: f.at(key))
            return v
        }
        let result: DistributionSpec
        switch kind {
        case "constant": result = .constant(param("value", "≥ 0") { $0 >= 0 })
        case "uniform":
            let lo = param("min", "≥ 0") { $0 >= 0 }
            let hi = param("max", "≥ 0") { $0 >= 0 }
            ctx.check(!(lo > hi), "min must be ≤ max", path: f.at("max"))
            result = .uniform(min: lo, max: hi)
        case "exponential": result = .exponential(mean: param("mean", "> 0") { $0 > 0 })
        case "normal":
            result = .normal(mean: param("mean", "≥ 0") { $0 >= 0 }, sd: param("sd", "≥ 0") { $0 >= 0 })
        case "lognormal":
            if f.optional("median") != nil || f.optional("sigma") != nil {
                ctx.check(
                    f.optional("mean") == nil && f.optional("cv") == nil,
                    "give either mean and cv, or median and sigma, not both", path: p)
                result = .lognormalMedian(
                    median: param("median", "> 0") { $0 > 0 },
                    sigma: param("sigma", "≥ 0") { $0 >= 0 })
            } else {
                result = .lognormal(mean: param("mean", "> 0") { $0 > 0 }, cv: param("cv", "≥ 0") { $0 >= 0 })
            }
        case "gamma", "weibull", "pareto":
            let shape = param("shape", "> 0") { $0 > 0 }
            let scale = param("scale", "> 0") { $0 > 0 }
            result =
                kind == "gamma"
                ? .gamma(shape: shape, scale: scale)
                : kind == "weibull" ? .weibull(shape: shape, scale: scale) : .pareto(shape: shape, scale: scale)
        case "boundedPareto":
            let shape = param("shape", "> 0") { $0 > 0 }
            let lo = param("lower", "> 0") { $0 > 0 }
            let hi = param("upper", "> 0") { $0 > 0 }
            ctx.check(!(lo >= hi), "lower must be < upper", path: f.at("upper"))
            result = .boundedPareto(shape: shape, lower: lo, upper: hi)
        default:
            result = empirical(f) ?? .empirical(samples: [])
        }
        return ctx.diagnostics.count == before ? result : nil
    }

    /// `{ samples: [..] }` or `{ cdf: [[value, p], ..] }`.
    private func empirical(_ f: Fields) -> DistributionSpec? {
        if let s = f.optional("samples") {
            guard let items = ctx.list(s, f.at("samples")) else { return nil }
            ctx.check(!items.isEmpty, "at least one sample is needed", path: f.at("samples"))
            let values = items.enumerated().compactMap { i, item in
                ctx.scalar(item, "\(f.at("samples"))[\(i)]", Quantity.seconds)
            }
            for (i, v) in values.enumerated() where v < 0 {
                ctx.error("samples must not be negative", path: "\(f.at("samples"))[\(i)]")
            }
            return .empirical(samples: values)
        }
        guard let c = f.optional("cdf") else {
            ctx.error("empirical needs `samples` or `cdf`", at: f.location, path: f.path)
            return nil
        }
        guard let items = ctx.list(c, f.at("cdf")) else { return nil }
        var points: [CDFPoint] = []
        for (i, item) in items.enumerated() {
            let ip = "\(f.at("cdf"))[\(i)]"
            guard case .sequence(let pair, _) = item, pair.count == 2 else {
                ctx.error("expected a [value, p] pair", at: item.location, path: ip)
                continue
            }
            guard let v = ctx.scalar(pair[0], ip, Quantity.seconds), let q = ctx.scalar(pair[1], ip, Quantity.plainNumber)
            else { continue }
            if let last = points.last {
                ctx.check(v >= last.value && q > last.p, "cdf points must increase in value and p", path: ip)
            }
            ctx.check(q > 0 && q <= 1, "p must be in (0, 1], found \(q)", path: ip)
            ctx.check(v >= 0, "values must not be negative", path: ip)
            points.append(CDFPoint(value: v, p: q))
        }
        if let last = points.last {
            ctx.check(last.p == 1, "the last cdf point must have p = 1, found \(last.p)", path: f.at("cdf"))
        } else {
            ctx.error("at least one cdf point is needed", path: f.at("cdf"))
        }
        return .empiricalCDF(points: points)
    }
}
