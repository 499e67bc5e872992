/// The comparison of a guarantee: `measured OP bound`.
public enum ComparisonOperator: String, Sendable, Equatable, Hashable, CaseIterable, Codable {
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="

    /// Whether `measured OP bound` holds. Equality is exact: summary metrics that are compared
    /// with `==` are counts (integers), which doubles represent exactly.
    public func holds(_ measured: Double, _ bound: Double) -> Bool {
        switch self {
        case .equal: measured == bound
        case .notEqual: measured != bound
        case .less: measured < bound
        case .lessOrEqual: measured <= bound
        case .greater: measured > bound
        case .greaterOrEqual: measured >= bound
        }
    }

    /// Which way a metric gets worse under this guarantee: `+1` when higher is worse (`<`, `<=`),
    /// `-1` when lower is worse (`>`, `>=`), `0` when both directions are (`==`), and nil when
    /// no direction is (`!=`).
    public var worseDirection: Int? {
        switch self {
        case .less, .lessOrEqual: 1
        case .greater, .greaterOrEqual: -1
        case .equal: 0
        case .notEqual: nil
        }
    }
}
