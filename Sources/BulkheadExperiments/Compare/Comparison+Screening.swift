import BulkheadResults

extension Comparison {
    /// One policy's place in a flow-level screening.
    public struct ScreenedPolicy: Sendable, Equatable {
        public var policy: String
        /// The screening metric's mean over replications (nil when it was undefined in every run).
        public var mean: Double?
        /// Whether it goes on to the request-level comparison.
        public var selected: Bool
    }

    /// Coarse to fine (`compare --fidelity flow --screen-top K`): ranks the policies of a
    /// flow-level comparison by `metric`'s mean in its better direction and selects the best `top`.
    /// Ties keep the order given; policies without a value rank last.
    /// - Returns: every policy in rank order, or nil when `metric` is not one `compare` reports
    ///   for this scenario.
    /// - Complexity: O(policies · log policies).
    public static func screen(_ flow: PolicyComparison, by metric: String, top: Int) -> [ScreenedPolicy]? {
        guard let m = flow.metrics.first(where: { $0.name == metric }) else { return nil }
        let means = Dictionary(uniqueKeysWithValues: m.policies.map { ($0.policy, $0.estimate.mean) })
        let sign = m.better == .lower ? 1.0 : -1.0
        let ranked = flow.policies.enumerated().sorted { a, b in
            switch (means[a.element], means[b.element]) {
            case let (x?, y?): return sign * x != sign * y ? sign * x < sign * y : a.offset < b.offset
            case (_?, nil): return true
            case (nil, _?): return false
            case (nil, nil): return a.offset < b.offset
            }
        }
        return ranked.enumerated().map { rank, p in
            ScreenedPolicy(policy: p.element, mean: means[p.element], selected: rank < top)
        }
    }
}
