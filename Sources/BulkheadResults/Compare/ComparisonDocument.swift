/// `compare.json`: the setup, then one entry per metric (catalog order) with each policy's mean
/// and confidence interval, its paired difference to the baseline and the winner.
///
/// ```json
/// { "scenario": "gilt-japan", "seed": 42, "replications": 10, "confidence": 0.95,
///   "baseline": "binpack", "policies": ["binpack", "spread"],
///   "metrics": [ { "name": "machines.used", "better": "lower", "winner": "binpack",
///                  "policies": { "binpack": { "mean": 4, "ci": [4, 4], "halfWidth": 0, "n": 10,
///                                             "differenceToBaseline": null },
///                                "spread": { …, "differenceToBaseline": { "mean": 2, "ci": [2, 2], … } } } } ] }
/// ```
/// Non-finite numbers (the half-width with fewer than two replications) are written as `null`.
public struct ComparisonDocument: JSONDocument, Hashable {
    public static let fileName = "compare.json"

    public var scenario: String
    public var seed: UInt64
    public var replications: Int
    public var confidence: Double
    public var baseline: String
    public var policies: [String]
    public var metrics: [Metric]

    /// One metric across policies.
    public struct Metric: Codable, Sendable, Hashable {
        public var name: String
        public var better: Better
        /// `null`: no significant difference.
        @Nullable public var winner: String?
        public var policies: [String: PolicyEntry]
        public init(name: String, better: Better, winner: String?, policies: [String: PolicyEntry]) {
            self.name = name
            self.better = better
            self.winner = winner
            self.policies = policies
        }
    }

    /// One policy's estimate of a metric: the interval's keys, plus the paired difference to the
    /// baseline (`null` for the baseline itself).
    public struct PolicyEntry: Codable, Sendable, Hashable {
        public var estimate: Interval
        public var differenceToBaseline: Interval?
        public init(estimate: Interval, differenceToBaseline: Interval?) {
            self.estimate = estimate
            self.differenceToBaseline = differenceToBaseline
        }

        enum CodingKeys: String, CodingKey { case differenceToBaseline }

        public init(from decoder: any Decoder) throws {
            estimate = try Interval(from: decoder)
            differenceToBaseline = try decoder.container(keyedBy: CodingKeys.self)
                .decode(Nullable<Interval>.self, forKey: .differenceToBaseline).wrappedValue
        }

        public func encode(to encoder: any Encoder) throws {
            try estimate.encode(to: encoder)
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(Nullable(wrappedValue: differenceToBaseline), forKey: .differenceToBaseline)
        }
    }

    /// An ``Estimate`` as `mean`, `ci` [lower, upper], `halfWidth`, `n`; non-finite numbers are nil.
    public struct Interval: Codable, Sendable, Hashable {
        @Nullable public var mean: Double?
        public var ci: [Double?]
        @Nullable public var halfWidth: Double?
        public var n: Int

        public init(_ e: Estimate) {
            func finite(_ x: Double) -> Double? { x.isFinite ? x : nil }
            mean = finite(e.mean)
            ci = [finite(e.lower), finite(e.upper)]
            halfWidth = finite(e.halfWidth)
            n = e.count
        }

        public var lower: Double? { ci.count == 2 ? ci[0] : nil }
        public var upper: Double? { ci.count == 2 ? ci[1] : nil }
    }

    /// The document of `c`.
    /// - Complexity: O(metrics · policies).
    public init(_ c: PolicyComparison) {
        scenario = c.scenario
        seed = c.seed
        replications = c.replications
        confidence = c.confidence
        baseline = c.baseline
        policies = c.policies
        metrics = c.metrics.map { m in
            Metric(
                name: m.name, better: m.better, winner: m.winner,
                policies: Dictionary(
                    uniqueKeysWithValues: m.policies.map { p in
                        (
                            p.policy,
                            PolicyEntry(
                                estimate: Interval(p.estimate), differenceToBaseline: p.differenceToBaseline.map(Interval.init))
                        )
                    }))
        }
    }
}
