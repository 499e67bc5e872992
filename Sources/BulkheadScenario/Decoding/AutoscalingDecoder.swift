/// Decodes `services[i].autoscaling`: `{ schedule: { "08:00": 8, "22:00": 4 }, startupTime: 20s }` or
/// `{ targetCPU: 60%, min: 4, max: 24, period: 30s, scaleDownDelay: 5m, startupTime: 20s }`.
struct AutoscalingDecoder {
    let ctx: DecodeContext

    static let keys = ["schedule", "targetCPU", "min", "max", "period", "scaleDownDelay", "startupTime"]
    static let example = "{ targetCPU: 60%, min: 4, max: 24 } or { schedule: { \"08:00\": 8, \"22:00\": 4 } }"

    func autoscaling(_ node: DocNode, _ path: String) -> AutoscalingSpec? {
        guard let f = ctx.fields(node, path, known: Self.keys) else { return nil }
        let startup = f.value("startupTime", Quantity.duration) ?? 20_000_000_000
        ctx.check(startup >= 0, "startupTime must not be negative", path: f.at("startupTime"))
        let schedule = f.optional("schedule")
        let target = f.optional("targetCPU")
        switch (schedule, target) {
        case (let s?, nil):
            for key in ["min", "max", "period", "scaleDownDelay"] where f.optional(key) != nil {
                ctx.error(
                    "`\(key)` belongs to a targetCPU policy, not to a schedule", path: f.at(key),
                    hint: "remove it, or replace `schedule` with `targetCPU`")
            }
            return self.schedule(s, f.at("schedule")).map { .schedule(.init(steps: $0, startupTime: startup)) }
        case (nil, _?):
            let t = f.value("targetCPU", Quantity.fraction)
            if let t {
                ctx.check(t > 0 && t <= 1, "targetCPU must be in (0, 100%], found \(t * 100)%", path: f.at("targetCPU"))
            }
            let lo = f.requiredValue("min", example: "2", Quantity.integer)
            let hi = f.requiredValue("max", example: "10", Quantity.integer)
            if let lo { ctx.check(lo >= 1, "min must be at least 1 (found \(lo))", path: f.at("min")) }
            if let lo, let hi {
                ctx.check(hi >= lo, "min \(lo) is greater than max \(hi)", path: f.at("max"), hint: "min ≤ max")
            }
            let d = AutoscalingSpec.TargetSpec(targetCPU: 1, min: 1, max: 1)
            let period = f.value("period", Quantity.duration) ?? d.period
            let delay = f.value("scaleDownDelay", Quantity.duration) ?? d.scaleDownDelay
            ctx.check(period > 0, "period must be positive", path: f.at("period"))
            ctx.check(delay >= 0, "scaleDownDelay must not be negative", path: f.at("scaleDownDelay"))
            guard let t, let lo, let hi else { return nil }
            return .target(
                .init(
                    targetCPU: t, min: lo, max: hi, period: period, scaleDownDelay: delay,
                    startupTime: startup))
        case (_?, _?):
            ctx.error("use either `schedule` or `targetCPU`, not both", path: f.at("targetCPU"), hint: Self.example)
            return nil
        case (nil, nil):
            ctx.error("missing `schedule` or `targetCPU`", at: f.location, path: path, hint: Self.example)
            return nil
        }
    }

    /// `{ "HH:MM": replicas, … }`, sorted by time of day.
    func schedule(_ node: DocNode, _ path: String) -> [AutoscalingSpec.Step]? {
        ctx.record(path, node)
        guard case .mapping(let entries, _) = node, !entries.isEmpty else {
            ctx.error(
                "expected a non-empty mapping of times of day to replica counts", at: node.location, path: path,
                hint: "e.g. schedule: { \"08:00\": 8, \"22:00\": 4 }")
            return nil
        }
        var steps: [AutoscalingSpec.Step] = []
        var ok = true
        for e in entries {
            let p = join(path, e.key.value)
            let time = ctx.scalar(.scalar(e.key), p, Quantity.timeOfDay)
            let n = ctx.scalar(e.value, p, Quantity.integer)
            if let time, time >= 86_400_000_000_000 {
                ctx.error("24:00 is the next day's 00:00", at: e.key.location, path: p, hint: "write \"00:00\"")
                ok = false
            }
            if let n, n < 1 {
                ctx.error("replicas must be at least 1 (found \(n))", at: e.value.location, path: p)
                ok = false
            }
            guard let time, let n else {
                ok = false
                continue
            }
            if steps.contains(where: { $0.timeOfDay == time }) {
                ctx.error("two steps at the same time of day", at: e.key.location, path: p)
                ok = false
            }
            steps.append(.init(timeOfDay: time, replicas: n))
        }
        return ok ? steps.sorted { $0.timeOfDay < $1.timeOfDay } : nil
    }
}
