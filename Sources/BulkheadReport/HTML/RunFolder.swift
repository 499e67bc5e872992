import BulkheadResults
import Foundation

/// The contents of a `bulkhead run` output folder that the report draws, decoded into the same
/// BulkheadResults types the run wrote them from: `summary.json` (``RunSummary``), `services.csv`,
/// `machines.csv`, `placement.csv`, `timeseries.csv` and, when present, `incidents.csv` and
/// `interference.csv`. `run-info.json` is deliberately not read: it holds wall-clock facts, and
/// the report must be a pure function of the simulated results.
struct RunFolder: Sendable {
    /// Per-minute series from `timeseries.csv`, indexed by position in ``minutes``.
    struct Series: Sendable {
        /// The measured minutes, ascending (minute m covers simulated time [m, m+1) min).
        var minutes: [Int] = []
        /// CPU utilisation (fraction) per machine name; nil where a minute has no row.
        var cpu: [String: [Double?]] = [:]
        /// p99 latency (seconds) per service name; nil in minutes without successes.
        var p99: [String: [Double?]] = [:]
        /// Whether the minute was SLO-bad, per service name.
        var sloBad: [String: [Bool]] = [:]
    }

    var summary: RunSummary
    var services: [ServiceResult]
    var machines: [MachineResult]
    var containers: [ContainerResult]
    var series: Series
    /// nil when the run had no faults (no `incidents.csv`).
    var incidents: [IncidentImpact]?
    /// nil when the run had no hogs (no `interference.csv`).
    var interference: [InterferenceCell]?

    /// Tenants in configuration order (first appearance in `services.csv`, then `placement.csv`).
    var tenants: [String] {
        var seen: Set<String> = []
        var out: [String] = []
        for t in services.map(\.tenant) + containers.map(\.tenant) where seen.insert(t).inserted { out.append(t) }
        return out
    }

    /// Racks in configuration order with their machines.
    var racks: [(name: String, machines: [MachineResult])] {
        var out: [(name: String, machines: [MachineResult])] = []
        for m in machines {
            if let i = out.firstIndex(where: { $0.name == m.rack }) {
                out[i].machines.append(m)
            } else {
                out.append((m.rack, [m]))
            }
        }
        return out
    }
}
