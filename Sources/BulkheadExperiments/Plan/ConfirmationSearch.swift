/// The request-level confirmation of a flow-level plan (`plan --fidelity flow --confirm request`):
/// a search for the smallest passing total that starts at the flow engine's answer and walks out
/// from it, so that when the flow answer is right it costs exactly two evaluations — the answer
/// (passes) and its predecessor (fails).
///
/// From the start a: a passing a probes a − 1, a − 2, a − 4, … (down to `minimum`) until one
/// fails; a failing a probes a + 1, a + 2, a + 4, … (up to `limit`) until one passes; then it
/// bisects between the largest failing and the smallest passing total, as ``CapacitySearch``
/// does (under the same monotonicity assumption).
///
/// - Complexity: O(log |answer − a|) evaluations beyond the first two.
public struct ConfirmationSearch: FleetSizeSearch, Equatable {
    public let start: Int
    public let minimum: Int
    public let limit: Int
    /// Evaluated totals and their verdicts, in order.
    public private(set) var evaluated: [(total: Int, passed: Bool)] = []
    /// Largest total known to fail and smallest known to pass.
    private var failing: Int?
    private var passing: Int?
    /// The next step away from the start while only one side is known.
    private var step = 1

    public init(start: Int, minimum: Int, limit: Int) {
        precondition(minimum <= limit, "ConfirmationSearch: \(minimum)...\(limit)")
        self.start = min(max(start, minimum), limit)
        self.minimum = minimum
        self.limit = limit
    }

    public static func == (a: ConfirmationSearch, b: ConfirmationSearch) -> Bool {
        a.start == b.start && a.minimum == b.minimum && a.limit == b.limit
            && a.evaluated.map(\.total) == b.evaluated.map(\.total) && a.evaluated.map(\.passed) == b.evaluated.map(\.passed)
    }

    /// The next total to evaluate, or nil when the search is over.
    public var next: Int? {
        switch (failing, passing) {
        case (nil, nil): return start
        case (let f?, let p?): return f + 1 < p ? (f + 1 + p) / 2 : nil
        case (let f?, nil): return f >= limit ? nil : min(f + step, limit)
        case (nil, let p?): return p <= minimum ? nil : max(p - step, minimum)
        }
    }

    /// Records the verdict for `total` (the value ``next`` returned).
    public mutating func record(_ total: Int, passed: Bool) {
        evaluated.append((total, passed))
        let oneSided = failing == nil || passing == nil
        if passed { passing = min(passing ?? total, total) } else { failing = max(failing ?? total, total) }
        if oneSided && evaluated.count > 1 { step *= 2 }
    }

    /// The smallest passing total once the search is over (nil: nothing up to `limit` passed).
    public var answer: Int? { next == nil ? passing : nil }
}

/// A search over fleet totals that the planner advances in lock-step rounds: it proposes the next
/// total and is told its verdict (``CapacitySearch``, ``ConfirmationSearch``).
public protocol FleetSizeSearch: Sendable {
    /// The next total to evaluate, or nil when the search is over.
    var next: Int? { get }
    /// Records the verdict for `total` (the value `next` returned).
    mutating func record(_ total: Int, passed: Bool)
}
