import BulkheadResults
import Foundation

/// Writes the output folder of `bulkhead plan`:
///
/// | file | content |
/// |---|---|
/// | `plan.csv` | ``PolicyPlan/csv(vary:)``: one row per policy: `policy,feasible,total,<varied paths…>,machines,cpu_peak,memory_peak,cost_per_hour,simulations,evaluations` |
/// | `plan.json` | ``CapacityPlan``, with every evaluated total and why the answer's predecessor fails |
///
/// Both are staged and renamed together (``AtomicFile/writeAll(_:to:)``).
public enum PlanWriter {
    public static let fileNames = [PolicyPlan.csv(vary: []).fileName, CapacityPlan.fileName]

    public static func write(_ p: CapacityPlan, to directory: String) throws {
        let csv = PolicyPlan.csv(vary: p.vary)
        try AtomicFile.writeAll([(csv.fileName, csv.data(p.policies)), (CapacityPlan.fileName, try p.jsonData())], to: directory)
    }

    /// The terminal table: one line per policy.
    public static func render(_ p: CapacityPlan) -> String {
        var lines = [
            "plan for \(p.scenario) (seed \(p.seed), \(p.replications) replication\(p.replications == 1 ? "" : "s")), varying \(p.vary.joined(separator: ", "))"
        ]
        lines += p.requirements.map { "  require \($0)" }
        lines.append("")
        let header = ["policy", "machines", p.vary.count > 1 ? "split" : "varied", "cpu peak", "mem peak", "cost/h", "sims"]
        var rows: [[String]] = [header]
        for x in p.policies {
            guard x.feasible, let counts = x.counts else {
                rows.append([x.policy, "none ≤ \(x.limit)", "-", "-", "-", "-", String(x.simulations)])
                continue
            }
            rows.append([
                x.policy, x.machines.map(String.init) ?? "-", counts.map(String.init).joined(separator: "+"),
                x.cpuPeak.map { String(format: "%.1f%%", $0 * 100) } ?? "-",
                x.memoryPeak.map { String(format: "%.1f%%", $0 * 100) } ?? "-",
                x.costPerHour.map { String(format: "%.2f", $0) } ?? "-", String(x.simulations),
            ])
        }
        let widths = header.indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
        for (i, r) in rows.enumerated() {
            lines.append(
                r.enumerated().map { c, s in
                    c == 0
                        ? s.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                        : String(repeating: " ", count: widths[c] - s.count) + s
                }.joined(separator: "  "))
            if i == 0 { lines.append(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")) }
        }
        lines.append("")
        func tried(_ e: [PolicyPlan.Evaluation]) -> String {
            e.map { "\($0.total)\($0.passed ? "✓" : "✗")" }.joined(separator: " ")
        }
        for x in p.policies {
            let confirmed = x.confirmation.map { $0.skipped == nil } ?? false
            if let c = x.confirmation {
                lines.append("\(x.policy): flow search tried \(tried(x.evaluations)) → \(c.flowTotal.map(String.init) ?? "none")")
                if let why = c.skipped { lines.append("  request-level confirmation skipped: \(why)") }
            }
            let what = confirmed ? "  request level (the reference): tried \(tried(x.confirmation!.evaluations))" : "\(x.policy): tried \(tried(x.evaluations))"
            if x.feasible, let total = x.total {
                let pred = x.predecessorFailure.map { "; \(total - 1) fails: \($0)" } ?? "; \(total) is the smallest allowed"
                var agreement = ""
                if confirmed, let c = x.confirmation {
                    agreement = c.agrees ? " — agrees with flow" : " — flow said \(c.flowTotal.map(String.init) ?? "none")"
                }
                lines.append("\(what)\(pred)\(agreement)")
            } else if confirmed || x.confirmation == nil {
                let last = (confirmed ? x.confirmation!.evaluations : x.evaluations).last?.failure.map { ": \($0)" } ?? ""
                let who = confirmed ? "  request level (the reference)" : x.policy
                lines.append("\(who): no total up to \(x.limit) meets the requirements\(last) — raise --max-total or relax them")
            }
        }
        return lines.joined(separator: "\n")
    }
}
