import BulkheadResults
import Foundation

/// The terminal view of a comparison: one table of per-policy means (± CI half-width) in which
/// the winner of each metric is starred and named — or "no significant difference" — and one
/// table of paired differences to the baseline, each labelled better / worse when its interval
/// excludes zero.
public enum CompareTable {
    public static func render(_ c: PolicyComparison) -> String {
        let level = SummaryTable.fixed(c.confidence * 100, 0)
        var out =
            "\(c.scenario)  seed=\(c.seed)  \(c.policies.count) policies × \(c.replications) replications"
            + " (common random numbers)  mean ± \(level) % CI half-width\n\n"

        var means = SummaryTable.Table(
            header: ["metric", "better"] + c.policies + ["winner"],
            rightAligned: [false, false] + c.policies.map { _ in true } + [false])
        for m in c.metrics {
            means.add(
                [m.name, m.better.rawValue]
                    + m.policies.map { p in interval(p.estimate) + (p.policy == m.winner ? " *" : "  ") }
                    + [m.winner ?? "no significant difference"])
        }
        out += means.render()
        out += "* = significantly best: its paired-difference \(level) % CI against every other policy excludes 0\n"

        let others = c.policies.filter { $0 != c.baseline }
        guard !others.isEmpty else { return out }
        out += "\npaired difference to baseline \(c.baseline) (policy − \(c.baseline), by replication)\n\n"
        var diffs = SummaryTable.Table(header: ["metric"] + others, rightAligned: [false] + others.map { _ in true })
        for m in c.metrics {
            diffs.add(
                [m.name]
                    + m.policies.filter { $0.policy != c.baseline }.map { p in
                        guard let d = p.differenceToBaseline else { return "-" }
                        let verdict = d.favours(m.better) ? " better" : d.excludesZero ? " worse " : "       "
                        return interval(d, signed: true) + verdict
                    })
        }
        out += diffs.render()
        return out
    }

    /// `mean ± half-width`, `-` for an undefined mean; `± n/a` with fewer than two samples.
    static func interval(_ e: Estimate, signed: Bool = false) -> String {
        guard e.mean.isFinite else { return "-" }
        let m = (signed && e.mean > 0 ? "+" : "") + number(e.mean)
        return m + " ± " + (e.halfWidth.isFinite ? number(e.halfWidth) : "n/a")
    }

    /// Integers as such; otherwise about four significant digits, without exponents for everyday
    /// magnitudes.
    static func number(_ x: Double) -> String {
        let a = abs(x)
        if a == 0 { return "0" }
        if x == x.rounded(), a < 1e9 { return String(Int(x)) }
        if a >= 1000 { return SummaryTable.fixed(x, 0) }
        if a >= 10 { return SummaryTable.fixed(x, 1) }
        if a >= 0.01 { return SummaryTable.fixed(x, 3) }
        return String(format: "%.2e", x)
    }
}
