import BulkheadScenario

/// Compares the metrics named by guarantees with a stored baseline `summary.json`.
///
/// Every numeric metric a guarantee names (after wildcard expansion) is compared with the
/// baseline's value at the same path. It regressed when it moved in the direction the
/// guarantee's operator calls bad by more than `tolerance × |baseline|`: higher for `<`/`<=`,
/// lower for `>`/`>=`, either way for `==`; `!=` names no direction and is not compared. With a
/// baseline of 0 any move in the bad direction is a regression.
public enum BaselineComparison {
    /// - Parameters:
    ///   - tolerance: allowed relative move in the bad direction (0.05 = 5 %).
    /// - Returns: one finding per (metric, direction), in guarantee order then path order.
    /// - Complexity: O(g · m) for g guarantees that name m metrics in all.
    public static func compare(
        _ guarantees: [GuaranteeSpec], current: MetricTree, baseline: MetricTree,
        tolerance: Double
    ) -> [BaselineFinding] {
        var seen = Set<String>()
        var findings: [BaselineFinding] = []
        for spec in guarantees {
            for comparison in spec.comparisons {
                guard let direction = comparison.op.worseDirection else { continue }
                for m in current.resolve(comparison.path).metrics
                where seen.insert("\(m.path)|\(direction)").inserted {
                    let concrete = MetricPath(m.path.split(separator: ".").map { .key(String($0)) })
                    let b = baseline.resolve(concrete).metrics.first?.value
                    var regressed = false
                    if let b {
                        let allowance = tolerance * abs(b)
                        switch direction {
                        case 1: regressed = m.value > b + allowance
                        case -1: regressed = m.value < b - allowance
                        default: regressed = abs(m.value - b) > allowance
                        }
                    }
                    findings.append(
                        BaselineFinding(
                            path: m.path, op: comparison.op, unit: comparison.unit,
                            baseline: b, current: m.value, regressed: regressed))
                }
            }
        }
        return findings
    }

    /// The run settings a baseline must share with the current run to be comparable (scenario
    /// name, seed, policy, duration, warm-up); one message per difference, empty when comparable.
    public static func mismatches(current: MetricTree, baseline: MetricTree) -> [String] {
        ["scenario", "seed", "policy", "durationSeconds", "warmupSeconds"].compactMap { key in
            let path = MetricPath([.key(key)])
            let a = current.resolve(path)
            let b = baseline.resolve(path)
            let av = a.metrics.first.map { "\($0.value)" } ?? text(current, key)
            let bv = b.metrics.first.map { "\($0.value)" } ?? text(baseline, key)
            return av == bv ? nil : "\(key) is \(bv ?? "missing") in the baseline but \(av ?? "missing") in this run"
        }
    }

    private static func text(_ tree: MetricTree, _ key: String) -> String? {
        if case .object(let d) = tree, case .string(let s)? = d[key] { return s }
        return nil
    }
}
