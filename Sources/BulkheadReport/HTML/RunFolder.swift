import Foundation

/// The contents of a `bulkhead run` output folder that the report draws, read from
/// `summary.json`, `services.csv`, `machines.csv`, `placement.csv`, `timeseries.csv` and, when
/// present, `incidents.csv` and `interference.csv`. `run-info.json` is deliberately not read: it
/// holds wall-clock facts, and the report must be a pure function of the simulated results.
struct RunFolder: Sendable {
    struct Headline: Sendable {
        var scenario: String
        var seed: UInt64
        var policy: String
        var warmupSeconds: Double
        var durationSeconds: Double
        var minutesMeasured: Int
        var requests: Int
        var failed: Int
        var machinesTotal: Int
        var machinesUsed: Int
        var cpuMean: Double
        var cpuPeak: Double
        var kills: Int
        var innocentKills: Int
    }

    struct Service: Sendable {
        var name: String
        var tenant: String
        var replicas: Int
        var requests: Int
        var failed: Int
        var p99: Double?
        var sloP99: Double?
        var sloBadMinutes: Int
    }

    struct Machine: Sendable {
        var name: String
        var rack: String
        var type: String
        var cpu: Double
        var cpuMean: Double
        var cpuPeak: Double
        var oomKills: Int
    }

    struct Container: Sendable {
        var service: String
        var tenant: String
        var replica: Int
        var machine: String
    }

    /// One row of `incidents.csv`.
    struct Incident: Sendable {
        var id: Int
        var kind: String
        var target: String
        var start: Double
        var end: Double?
        var servicesAffected: [String]
        var tenantsAffected: [String]
        /// `name:minutes` pairs as written.
        var servicesDown: [(service: String, minutes: Int)]
        var extraFailed: Int
        var extraSLOBadMinutes: Int
        var worstP99Ratio: Double?
        var recoveryMinutes: Int?
    }

    /// One row of `interference.csv`: how much one tenant's hog hurt another tenant.
    struct Interference: Sendable {
        var hog: String
        var victim: String
        var extraSLOBadMinutes: Double
        var extraFailed: Double
        var maxP99Inflation: Double?
    }

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

    var headline: Headline
    var services: [Service]
    var machines: [Machine]
    var containers: [Container]
    var series: Series
    /// nil when the run had no faults (no `incidents.csv`).
    var incidents: [Incident]?
    /// nil when the run had no hogs (no `interference.csv`).
    var interference: [Interference]?

    /// Tenants in configuration order (first appearance in `services.csv`, then `placement.csv`).
    var tenants: [String] {
        var seen: Set<String> = []
        var out: [String] = []
        for t in services.map(\.tenant) + containers.map(\.tenant) where seen.insert(t).inserted { out.append(t) }
        return out
    }

    /// Racks in configuration order with their machines.
    var racks: [(name: String, machines: [Machine])] {
        var out: [(name: String, machines: [Machine])] = []
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
