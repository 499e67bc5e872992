import BulkheadMetrics
import BulkheadResults

/// The shape of `compare.json`: the setup, then one entry per metric (catalog order) with each
/// policy's mean and confidence interval, its paired difference to the baseline and the winner.
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
struct ComparisonDocument: Encodable {
    var scenario: String
    var seed: UInt64
    var replications: Int
    var confidence: Double
    var baseline: String
    var policies: [String]
    var metrics: [Metric]

    init(_ c: PolicyComparison) {
        scenario = c.scenario
        seed = c.seed
        replications = c.replications
        confidence = c.confidence
        baseline = c.baseline
        policies = c.policies
        metrics = c.metrics.map { m in
            Metric(
                name: m.name, better: m.better.rawValue, winner: m.winner,
                policies: Dictionary(
                    uniqueKeysWithValues: m.policies.map { p in
                        (
                            p.policy,
                            PolicyEntry(
                                estimate: Interval(p.estimate),
                                differenceToBaseline: p.differenceToBaseline.map(Interval.init))
                        )
                    }))
        }
    }

    struct Metric: Encodable {
        var name: String
        var better: String
        var winner: String?
        var policies: [String: PolicyEntry]

        enum CodingKeys: String, CodingKey { case name, better, winner, policies }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(better, forKey: .better)
            try c.encode(winner, forKey: .winner)  // null = no significant difference
            try c.encode(policies, forKey: .policies)
        }
    }

    struct PolicyEntry: Encodable {
        var estimate: Interval
        var differenceToBaseline: Interval?

        enum CodingKeys: String, CodingKey { case differenceToBaseline }
        func encode(to encoder: any Encoder) throws {
            try estimate.encode(to: encoder)
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(differenceToBaseline, forKey: .differenceToBaseline)
        }
    }

    /// An ``Estimate`` as `mean`, `ci` [lower, upper], `halfWidth`, `n`.
    struct Interval: Encodable {
        var estimate: Estimate
        init(_ e: Estimate) { estimate = e }

        enum CodingKeys: String, CodingKey { case mean, ci, halfWidth, n }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(finite(estimate.mean), forKey: .mean)
            try c.encode([finite(estimate.lower), finite(estimate.upper)], forKey: .ci)
            try c.encode(finite(estimate.halfWidth), forKey: .halfWidth)
            try c.encode(estimate.count, forKey: .n)
        }
        private func finite(_ x: Double) -> Double? { x.isFinite ? x : nil }
    }
}
