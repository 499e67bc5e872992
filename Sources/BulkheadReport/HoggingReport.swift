import BulkheadResults
import Foundation

/// The terminal hogging section (the file is `interference.csv`, ``InterferenceCell/csv``).
public enum HoggingReport {
    /// The hogging section of `bulkhead run`'s summary: one line per hog activation, the
    /// who-hurt-whom matrix, and the run's figures.
    public static func render(_ r: RunResult) -> String {
        let h = r.hogging
        let matrix = r.interference
        var lines = ["hogging (measured against the twin run without faults and hogs):"]
        for i in r.hogImpacts {
            let when = String(format: "%02d:%02d", Int(i.start) / 3600 % 24, Int(i.start) / 60 % 60)
            let victims = i.victims.map { v in
                "\(v.tenant) (p99 ×\(v.p99Inflation.map { String(format: "%.2f", $0) } ?? "-"), \(v.extraSLOBadMinutes) SLO-bad min, \(v.extraFailed) failed\(v.innocentOOMKills > 0 ? ", \(v.innocentOOMKills) innocent OOM kills" : ""))"
            }
            let own = i.own
            lines.append(
                "  #\(i.id) day \(Int(i.start) / 86_400) \(when) \(i.kind) \(i.target) [\(i.tenant)]: "
                    + (victims.isEmpty ? "no other tenant hurt" : "hurt " + victims.joined(separator: ", "))
                    + "; own tenant: p99 ×\(own.p99Inflation.map { String(format: "%.2f", $0) } ?? "-"), \(own.extraSLOBadMinutes) SLO-bad min, \(own.extraFailed) failed"
            )
        }
        for j in r.batchJobs {
            let when = String(format: "day %d %02d:%02d", Int(j.start) / 86_400, Int(j.start) / 3600 % 24, Int(j.start) / 60 % 60)
            let span =
                j.makespanSeconds.map { String(format: "makespan %.1f min", $0 / 60) }
                ?? "not finished (\(j.completed) of \(j.tasks) done)"
            let wait =
                j.waitedForSlotSeconds.map { $0 > 0 ? String(format: ", waited %.1f min for a slot", $0 / 60) : "" }
                ?? ", never found a slot"
            lines.append("  batch \(j.service) \(when): \(j.tasks) tasks, \(j.retries) retries, \(span)\(wait)")
        }
        for w in r.workflows {
            for run in w.runs {
                let when = String(
                    format: "day %d %02d:%02d", Int(run.start) / 86_400, Int(run.start) / 3600 % 24, Int(run.start) / 60 % 60)
                let outcome =
                    run.failedTask.map { "failed: task \($0) out of retries (\(run.completed) of \(w.tasks) done)" }
                    ?? run.makespanSeconds.map { String(format: "makespan %.1f min", $0 / 60) }
                    ?? "not finished (\(run.completed) of \(w.tasks) done)"
                let path = String(format: "critical path %.1f min", run.criticalPathSeconds / 60)
                lines.append(
                    "  workflow \(w.name) (\(w.service)) \(when): \(outcome), \(path), \(run.retries) retries"
                        + (run.deadlineMissed ? ", deadline missed" : ""))
            }
        }
        if !matrix.isEmpty {
            var table = SummaryTable.Table(
                header: [
                    "hog tenant", "victim tenant", "extra SLO-bad min", "extra failed",
                    "max p99 ×",
                ],
                rightAligned: [false, false, true, true, true])
            for c in matrix {
                table.add([
                    c.hogTenant, c.victimTenant + (c.hogTenant == c.victimTenant ? " (self)" : ""),
                    "\(c.extraSloBadMinutes)", "\(c.extraFailedRequests)",
                    c.maxP99Inflation.map { String(format: "%.2f", $0) } ?? "-",
                ])
            }
            lines.append("")
            lines.append(table.render())
        }
        lines.append(
            String(
                format:
                    "hogs: %d; victim p99 inflation max ×%.2f, p95 ×%.2f; victim tenants per hog max %.0f, mean %.2f; innocent OOM kills %d",
                h.hogs, h.victimP99Inflation.max, h.victimP99Inflation.p95, h.victimTenantsPerHog.max,
                h.victimTenantsPerHog.mean, h.innocentOOMKills))
        return lines.joined(separator: "\n")
    }
}
