import BulkheadExperiments
import BulkheadReport
import Foundation

/// The terminal table and JUnit test cases of `bulkhead check`.
enum CheckTable {
    static func render(_ report: CheckReport, tolerance: Double?) -> String {
        let outcomes = report.outcomes
        let width = min(60, outcomes.map(\.spec.source.count).max() ?? 10)
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
        var lines = [
            "check \(report.scenario): \(report.guarantees.count) guarantee(s) × \(report.replications.count) replication(s)",
            "  result  rep  \(pad("guarantee", width))  measured",
        ]
        for o in outcomes {
            let result = o.passed ? "pass" : "FAIL"
            var line = "  \(pad(result, 6))  \(pad(String(o.replication), 3))  \(pad(o.spec.source, width))  "
            line += o.passed ? o.measuredText : (o.failureText ?? "")
            if !o.skipped.isEmpty { line += " [no value, skipped: \(o.skipped.joined(separator: ", "))]" }
            lines.append(line)
        }
        if let tolerance {
            lines.append("baseline comparison (replication 0, tolerance \(String(format: "%g", tolerance * 100))%):")
            // Regressions and moved metrics one per line; unchanged ones only counted.
            let unchanged = report.baseline.filter { !$0.regressed && $0.baseline == $0.current }
            for f in report.baseline where f.regressed || f.baseline != f.current {
                lines.append("  \(f.regressed ? "REGRESSED" : "ok       ")  \(f.text)")
            }
            if !unchanged.isEmpty {
                lines.append("  ok         \(unchanged.count) of \(report.baseline.count) metric(s) identical to the baseline")
            }
        }
        let failed = report.failedOutcomes.count
        let regressed = report.regressions.count
        if report.passed {
            lines.append(
                "PASS: \(outcomes.count) of \(outcomes.count) guarantee checks hold"
                    + (tolerance == nil ? "" : ", no regression beyond the tolerance"))
        } else {
            lines.append(
                "FAIL: \(failed) of \(outcomes.count) guarantee checks failed"
                    + (tolerance == nil ? "" : ", \(regressed) metric(s) regressed"))
        }
        return lines.joined(separator: "\n")
    }

    /// One suite of guarantee × replication cases and, with a baseline, one of regression cases.
    static func junitSuites(_ report: CheckReport) -> [JUnitWriter.Suite] {
        let className = "bulkhead.check.\(report.scenario)"
        var cases: [JUnitWriter.TestCase] = []
        for o in report.outcomes {
            let name = "\(o.spec.source) [replication \(o.replication)]"
            var details = o.failureText.map { "\($0)\nmeasured: \(o.measuredText)" }
            if let d = details, !o.skipped.isEmpty { details = d + "\nskipped (no value): " + o.skipped.joined(separator: ", ") }
            cases.append(.init(name: name, className: className, failure: o.failureText, details: details))
        }
        let time = report.replications.reduce(0) { $0 + $1.wallSeconds }
        var suites = [JUnitWriter.Suite(name: "\(report.scenario) guarantees", cases: cases, time: time)]
        if !report.baseline.isEmpty {
            suites.append(
                .init(
                    name: "\(report.scenario) baseline",
                    cases: report.baseline.map { f in
                        .init(
                            name: "no regression: \(f.path) (\(f.op.rawValue))", className: className + ".baseline",
                            failure: f.regressed ? "regressed: \(f.text)" : nil)
                    }))
        }
        return suites
    }
}
