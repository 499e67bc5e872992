/// Decodes `releases: [ { service, at, day, stages, bad, rollback } ]`: staged rollouts of new
/// versions (see `ReleaseSpec` and docs/scenarios.md).
struct ReleaseDecoder {
    let ctx: DecodeContext

    static let keys = ["service", "at", "day", "stages", "bad", "rollback", "restart"]

    func releases(_ node: DocNode, _ path: String) -> [ReleaseSpec] {
        guard let items = ctx.list(node, path) else { return [] }
        return items.enumerated().compactMap { release($1, "\(path)[\($0)]") }
    }

    func release(_ node: DocNode, _ path: String) -> ReleaseSpec? {
        guard let f = ctx.fields(node, path, known: Self.keys) else { return nil }
        let service = f.requiredString("service", example: "checkout")
        let at = f.requiredValue("at", example: "\"09:00\"", Quantity.timeOfDay)
        let day = f.value("day", Quantity.integer) ?? 0
        ctx.check(day >= 0, "day must not be negative", path: f.at("day"))
        let spec = plan(f, service: service ?? "", at: at ?? 0, day: day)
        return service != nil && at != nil ? spec : nil
    }

    /// `stages`, `bad` and `rollback` of a release of `service` at `at` on `day`.
    func plan(_ f: Fields, service: String, at: Int64, day: Int) -> ReleaseSpec {
        var stages: [ReleaseSpec.Stage] = []
        if let n = f.required("stages", example: "[ { canary: { soak: 2h } }, { release: { batch: 2, interval: 5m } } ]"),
            let items = ctx.list(n, f.at("stages"))
        {
            ctx.check(!items.isEmpty, "at least one stage is needed", path: f.at("stages"))
            for (i, item) in items.enumerated() {
                if let st = stage(item, "\(f.at("stages"))[\(i)]") { stages.append(st) }
            }
            // A blue-green stage replaces every replica: it comes last, after no rolling update.
            for (i, st) in stages.enumerated() {
                guard case .blueGreen = st else { continue }
                ctx.check(
                    i == stages.count - 1 && !stages.contains { if case .release = $0 { true } else { false } },
                    "a `blue-green` stage must be the last stage, and replaces the rolling update (no `release` stage with it)",
                    path: "\(f.at("stages"))[\(i)]",
                    hint: "e.g. [ { canary: { soak: 30m } }, { blue-green: { onNoCapacity: wait } } ]")
            }
        }
        var spec = ReleaseSpec(service: service, at: at, day: day, stages: stages, badProbability: 0)
        if let b = f.required("bad", example: "{ probability: 0.2, errorRate: 5%, cpuFactor: 3 }"),
            let bf = ctx.fields(b, f.at("bad"), known: ["probability", "errorRate", "cpuFactor"])
        {
            spec.badProbability = bf.requiredValue("probability", example: "0.2", Quantity.fraction) ?? 0
            spec.errorRate = bf.value("errorRate", Quantity.fraction) ?? 0
            spec.cpuFactor = bf.value("cpuFactor", Quantity.plainNumber) ?? 1
            ctx.check(spec.cpuFactor > 0 && spec.cpuFactor.isFinite, "cpuFactor must be positive", path: bf.at("cpuFactor"))
            ctx.check(
                spec.errorRate > 0 || spec.cpuFactor != 1,
                "a bad version needs an `errorRate` above 0 or a `cpuFactor` other than 1",
                path: f.at("bad"))
        }
        if let r = f.optional("rollback"), let rf = ctx.fields(r, f.at("rollback"), known: ["errorRate", "window", "every"]) {
            spec.rollbackErrorRate = rf.requiredValue("errorRate", example: "2%", Quantity.fraction)
            spec.rollbackWindow = rf.value("window", Quantity.duration) ?? spec.rollbackWindow
            ctx.check(spec.rollbackWindow > 0, "window must be positive", path: rf.at("window"))
            if let every = rf.value("every", Quantity.duration) {
                spec.rollbackEvery = every
                ctx.check(
                    every > 0 && every <= spec.rollbackWindow && spec.rollbackWindow % every == 0,
                    "every must be positive and divide window exactly (the window is a whole number of steps)",
                    path: rf.at("every"), hint: "e.g. { errorRate: 2%, window: 5m, every: 30s }")
            }
        }
        if let r = f.optional("restart") { spec.restart = restart(r, f.at("restart")) }
        return spec
    }

    /// `restart: { startup, warmup: { factor, duration }, drain }`.
    func restart(_ node: DocNode, _ path: String) -> ReleaseSpec.Restart? {
        guard let f = ctx.fields(node, path, known: ["startup", "warmup", "drain"]) else { return nil }
        var r = ReleaseSpec.Restart(startup: f.requiredValue("startup", example: "30s", Quantity.duration) ?? 0)
        ctx.check(r.startup >= 0, "startup must not be negative", path: f.at("startup"))
        r.drain = f.value("drain", Quantity.duration) ?? r.drain
        ctx.check(r.drain >= 0, "drain must not be negative", path: f.at("drain"))
        if let w = f.optional("warmup"), let wf = ctx.fields(w, f.at("warmup"), known: ["factor", "duration"]) {
            r.warmupFactor = wf.requiredValue("factor", example: "1.5", Quantity.plainNumber) ?? 1
            r.warmupDuration = wf.requiredValue("duration", example: "2m", Quantity.duration) ?? 0
            ctx.check(
                r.warmupFactor >= 1 && r.warmupFactor.isFinite, "factor must be at least 1 (cold caches cost more CPU, not less)",
                path: wf.at("factor"))
            ctx.check(r.warmupDuration >= 0, "duration must not be negative", path: wf.at("duration"))
        }
        return r
    }

    /// One stage: a mapping with one key, `dark-canary`, `canary` or `release`.
    func stage(_ node: DocNode, _ path: String) -> ReleaseSpec.Stage? {
        let names = ["dark-canary", "canary", "release", "blue-green"]
        guard let f = ctx.fields(node, path, known: names) else { return nil }
        let present = names.filter { f.optional($0) != nil }
        guard
            ctx.check(
                present.count == 1, "a stage is one of `dark-canary`, `canary`, `release` or `blue-green`", path: path,
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
        case "blue-green":
            guard let g = ctx.fields(body, f.at(name), known: ["onNoCapacity", "retry", "batch", "interval"]) else { return nil }
            let mode =
                g.optional("onNoCapacity").flatMap { ctx.choice($0, g.at("onNoCapacity"), ReleaseSpec.NoCapacity.self) } ?? .abort
            let retry = g.value("retry", Quantity.duration) ?? 30_000_000_000
            let batch = g.value("batch", Quantity.integer) ?? 1
            let interval = g.value("interval", Quantity.duration) ?? 300_000_000_000
            ctx.check(retry > 0, "retry must be positive", path: g.at("retry"))
            ctx.check(batch >= 1, "batch must be at least 1", path: g.at("batch"))
            ctx.check(interval > 0, "interval must be positive", path: g.at("interval"))
            return .blueGreen(onNoCapacity: mode, retry: retry, batch: batch, interval: interval)
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
