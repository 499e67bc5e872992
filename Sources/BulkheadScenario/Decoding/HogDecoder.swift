/// Decodes `hogs: [ { kind: cpu-spin | thread-storm | memory-leak | retry-storm | batch | workflow,
/// service, … } ]` and `interference: { <service>: <sensitivity> }`.
struct HogDecoder {
    let ctx: DecodeContext

    static let keys = [
        "kind", "service", "replica", "at", "day", "duration", "every", "threads", "rate", "factor",
        "tasks", "taskWork", "name", "deadline",
    ]
    /// Kinds named by the issue but not built yet: rejected with "not supported yet".
    static let plannedKinds: [String] = []

    func hogs(_ node: DocNode, _ path: String) -> [HogSpec] {
        guard let items = ctx.list(node, path) else { return [] }
        let hogs = items.enumerated().compactMap { hog($1, "\(path)[\($0)]") }
        var seen = Set<String>()
        for (i, h) in hogs.enumerated() {
            guard let w = h.workflow, !seen.insert(w.name).inserted else { continue }
            ctx.error(
                "duplicate workflow name `\(w.name)`", path: "\(path)[\(i)].name",
                hint: "workflow names must be unique (they name the outputs)")
        }
        return hogs
    }

    func hog(_ node: DocNode, _ path: String) -> HogSpec? {
        guard let f = ctx.fields(node, path, known: Self.keys) else { return nil }
        guard let kindNode = f.required("kind", example: "cpu-spin") else { return nil }
        if case .scalar(let s) = kindNode, Self.plannedKinds.contains(s.value) {
            ctx.error(
                "hog kind `\(s.value)` is not supported yet by this version", at: s.location, path: f.at("kind"),
                hint: "use one of \(HogSpec.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        guard let kind = ctx.choice(kindNode, f.at("kind"), HogSpec.Kind.self) else { return nil }
        let service = f.requiredString("service", example: "search") ?? ""
        let replica = f.optional("replica").flatMap { ctx.choice($0, f.at("replica"), HogSpec.Replica.self) } ?? .one
        if kind == .retryStorm, f.optional("replica") != nil {
            ctx.error(
                "`replica` does not apply to a retry-storm (it multiplies the whole service's traffic)",
                path: f.at("replica"), hint: "remove `replica`")
        }
        let runsTasks = kind == .batch || kind == .workflow
        if runsTasks, f.optional("replica") != nil {
            ctx.error(
                "`replica` does not apply to a \(kind.rawValue) hog (every container of the service is a task slot)",
                path: f.at("replica"), hint: "remove `replica`")
        }
        if runsTasks, f.optional("duration") != nil {
            ctx.error(
                "`duration` does not apply to a \(kind.rawValue) hog (a run lasts until its last task is done)",
                path: f.at("duration"),
                hint: kind == .batch
                    ? "remove `duration`; size the job with `tasks` and `taskWork`"
                    : "remove `duration`; to flag slow runs, give a `deadline`")
        }
        let tasks = kind == .batch ? f.value("tasks", Quantity.integer) : nil
        let workflow = kind == .workflow ? WorkflowDecoder(ctx: ctx).workflow(f) : nil
        var taskWork: DistributionSpec?
        if kind == .batch {
            if ctx.check(
                tasks != nil, "a batch hog needs `tasks` (tasks per job)", path: f.at("tasks"),
                hint: "e.g. tasks: 24"), let tasks
            {
                ctx.check(tasks >= 1 && tasks < 1 << 20, "tasks must be between 1 and 1048575", path: f.at("tasks"))
            }
            if let node = f.optional("taskWork") {
                taskWork = DistributionDecoder(ctx: ctx).distribution(node, f.at("taskWork"))
            } else {
                ctx.error(
                    "a batch hog needs `taskWork` (CPU-seconds per task, a distribution)", path: f.at("taskWork"),
                    hint: "e.g. taskWork: { uniform: { min: 5m, max: 15m } }")
            }
        }
        let threads = f.value("threads", Quantity.integer)
        if runsTasks, let threads {
            ctx.check(threads >= 1, "threads (tasks at once per container) must be at least 1", path: f.at("threads"))
        }
        let rate = f.value("rate", Self.memoryRate)
        let factor = f.value("factor", Quantity.plainNumber)
        let needsDuration = kind != .memoryLeak && !runsTasks
        switch kind {
        case .cpuSpin, .threadStorm:
            if ctx.check(
                threads != nil, "a \(kind.rawValue) needs `threads` (busy threads)", path: f.at("threads"),
                hint: "e.g. threads: \(kind == .cpuSpin ? 4 : 200)"), let threads
            {
                ctx.check(threads >= 1, "threads must be at least 1", path: f.at("threads"))
            }
        case .memoryLeak:
            if ctx.check(
                rate != nil, "a memory-leak needs `rate` (memory per time)", path: f.at("rate"),
                hint: "e.g. rate: 50Mi/min"), let rate
            {
                ctx.check(rate > 0, "rate must be positive", path: f.at("rate"))
            }
        case .batch, .workflow:
            break
        case .retryStorm:
            if ctx.check(
                factor != nil, "a retry-storm needs `factor` (arrival-rate multiplier)", path: f.at("factor"),
                hint: "e.g. factor: 3"), let factor
            {
                ctx.check(factor > 1 && factor.isFinite, "factor must be greater than 1", path: f.at("factor"))
            }
        }
        for (key, applies) in [
            ("threads", kind == .cpuSpin || kind == .threadStorm || runsTasks),
            ("rate", kind == .memoryLeak), ("factor", kind == .retryStorm),
            ("tasks", runsTasks), ("taskWork", kind == .batch), ("name", kind == .workflow),
            ("deadline", kind == .workflow),
        ] where !applies && f.optional(key) != nil {
            ctx.error("`\(key)` does not apply to a \(kind.rawValue)", path: f.at(key), hint: "remove `\(key)`")
        }
        let timing: HogSpec.Timing
        if let everyNode = f.optional("every") {
            if f.optional("at") != nil {
                ctx.error("`at` and `every` are mutually exclusive (scheduled or random)", path: f.at("at"))
            }
            let dist = DistributionDecoder(ctx: ctx)
            let every = dist.distribution(everyNode, f.at("every"))
            let duration = f.optional("duration").flatMap { dist.distribution($0, f.at("duration")) }
            if needsDuration {
                ctx.check(
                    f.optional("duration") != nil, "a random \(kind.rawValue) needs `duration` (a distribution)",
                    path: f.at("duration"), hint: "e.g. duration: { exponential: { mean: 10m } }")
            }
            timing = .random(every: every ?? .constant(0), duration: duration)
        } else {
            let at = f.requiredValue("at", example: "\"12:00\"", Quantity.timeOfDay)
            let day = f.value("day", Quantity.integer) ?? 0
            ctx.check(day >= 0, "day must not be negative", path: f.at("day"))
            let duration = f.value("duration", Quantity.duration)
            if let duration {
                ctx.check(duration > 0, "duration must be positive", path: f.at("duration"))
            } else if needsDuration {
                ctx.error(
                    "a scheduled \(kind.rawValue) needs `duration`", path: f.at("duration"),
                    hint: "e.g. duration: 10m")
            }
            timing = .scheduled(at: at ?? 0, day: day, duration: duration)
        }
        var spec = HogSpec(
            kind: kind, service: service, replica: replica, timing: timing, threads: threads,
            rate: rate, factor: factor)
        spec.tasks = tasks
        spec.taskWork = taskWork
        spec.workflow = workflow
        return spec
    }

    /// `50Mi/min`, `1Gi/h`, `100M/s` → bytes per second.
    static func memoryRate(_ text: String) throws(QuantityError) -> Double {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let per = Quantity.rateUnits[parts[1].trimmingSpaces],
            let bytes = try? Quantity.memory(String(parts[0]))
        else {
            throw QuantityError(message: "\(text.debugQuoted) is not a memory rate (examples: 50Mi/min, 1Gi/h)")
        }
        return bytes / per
    }

    /// `interference: { <service>: <sensitivity ≥ 0> }` in file order.
    func interference(_ node: DocNode, _ path: String) -> [InterferenceSpec] {
        ctx.record(path, node)
        guard case .mapping(let entries, _) = node else {
            ctx.error(
                "expected a mapping of service names to sensitivities, found \(node.kindName)",
                at: node.location, path: path, hint: "e.g. interference: { search: 0.5 }")
            return []
        }
        var seen = Set<String>()
        return entries.compactMap { entry in
            let name = entry.key.value
            let p = join(path, name)
            if !seen.insert(name).inserted { ctx.error("duplicate service `\(name)`", at: entry.key.location, path: p) }
            guard let v = ctx.scalar(entry.value, p, Quantity.plainNumber) else { return nil }
            guard ctx.check(v >= 0 && v.isFinite, "sensitivity must be a number ≥ 0", path: p) else { return nil }
            return InterferenceSpec(service: name, sensitivity: v)
        }
    }
}

/// Sensitivity of one service to co-located work (`interference:`): its requests run
/// 1 + sensitivity × (busy cores of other containers on its machine / machine cores) times slower.
public struct InterferenceSpec: Sendable, Equatable, Codable {
    public var service: String
    public var sensitivity: Double
    public init(service: String, sensitivity: Double) {
        self.service = service
        self.sensitivity = sensitivity
    }
}
