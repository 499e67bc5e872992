import BulkheadScenario
import Foundation

extension GuaranteeComparison.Unit {
    /// `value` in this unit, as a person would write it: `412ms`, `1.25s`, `99.95%`, `3`, `0.8123`.
    public func format(_ value: Double) -> String {
        switch self {
        case .duration:
            let a = abs(value)
            if a == 0 { return "0s" }
            if a < 1e-3 { return String(format: "%.3g", value * 1e6) + "us" }
            if a < 1 { return String(format: "%.4g", value * 1e3) + "ms" }
            return String(format: "%.4g", value) + "s"
        case .percent:
            return String(format: "%.4g", value * 100) + "%"
        case .number:
            if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
            return String(format: "%.4g", value)
        }
    }
}

extension GuaranteeOutcome {
    /// What was measured, one part per comparison: `services.checkout.latency.p99 = 123ms`, or for
    /// a wildcard the worst value with how many metrics it covered: `services.cart.sloBadMinutes = 2
    /// (worst of 23)`. Problems replace the value.
    public var measuredText: String {
        spec.comparisons.indices.map { c -> String in
            let comparison = spec.comparisons[c]
            let ms = measurements.filter { $0.comparison == c }
            guard let m = representative(of: c) else { return "\(comparison.path): no value" }
            var text = "\(m.path) = \(comparison.unit.format(m.value))"
            if comparison.path.hasWildcard {
                let bad = ms.filter { !$0.holds }.count
                text += bad > 0 ? " (\(bad) of \(ms.count) violate)" : " (worst of \(ms.count))"
            }
            return text
        }.joined(separator: "; ")
    }

    /// One line for a failure: problems, else each violation with its bound:
    /// `services.checkout.latency.p99 = 412ms, expected <= 300ms`.
    public var failureText: String? {
        if passed { return nil }
        if !problems.isEmpty { return problems.joined(separator: "; ") }
        return violations.map { v in
            let c = spec.comparisons[v.comparison]
            return "\(v.path) = \(c.unit.format(v.value)), expected \(c.op.rawValue) \(c.boundText)"
        }.joined(separator: "; ")
    }
}

extension BaselineFinding {
    /// `services.checkout.latency.p99: 123ms → 140ms (+13.8%)`.
    public var text: String {
        guard let b = baseline else { return "\(path): \(unit.format(current)) (not in the baseline)" }
        var s = "\(path): \(unit.format(b)) → \(unit.format(current))"
        if let r = relativeChange { s += String(format: " (%+.1f%%)", r * 100) }
        return s
    }
}
