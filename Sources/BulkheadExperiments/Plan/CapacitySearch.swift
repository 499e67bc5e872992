/// The search over fleet sizes for one policy, as a state machine so that several policies can
/// be searched in lock-step (their simulations share the work pool).
///
/// Assumption: **monotonicity** — if a total of n machines meets the requirements (in every
/// replication, with common random numbers), so does n + 1. Under it the smallest passing total
/// is found by (1) probing the scenario's own total, doubling while it fails, up to `limit`, then
/// (2) bisecting between the largest failing and the smallest passing total. The answer's
/// predecessor has then been evaluated and failed (unless the answer is `minimum`), which is the
/// final verification. Placement can break monotonicity (one more machine can change where a
/// greedy policy puts things); the answer and its predecessor are always simulated, but totals
/// the bisection skipped are not.
///
/// - Complexity: O(log(answer)) evaluations.
public struct CapacitySearch: FleetSizeSearch, Equatable {
    public let minimum: Int
    public let limit: Int
    /// Evaluated totals and their verdicts, in order.
    public private(set) var evaluated: [(total: Int, passed: Bool)] = []
    /// Largest total known to fail (minimum − 1 if none).
    private var failing: Int
    /// Smallest total known to pass.
    private var passing: Int?
    private var probe: Int

    /// - Parameters:
    ///   - start: the first total to try (the scenario's own), clamped to `minimum...limit`.
    ///   - minimum: the smallest total allowed (each varied field at least 1).
    ///   - limit: the largest total tried before giving up.
    public init(start: Int, minimum: Int, limit: Int) {
        precondition(minimum >= 0 && limit >= minimum, "CapacitySearch: \(minimum)...\(limit)")
        self.minimum = minimum
        self.limit = limit
        self.failing = minimum - 1
        self.probe = min(max(start, minimum), limit)
    }

    public static func == (a: CapacitySearch, b: CapacitySearch) -> Bool {
        a.minimum == b.minimum && a.limit == b.limit && a.failing == b.failing && a.passing == b.passing
            && a.evaluated.map(\.total) == b.evaluated.map(\.total)
    }

    /// The next total to evaluate, or nil when the search is over.
    public var next: Int? {
        if let passing {
            guard failing + 1 < passing else { return nil }
            return (failing + 1 + passing) / 2  // in (failing, passing)
        }
        return failing >= limit ? nil : probe
    }

    /// Records the verdict for `total` (the value ``next`` returned).
    public mutating func record(_ total: Int, passed: Bool) {
        evaluated.append((total, passed))
        if passed {
            passing = min(passing ?? total, total)
        } else {
            failing = max(failing, total)
            if passing == nil { probe = min(max(total * 2, total + 1), limit) }
        }
    }

    /// The smallest passing total once the search is over (nil: nothing up to `limit` passed).
    public var answer: Int? { next == nil ? passing : nil }

    /// Totals evaluated so far.
    public var count: Int { evaluated.count }

    /// `total` split over `fields` varied counts: as evenly as possible, the remainder to the first.
    /// - Complexity: O(fields).
    public static func distribute(_ total: Int, over fields: Int) -> [Int] {
        precondition(fields >= 1, "at least one varied field")
        return (0..<fields).map { total / fields + ($0 < total % fields ? 1 : 0) }
    }
}
