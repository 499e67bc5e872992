/// A dotted path into a run's `summary.json`, such as `services.checkout.latency.p99` or
/// `services.*.sloBadMinutes` (`*` stands for every key at that level).
public struct MetricPath: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// One step of the path.
    public enum Segment: Sendable, Equatable, Hashable, CustomStringConvertible {
        /// A literal key (`services`, `checkout`, `dead-replica`).
        case key(String)
        /// `*`: every key of the object at this level.
        case wildcard

        public var description: String {
            switch self {
            case .key(let k): k
            case .wildcard: "*"
            }
        }
    }

    public var segments: [Segment]

    public init(_ segments: [Segment]) {
        self.segments = segments
    }

    /// Whether any segment is a wildcard (the path may name several metrics).
    public var hasWildcard: Bool { segments.contains(.wildcard) }

    /// The path as written, segments joined by `.`.
    public var description: String { segments.map(\.description).joined(separator: ".") }
}
