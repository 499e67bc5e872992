import BulkheadMetrics
import BulkheadResults
import Foundation

/// Facts about how a run was executed rather than what it measured: the only place for
/// wall-clock quantities, so every other output file is byte-identical for the same inputs.
public struct RunInfo: Codable, Sendable, Equatable {
    public var toolVersion: String
    public var gitCommit: String?
    /// Wall-clock seconds the simulation took.
    public var wallSeconds: Double
    public var eventsProcessed: Int
    /// Requests simulated (all services, external and internal) per wall-clock second.
    public var requestsPerWallSecond: Double
    public var eventsPerWallSecond: Double

    /// - Parameters:
    ///   - requests: requests simulated (e.g. `RunResult.requests.total + internalRequests.total`).
    public init(toolVersion: String, gitCommit: String? = nil, wallSeconds: Double, eventsProcessed: Int,
                requests: Int) {
        self.toolVersion = toolVersion
        self.gitCommit = gitCommit
        self.wallSeconds = wallSeconds
        self.eventsProcessed = eventsProcessed
        self.requestsPerWallSecond = wallSeconds > 0 ? Double(requests) / wallSeconds : 0
        self.eventsPerWallSecond = wallSeconds > 0 ? Double(eventsProcessed) / wallSeconds : 0
    }

    /// A convenience that takes the request and event counts from `result`.
    public init(toolVersion: String, gitCommit: String? = nil, wallSeconds: Double, result: RunResult) {
        self.init(toolVersion: toolVersion, gitCommit: gitCommit, wallSeconds: wallSeconds,
                  eventsProcessed: result.eventsProcessed,
                  requests: result.requests.total + result.internalRequests.total)
    }

    enum CodingKeys: String, CodingKey {
        case toolVersion, gitCommit, wallSeconds, eventsProcessed, requestsPerWallSecond, eventsPerWallSecond
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(toolVersion, forKey: .toolVersion)
        try c.encode(gitCommit, forKey: .gitCommit)  // null when unknown
        try c.encode(wallSeconds, forKey: .wallSeconds)
        try c.encode(eventsProcessed, forKey: .eventsProcessed)
        try c.encode(requestsPerWallSecond, forKey: .requestsPerWallSecond)
        try c.encode(eventsPerWallSecond, forKey: .eventsPerWallSecond)
    }
}

/// Writes a run's output directory:
///
/// | file | content |
/// |---|---|
/// | `summary.json` | see ``SummaryDocument`` (sorted keys, pretty-printed) |
/// | `services.csv` | one row per service, configuration order |
/// | `machines.csv` | one row per machine, configuration order |
/// | `placement.csv` | `container,service,tenant,replica,machine,rack`, container order |
/// | `timeseries.csv` | tidy long format `minute,kind,name,metric,value` (see ``ResultWriter/timeSeriesCSV(_:)``) |
/// | `run-info.json` | ``RunInfo``: the only file with wall-clock facts |
///
/// All files are encoded in memory first, then each is written to a temporary file in the
/// directory, and only when all were written are they renamed into place. If anything fails, the
/// temporary files are removed and existing files are untouched (a failure during the final
/// renames — which do not allocate space — can leave some files updated, each one whole).
public enum ResultWriter {
    public static let fileNames = ["summary.json", "services.csv", "machines.csv", "placement.csv",
                                   "timeseries.csv", "run-info.json"]

    /// Writes all output files of `r` into `directory` (created if missing).
    public static func write(_ r: RunResult, to directory: String, runInfo: RunInfo) throws {
        try AtomicFile.writeAll(try files(r, runInfo: runInfo), to: directory)
    }

    /// The output files of `r` (``fileNames``, in that order) as bytes, ready for ``AtomicFile/writeAll(_:to:)``.
    public static func files(_ r: RunResult, runInfo: RunInfo) throws -> [(String, Data)] {
        [
            ("summary.json", try summaryJSON(r)),
            ("services.csv", Data(servicesCSV(r).utf8)),
            ("machines.csv", Data(machinesCSV(r).utf8)),
            ("placement.csv", Data(placementCSV(r).utf8)),
            ("timeseries.csv", Data(timeSeriesCSV(r).utf8)),
            ("run-info.json", try json(runInfo)),
        ]
    }

    /// `summary.json` bytes.
    public static func summaryJSON(_ r: RunResult) throws -> Data { try json(SummaryDocument(r: r)) }

    static func json(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        var data = try encoder.encode(value)
        data.append(0x0A)
        return data
    }

    /// `services.csv`: service, tenant, replicas, counts, failures by cause (`failed_<cause>` with
    /// `-` as `_`), latency in seconds (empty without successes), SLO targets, SLO-bad minutes,
    /// error budget used, kills.
    public static func servicesCSV(_ r: RunResult) -> String {
        let causes = FailureCounts().byName.map { "failed_" + $0.name.replacingOccurrences(of: "-", with: "_") }
        var csv = CSV(header: ["service", "tenant", "replicas", "requests", "succeeded", "failed",
                               "external_requests", "internal_requests"] + causes
                      + ["in_flight_at_end", "latency_count", "latency_mean_s", "latency_p50_s", "latency_p90_s",
                         "latency_p99_s", "latency_p999_s", "latency_max_s", "slo_latency_p99_s", "slo_availability",
                         "slo_bad_minutes", "error_budget_used", "kills"])
        for s in r.services {
            let l = s.latency
            csv.row([.text(s.name), .text(s.tenant), .int(s.replicas), .int(s.requests), .int(s.succeeded),
                     .int(s.failed), .int(s.externalRequests), .int(s.internalRequests)]
                    + s.failuresByCause.byName.map { .int($0.count) }
                    + [.int(s.inFlightAtEnd), .int(l?.count ?? 0), .optional(l?.mean), .optional(l?.p50),
                       .optional(l?.p90), .optional(l?.p99), .optional(l?.p999), .optional(l?.max),
                       .optional(s.sloLatencyP99), .optional(s.sloAvailability), .int(s.sloBadMinutes),
                       .optional(s.errorBudgetUsed), .int(s.kills)])
        }
        return csv.text
    }

    /// `machines.csv`: capacities (cores, bytes), containers, Σ requests placed, utilisation mean
    /// and peak (fractions), kills.
    public static func machinesCSV(_ r: RunResult) -> String {
        var csv = CSV(header: ["machine", "rack", "type", "cpu", "memory", "containers", "cpu_requested",
                               "memory_requested", "cpu_mean", "cpu_peak", "memory_mean", "memory_peak",
                               "oom_kills", "innocent_oom_kills"])
        for m in r.machines {
            csv.row([.text(m.name), .text(m.rack), .text(m.type), .double(m.cpu), .double(m.memory),
                     .int(m.containers), .double(m.cpuRequested), .double(m.memoryRequested),
                     .double(m.cpuUtilization.mean), .double(m.cpuUtilization.peak),
                     .double(m.memoryUtilization.mean), .double(m.memoryUtilization.peak),
                     .int(m.oomKills), .int(m.innocentOOMKills)])
        }
        return csv.text
    }

    /// `placement.csv`: container index, service, tenant, replica, machine, rack.
    public static func placementCSV(_ r: RunResult) -> String {
        var csv = CSV(header: ["container", "service", "tenant", "replica", "machine", "rack"])
        for c in r.containers {
            csv.row([.int(c.container), .text(c.service), .text(c.tenant), .int(c.replica), .text(c.machine),
                     .text(c.rack)])
        }
        return csv.text
    }

    /// `timeseries.csv`, tidy long format `minute,kind,name,metric,value`, ordered by minute, then
    /// all services (configuration order), then all machines. Metrics:
    /// - kind `service`: `requests`, `rate` (requests/s), `failures`, `p50` and `p99` (seconds;
    ///   rows absent in a minute without successes), `slo_bad` (0 or 1), and for an autoscaled
    ///   service only `replicas` (serving at the minute's end) and `replicas_desired`;
    /// - kind `machine`: `cpu_utilization`, `memory_utilization` (fractions).
    public static func timeSeriesCSV(_ r: RunResult) -> String {
        var csv = CSV(header: ["minute", "kind", "name", "metric", "value"])
        var i = 0, j = 0
        let services = r.timeSeries.services, machines = r.timeSeries.machines
        var autoscaled: [String: [Int: AutoscalingResult.Minute]] = [:]
        for a in r.autoscaling { autoscaled[a.service] = Dictionary(a.minutes.map { ($0.minute, $0) }) { x, _ in x } }
        while i < services.count || j < machines.count {
            let minute = min(i < services.count ? services[i].minute : .max,
                             j < machines.count ? machines[j].minute : .max)
            while i < services.count && services[i].minute == minute {
                let s = services[i]
                func row(_ metric: String, _ value: CSV.Cell) {
                    csv.row([.int(minute), .text("service"), .text(s.service), .text(metric), value])
                }
                row("requests", .int(s.requests))
                row("rate", .double(s.rate))
                row("failures", .int(s.failures))
                if let p50 = s.p50 { row("p50", .double(p50)) }
                if let p99 = s.p99 { row("p99", .double(p99)) }
                row("slo_bad", .int(s.sloBad ? 1 : 0))
                if let a = autoscaled[s.service]?[minute] {
                    row("replicas", .int(a.serving))
                    row("replicas_desired", .int(a.desired))
                }
                i += 1
            }
            while j < machines.count && machines[j].minute == minute {
                let m = machines[j]
                csv.row([.int(minute), .text("machine"), .text(m.machine), .text("cpu_utilization"),
                         .double(m.cpuUtilization)])
                csv.row([.int(minute), .text("machine"), .text(m.machine), .text("memory_utilization"),
                         .double(m.memoryUtilization)])
                j += 1
            }
        }
        return csv.text
    }
}
