import BulkheadResults
import Foundation

/// The terminal incident table (the file is `incidents.csv`, ``IncidentImpact/csv``).
public enum IncidentReport {
    /// A readable table of incidents and their measured blast radius.
    public static func render(_ impacts: [IncidentImpact]) -> String {
        guard !impacts.isEmpty else { return "" }
        var lines = ["incidents (measured against the fault-free twin run):"]
        for i in impacts {
            let when = String(format: "%02d:%02d", Int(i.start) / 3600 % 24, Int(i.start) / 60 % 60)
            let day = Int(i.start) / 86_400
            let down =
                i.servicesDown.isEmpty
                ? "" : "; down: " + i.servicesDownByName.map { "\($0.service) \($0.minutes) min" }.joined(separator: ", ")
            let recovery = i.recoveryMinutes.map { "recovered \($0) min after" } ?? "not recovered in the run"
            lines.append(
                "  #\(i.id) day \(day) \(when) \(i.kind) \(i.target): \(i.servicesAffected.count) services / \(i.tenantsAffected.count) tenants affected, \(i.extraFailed) extra failed requests, \(i.extraSLOBadMinutes) extra SLO-bad minutes\(down); \(recovery)"
            )
        }
        return lines.joined(separator: "\n")
    }
}
