/// Counts of requests by how they ended (`summary.json` → `requests`, `internalRequests`).
public struct RequestTotals: Codable, Sendable, Hashable {
    public var total: Int
    public var succeeded: Int
    public var failed: Int
    public init(total: Int, succeeded: Int, failed: Int) {
        self.total = total
        self.succeeded = succeeded
        self.failed = failed
    }
}

/// Latency of successful requests, in seconds. Values come from an HdrHistogram with three
/// significant digits (relative error ≤ 0.1 %), except `mean`, which is exact.
public struct LatencySummary: Codable, Sendable, Hashable {
    /// Number of successful requests measured.
    public var count: Int
    public var mean: Double
    public var p50: Double
    public var p90: Double
    public var p99: Double
    public var p999: Double
    public var max: Double
    public init(count: Int, mean: Double, p50: Double, p90: Double, p99: Double, p999: Double, max: Double) {
        self.count = count
        self.mean = mean
        self.p50 = p50
        self.p90 = p90
        self.p99 = p99
        self.p999 = p999
        self.max = max
    }
}
