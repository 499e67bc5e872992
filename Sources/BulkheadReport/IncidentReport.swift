import BulkheadMetrics
import BulkheadResults
import Foundation

/// `incidents.csv` and the terminal incident table.
public enum IncidentReport {
    public static let fileName = "incidents.csv"

    /// One row per incident: `id,kind,target,start_s,end_s,services_affected,tenants_affected,
    /// services_down,extra_failed,extra_slo_bad_minutes,worst_p99_ratio,recovery_minutes`
    /// (lists joined with `;`, `services_down` as `name:minutes`).
    public static func csv(_ impacts: [IncidentImpact]) -> String {
        var out = "id,kind,target,start_s,end_s,services_affected,tenants_affected,services_down,extra_failed,extra_slo_bad_minutes,worst_p99_ratio,recovery_minutes\n"
        for i in impacts {
            let down = i.servicesDown.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }.joined(separator: ";")
            let fields: [String] = [
                "\(i.id)", i.kind, i.target, "\(i.start)", i.end.map { "\($0)" } ?? "",
                i.servicesAffected.joined(separator: ";"), i.tenantsAffected.joined(separator: ";"), down,
                "\(i.extraFailed)", "\(i.extraSLOBadMinutes)", i.worstP99Ratio.map { "\($0)" } ?? "",
                i.recoveryMinutes.map { "\($0)" } ?? "",
            ]
            out += fields.map(CSV.quote).joined(separator: ",") + "\n"
        }
        return out
    }

    /// A readable table of incidents and their measured blast radius.
    public static func render(_ impacts: [IncidentImpact]) -> String {
        guard !impacts.isEmpty else { return "" }
        var lines = ["incidents (measured against the fault-free twin run):"]
        for i in impacts {
            let when = String(format: "%02d:%02d", Int(i.start) / 3600 % 24, Int(i.start) / 60 % 60)
            let day = Int(i.start) / 86_400
            let down = i.servicesDown.isEmpty ? "" :
                "; down: " + i.servicesDown.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value) min" }.joined(separator: ", ")
            let recovery = i.recoveryMinutes.map { "recovered \($0) min after" } ?? "not recovered in the run"
            lines.append("  #\(i.id) day \(day) \(when) \(i.kind) \(i.target): \(i.servicesAffected.count) services / \(i.tenantsAffected.count) tenants affected, \(i.extraFailed) extra failed requests, \(i.extraSLOBadMinutes) extra SLO-bad minutes\(down); \(recovery)")
        }
        return lines.joined(separator: "\n")
    }
}
