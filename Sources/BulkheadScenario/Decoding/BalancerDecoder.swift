/// Decodes `loadBalancers[i]`: algorithm, health check, traffic shape and routes.
struct BalancerDecoder {
    let ctx: DecodeContext

    func balancer(_ node: DocNode, _ path: String) -> LoadBalancerSpec? {
        guard
            let f = ctx.fields(
                node, path,
                known: [
                    "name", "algorithm", "healthCheck", "connectTimeout", "traffic", "routes", "replicas", "failoverTime",
                ])
        else { return nil }
        let replicas = f.value("replicas", Quantity.integer) ?? 1
        ctx.check((1...2).contains(replicas), "replicas must be 1 or 2 (active + standby)", path: f.at("replicas"))
        let failover = f.value("failoverTime", Quantity.duration) ?? 10_000_000_000
        ctx.check(failover >= 0, "failoverTime must not be negative", path: f.at("failoverTime"))
        let name = f.requiredString("name", example: "front") ?? ""
        let algorithm = f.optional("algorithm").flatMap { ctx.choice($0, f.at("algorithm"), LBAlgorithm.self) }
        let connectTimeout = f.value("connectTimeout", Quantity.duration)
        if let connectTimeout { ctx.check(connectTimeout > 0, "connectTimeout must be positive", path: f.at("connectTimeout")) }
        // A balancer whose every route replays its own trace needs no traffic (nor rate) of its own.
        let allTraced = f.optional("routes").map { Self.everyRouteHasATrace($0) } ?? false
        let trafficSpec: TrafficSpec? =
            allTraced
            ? f.optional("traffic").map { self.traffic($0, f.at("traffic"), rateRequired: false) }
            : f.required("traffic", example: "{ rate: 400/s }").map { self.traffic($0, f.at("traffic")) }
        var spec = LoadBalancerSpec(
            name: name, algorithm: algorithm ?? .roundRobin,
            healthCheck: f.optional("healthCheck").map { healthCheck($0, f.at("healthCheck")) } ?? HealthCheckSpec(),
            connectTimeout: connectTimeout ?? 1_000_000_000, traffic: trafficSpec ?? TrafficSpec(rate: 1),
            routes: f.required("routes", example: "{ web: 1.0 }").map { routes($0, f.at("routes")) } ?? [])
        spec.replicas = replicas
        spec.failoverTime = failover
        return spec
    }

    /// Whether `routes` is a non-empty list whose every entry has a `trace` key (read before the
    /// routes are decoded, so that `traffic` is decoded first and its errors keep their order).
    static func everyRouteHasATrace(_ routes: DocNode) -> Bool {
        guard case .sequence(let items, _) = routes, !items.isEmpty else { return false }
        return items.allSatisfy { item in
            guard case .mapping(let entries, _) = item else { return false }
            return entries.contains { $0.key.value == "trace" }
        }
    }

    func healthCheck(_ node: DocNode, _ path: String) -> HealthCheckSpec {
        let d = HealthCheckSpec()
        guard let f = ctx.fields(node, path, known: ["interval", "unhealthyThreshold", "healthyThreshold", "timeout"])
        else { return d }
        let interval = f.value("interval", Quantity.duration) ?? d.interval
        let timeout = f.value("timeout", Quantity.duration) ?? d.timeout
        let unhealthy = f.value("unhealthyThreshold", Quantity.integer) ?? d.unhealthyThreshold
        let healthy = f.value("healthyThreshold", Quantity.integer) ?? d.healthyThreshold
        ctx.check(interval > 0, "interval must be positive", path: f.at("interval"))
        ctx.check(timeout > 0, "timeout must be positive", path: f.at("timeout"))
        ctx.check(unhealthy >= 1, "unhealthyThreshold must be at least 1", path: f.at("unhealthyThreshold"))
        ctx.check(healthy >= 1, "healthyThreshold must be at least 1", path: f.at("healthyThreshold"))
        return HealthCheckSpec(
            interval: interval, unhealthyThreshold: unhealthy, healthyThreshold: healthy,
            timeout: timeout)
    }

    /// `traffic`; with `rateRequired` false (every route has its own trace) `rate` may be left out
    /// and the daily, weekly and spikes given alone shape the routes' traces.
    func traffic(_ node: DocNode, _ path: String, rateRequired: Bool = true) -> TrafficSpec {
        guard let f = ctx.fields(node, path, known: ["rate", "trace", "daily", "weekly", "spikes"]) else {
            return TrafficSpec(rate: 1)
        }
        // A trace replaces `rate` (its `scale` sets the level); daily, weekly and spikes multiply either.
        let trace = f.optional("trace").flatMap { self.trace($0, f.at("trace")) }
        var rate = 1.0
        if f.optional("trace") != nil {
            if f.optional("rate") != nil {
                ctx.error(
                    "`rate` and `trace` cannot both be given: the trace sets the rate", path: f.at("rate"),
                    hint: "remove `rate` and scale the trace with `trace.scale` (a factor, { peak: 400/s } or { mean: 200/s })")
            }
            rate = trace?.factor ?? 1
        } else if rateRequired || f.optional("rate") != nil {
            rate = f.requiredValue("rate", example: "400/s", Quantity.rate) ?? 1
            ctx.check(rate > 0, "rate must be positive (found \(rate)/s)", path: f.at("rate"))
        }
        var weekly: [Double]?
        if let w = f.optional("weekly"), let items = ctx.list(w, f.at("weekly")) {
            if ctx.check(
                items.count == 7, "weekly needs 7 multipliers (Monday to Sunday), found \(items.count)",
                path: f.at("weekly"))
            {
                weekly = items.enumerated().map { i, item in
                    let v = ctx.scalar(item, "\(f.at("weekly"))[\(i)]", Quantity.plainNumber) ?? 1
                    ctx.check(v >= 0, "a multiplier must not be negative", path: "\(f.at("weekly"))[\(i)]")
                    return v
                }
            }
        }
        var spikes: [SpikeSpec] = []
        if let s = f.optional("spikes"), let items = ctx.list(s, f.at("spikes")) {
            spikes = items.enumerated().compactMap { spike($1, "\(f.at("spikes"))[\($0)]") }
        }
        return TrafficSpec(
            rate: rate, trace: trace, daily: f.optional("daily").flatMap { daily($0, f.at("daily")) },
            weekly: weekly, spikes: spikes)
    }

    /// `daily: { interpolation, points: { "HH:MM": multiplier, … } }` (points may also be a list of `[time, value]`).
    func daily(_ node: DocNode, _ path: String) -> DailyProfileSpec? {
        guard let f = ctx.fields(node, path, known: ["interpolation", "points"]) else { return nil }
        let interpolation =
            f.optional("interpolation").flatMap {
                ctx.choice($0, f.at("interpolation"), DailyProfileSpec.Interpolation.self)
            } ?? .linear
        guard let pointsNode = f.required("points", example: "{ \"00:00\": 0.2, \"12:00\": 1.0 }") else { return nil }
        let pp = f.at("points")
        var raw: [(time: DocNode, value: DocNode, path: String)] = []
        switch pointsNode {
        case .mapping(let entries, _):
            raw = entries.map { (.scalar($0.key), $0.value, "\(pp).\($0.key.value)") }
        case .sequence(let items, _):
            for (i, item) in items.enumerated() {
                if case .sequence(let pair, _) = item, pair.count == 2 {
                    raw.append((pair[0], pair[1], "\(pp)[\(i)]"))
                } else {
                    ctx.error("expected a [time, multiplier] pair", at: item.location, path: "\(pp)[\(i)]")
                }
            }
        case .scalar:
            ctx.error(
                "expected a mapping of times of day to multipliers, found \(pointsNode.kindName)",
                at: pointsNode.location, path: pp)
        }
        var points: [DailyPoint] = []
        for (timeNode, valueNode, p) in raw {
            let time = ctx.scalar(timeNode, p, Quantity.timeOfDay)
            let value = ctx.scalar(valueNode, p, Quantity.plainNumber)
            if let value { ctx.check(value >= 0, "a multiplier must not be negative", path: p) }
            if let time, let value {
                if points.contains(where: { $0.timeOfDay == time }) {
                    ctx.error("two points at the same time of day", path: p)
                }
                points.append(DailyPoint(timeOfDay: time, value: value))
            }
        }
        ctx.check(!raw.isEmpty, "at least one point is needed", path: pp)
        points.sort { $0.timeOfDay < $1.timeOfDay }
        return DailyProfileSpec(interpolation: interpolation, points: points)
    }

    func spike(_ node: DocNode, _ path: String) -> SpikeSpec? {
        guard let f = ctx.fields(node, path, known: ["at", "duration", "multiplier", "ramp"]) else { return nil }
        let at = f.requiredValue("at", example: "\"12:00\"", Quantity.timeOfDay) ?? 0
        let duration = f.requiredValue("duration", example: "30m", Quantity.duration) ?? 1
        let multiplier = f.requiredValue("multiplier", example: "3.5", Quantity.plainNumber) ?? 1
        let ramp = f.value("ramp", Quantity.duration) ?? 0
        ctx.check(duration > 0, "duration must be positive", path: f.at("duration"))
        ctx.check(multiplier >= 0, "multiplier must not be negative", path: f.at("multiplier"))
        ctx.check(ramp >= 0, "ramp must not be negative", path: f.at("ramp"))
        ctx.check(
            2 * ramp <= duration, "ramp up and down must fit in the spike: ramp ≤ duration / 2",
            path: f.at("ramp"))
        return SpikeSpec(at: at, duration: duration, multiplier: multiplier, ramp: ramp)
    }

    /// `routes: { service: weight, … }` or a list of `{ service, weight }` or `{ service, trace }`;
    /// weights must sum to 1, or to at most 1 when some route has its own trace (the weights are
    /// then fractions of the balancer's rate, and the traced routes add their own arrivals).
    func routes(_ node: DocNode, _ path: String) -> [RouteSpec] {
        var result: [RouteSpec] = []
        var complete = true
        switch node {
        case .mapping(let entries, _):
            ctx.record(path, node)
            for entry in entries {
                let p = join(path, entry.key.value)
                if let w = ctx.scalar(entry.value, p, Quantity.plainNumber) {
                    result.append(RouteSpec(service: entry.key.value, weight: w))
                } else {
                    complete = false
                }
            }
        default:
            guard let items = ctx.list(node, path) else { return [] }
            for (i, item) in items.enumerated() {
                guard let f = ctx.fields(item, "\(path)[\(i)]", known: ["service", "weight", "trace"]),
                    let s = f.requiredString("service")
                else {
                    complete = false
                    continue
                }
                if let t = f.optional("trace") {
                    if f.optional("weight") != nil {
                        ctx.error(
                            "a route with its own `trace` takes no `weight`: the trace sets its rate", path: f.at("weight"),
                            hint: "remove `weight`, or remove `trace` to give the route a share of the balancer's rate")
                    }
                    guard let trace = self.trace(t, f.at("trace")) else {
                        complete = false
                        continue
                    }
                    result.append(RouteSpec(service: s, weight: 0, trace: trace))
                    continue
                }
                guard let w = f.requiredValue("weight", Quantity.plainNumber) else {
                    complete = false
                    continue
                }
                result.append(RouteSpec(service: s, weight: w))
            }
        }
        let ok = ctx.check(!result.isEmpty || !complete, "at least one route is needed", path: path)
        let traced = result.contains { $0.trace != nil }
        for (i, r) in result.enumerated() where r.trace == nil && !(r.weight > 0 && r.weight <= 1) {
            ctx.error(
                "route weight must be in (0, 1], found \(r.weight)",
                path: ctx.location(of: join(path, r.service)) != nil ? join(path, r.service) : "\(path)[\(i)]")
            complete = false
        }
        let sum = result.reduce(0) { $0 + $1.weight }
        if ok, complete, traced, sum > 1 + 1e-6 {
            ctx.error(
                "route weights sum to \(sum), more than 1", path: path,
                hint:
                    "the weights are fractions of the balancer's rate (the routes with a trace have none); make them add up to at most 1"
            )
        } else if ok, complete, !traced, abs(sum - 1) > 1e-6 {
            ctx.error(
                "route weights sum to \(sum), not 1", path: path,
                hint: "make the weights add up to 1 (they are fractions of the balancer's traffic)")
        }
        return result
    }
}
