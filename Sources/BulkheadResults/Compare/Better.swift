/// Which way a metric improves.
public enum Better: String, Sendable, Hashable, Codable {
    /// Smaller values are better (latency, failures, machines used).
    case lower
    /// Larger values are better (allocation, mean utilisation).
    case higher

    /// Whether `a` is strictly better than `b`.
    public func prefers(_ a: Double, over b: Double) -> Bool {
        switch self {
        case .lower: a < b
        case .higher: a > b
        }
    }
}
