import BulkheadScenario

/// Evaluates parsed guarantees against a run's summary tree.
public enum GuaranteeEvaluator {
    /// Evaluates guarantee number `index` (`spec`) on `summary` (replication `replication`).
    ///
    /// A concrete path must resolve to a number; a wildcard path checks every number it reaches
    /// and skips `null`s, but must reach at least one number.
    ///
    /// - Complexity: O(size of the subtrees the guarantee's paths cover).
    public static func evaluate(
        _ spec: GuaranteeSpec, index: Int = 0, replication: Int = 0,
        on summary: MetricTree
    ) -> GuaranteeOutcome {
        var outcome = GuaranteeOutcome(
            guarantee: index, spec: spec, replication: replication, measurements: [],
            problems: [], skipped: [])
        for (c, comparison) in spec.comparisons.enumerated() {
            let r = summary.resolve(comparison.path)
            outcome.problems += r.problems
            if !comparison.path.hasWildcard || r.metrics.isEmpty {
                for n in r.nulls {
                    outcome.problems.append(
                        "\(n) has no value in this run (null)"
                            + (n.hasSuffix("latency") ? " — the service had no successful request after warm-up" : ""))
                }
            } else {
                outcome.skipped += r.nulls
            }
            for m in r.metrics {
                outcome.measurements.append(
                    .init(
                        comparison: c, path: m.path, value: m.value,
                        holds: comparison.op.holds(m.value, comparison.bound)))
            }
        }
        return outcome
    }

    /// Every guarantee of `guarantees` on one replication's summary, in order.
    public static func evaluate(_ guarantees: [GuaranteeSpec], replication: Int, on summary: MetricTree)
        -> [GuaranteeOutcome]
    {
        guarantees.enumerated().map { evaluate($1, index: $0, replication: replication, on: summary) }
    }
}
