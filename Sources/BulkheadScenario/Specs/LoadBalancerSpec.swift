/// A load balancer: the entry point of external traffic.
public struct LoadBalancerSpec: Sendable, Equatable, Codable {
    public var name: String
    public var algorithm: LBAlgorithm
    public var healthCheck: HealthCheckSpec
    /// Nanoseconds to wait for a connection to a backend (default 1s).
    public var connectTimeout: Int64
    public var traffic: TrafficSpec
    /// Where requests go, in file order; weights sum to 1.
    public var routes: [RouteSpec]
    /// Instances: 1 (default) or 2 (active + standby).
    public var replicas: Int = 1
    /// With a standby: nanoseconds until it takes over after the active instance fails (default 10 s).
    public var failoverTime: Int64 = 10_000_000_000

    public init(
        name: String, algorithm: LBAlgorithm = .roundRobin, healthCheck: HealthCheckSpec = HealthCheckSpec(),
        connectTimeout: Int64 = 1_000_000_000, traffic: TrafficSpec, routes: [RouteSpec]
    ) {
        self.name = name
        self.algorithm = algorithm
        self.healthCheck = healthCheck
        self.connectTimeout = connectTimeout
        self.traffic = traffic
        self.routes = routes
    }
}

/// Backend selection algorithm of a load balancer.
public enum LBAlgorithm: String, Sendable, Equatable, Codable, CaseIterable {
    case roundRobin = "round-robin"
    case random
    case leastConnections = "least-connections"
    case powerOfTwo = "power-of-two"
}

/// Active health checking of backends.
public struct HealthCheckSpec: Sendable, Equatable, Codable {
    /// Nanoseconds between checks (default 5s).
    public var interval: Int64
    /// Consecutive failures before a backend is taken out (default 3).
    public var unhealthyThreshold: Int
    /// Consecutive successes before it is put back (default 2).
    public var healthyThreshold: Int
    /// Nanoseconds a check may take (default 1s).
    public var timeout: Int64

    public init(
        interval: Int64 = 5_000_000_000, unhealthyThreshold: Int = 3, healthyThreshold: Int = 2,
        timeout: Int64 = 1_000_000_000
    ) {
        self.interval = interval
        self.unhealthyThreshold = unhealthyThreshold
        self.healthyThreshold = healthyThreshold
        self.timeout = timeout
    }
}

/// One route of a balancer: a share of its traffic sent to a service, or a trace of its own.
public struct RouteSpec: Sendable, Equatable, Codable {
    public var service: String
    /// Fraction of the balancer's `rate` (0...1); 0 for a route with its own `trace`.
    public var weight: Double
    /// The route's own replayed rate (`routes[i].trace`): its arrivals follow this trace (times
    /// the balancer's daily, weekly and spikes) instead of the balancer's rate × weight.
    public var trace: TraceSpec?

    public init(service: String, weight: Double, trace: TraceSpec? = nil) {
        self.service = service
        self.weight = weight
        self.trace = trace
    }
}
