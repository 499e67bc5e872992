/// One service: everything it received (external requests and downstream calls).
///
/// One row of `services.csv` (``csv``) and one entry of `summary.json` → `services`, keyed by
/// ``name`` (which the entry itself leaves out); optionals are written as `null` there.
public struct ServiceResult: KeyedEntry {
    public var name: String = ""
    public var tenant: String
    public var requests: Int
    public var succeeded: Int
    public var failed: Int
    public var externalRequests: Int
    public var internalRequests: Int
    public var failuresByCause: FailureCounts
    public var inFlightAtEnd: Int
    /// Nil when the service had no successful request after warm-up.
    @Nullable public var latency: LatencySummary?
    @Nullable public var sloLatencyP99: Double?
    @Nullable public var sloAvailability: Double?
    /// Minutes whose p99 exceeded `sloLatencyP99` or whose success ratio fell below `sloAvailability`.
    public var sloBadMinutes: Int
    /// failures / (requests × (1 − sloAvailability)); nil without an availability target or when
    /// the target is 1 (no budget). 0 when there were no requests.
    @Nullable public var errorBudgetUsed: Double?
    /// Containers of this service killed after warm-up.
    public var kills: Int
    public var replicas: Int
    /// CFS bandwidth statistics under `quota` for a service with a CPU limit, else nil.
    @Nullable public var cpuThrottling: ThrottlingResult?

    public init(
        name: String, tenant: String, requests: Int, succeeded: Int, failed: Int, externalRequests: Int,
        internalRequests: Int, failuresByCause: FailureCounts, inFlightAtEnd: Int, latency: LatencySummary?,
        sloLatencyP99: Double?, sloAvailability: Double?, sloBadMinutes: Int, errorBudgetUsed: Double?,
        kills: Int, replicas: Int, cpuThrottling: ThrottlingResult? = nil
    ) {
        self.name = name
        self.tenant = tenant
        self.requests = requests
        self.succeeded = succeeded
        self.failed = failed
        self.externalRequests = externalRequests
        self.internalRequests = internalRequests
        self.failuresByCause = failuresByCause
        self.inFlightAtEnd = inFlightAtEnd
        self.latency = latency
        self.sloLatencyP99 = sloLatencyP99
        self.sloAvailability = sloAvailability
        self.sloBadMinutes = sloBadMinutes
        self.errorBudgetUsed = errorBudgetUsed
        self.kills = kills
        self.replicas = replicas
        self.cpuThrottling = cpuThrottling
    }

    public static var keyPath: WritableKeyPath<Self, String> { \.name }

    enum CodingKeys: String, CodingKey {
        case tenant, requests, succeeded, failed, externalRequests, internalRequests, failuresByCause
        case inFlightAtEnd, latency, sloLatencyP99, sloAvailability, sloBadMinutes, errorBudgetUsed, kills, replicas
        case cpuThrottling
    }
}

/// One tenant: the aggregate of its services (latency from their merged histograms).
///
/// One entry of `summary.json` → `tenants`, keyed by ``name``.
public struct TenantResult: KeyedEntry {
    public var name: String = ""
    /// Its services, in configuration order.
    public var services: [String]
    public var requests: Int
    public var succeeded: Int
    public var failed: Int
    public var externalRequests: Int
    public var failuresByCause: FailureCounts
    @Nullable public var latency: LatencySummary?
    public var sloBadMinutes: Int
    /// Σ failures / Σ requests × (1 − availability) over its services that have an availability
    /// target below 1; nil when none has.
    @Nullable public var errorBudgetUsed: Double?
    public var kills: Int

    public init(
        name: String, services: [String], requests: Int, succeeded: Int, failed: Int, externalRequests: Int,
        failuresByCause: FailureCounts, latency: LatencySummary?, sloBadMinutes: Int, errorBudgetUsed: Double?,
        kills: Int
    ) {
        self.name = name
        self.services = services
        self.requests = requests
        self.succeeded = succeeded
        self.failed = failed
        self.externalRequests = externalRequests
        self.failuresByCause = failuresByCause
        self.latency = latency
        self.sloBadMinutes = sloBadMinutes
        self.errorBudgetUsed = errorBudgetUsed
        self.kills = kills
    }

    public static var keyPath: WritableKeyPath<Self, String> { \.name }

    enum CodingKeys: String, CodingKey {
        case services, requests, succeeded, failed, externalRequests, failuresByCause, latency, sloBadMinutes
        case errorBudgetUsed, kills
    }
}
