/// The measured blast radius of one incident: the faulty run against its counterfactual twin
/// (same scenario and seed, faults removed, hence identical traffic and work). One row of
/// `incidents.csv` (``csv``).
public struct IncidentImpact: Sendable, Hashable {
    public var id: Int
    public var kind: String
    public var target: String
    /// Seconds since the start of the run.
    public var start: Double
    public var end: Double?
    /// Services with extra failed requests (at least the threshold), extra SLO-bad minutes, or down.
    public var servicesAffected: [String]
    public var tenantsAffected: [String]
    /// Services with no successful request for whole minutes while the twin had some, and for how
    /// many minutes.
    public var servicesDown: [String: Int]
    /// Failed requests (every service, downstream calls included) above the twin's.
    public var extraFailed: Int
    /// Extra SLO-bad service-minutes above the twin's.
    public var extraSLOBadMinutes: Int
    /// The largest per-minute p99 ratio (faulty / twin) of any service during the incident.
    public var worstP99Ratio: Double?
    /// Minutes from the end of the incident until every service's failures are back to the twin's
    /// (nil: not recovered within the measured window or the run).
    public var recoveryMinutes: Int?

    public init(
        id: Int, kind: String, target: String, start: Double, end: Double?, servicesAffected: [String],
        tenantsAffected: [String], servicesDown: [String: Int], extraFailed: Int, extraSLOBadMinutes: Int,
        worstP99Ratio: Double?, recoveryMinutes: Int?
    ) {
        self.id = id
        self.kind = kind
        self.target = target
        self.start = start
        self.end = end
        self.servicesAffected = servicesAffected
        self.tenantsAffected = tenantsAffected
        self.servicesDown = servicesDown
        self.extraFailed = extraFailed
        self.extraSLOBadMinutes = extraSLOBadMinutes
        self.worstP99Ratio = worstP99Ratio
        self.recoveryMinutes = recoveryMinutes
    }

    /// ``servicesDown`` sorted by service name, as written.
    public var servicesDownByName: [(service: String, minutes: Int)] {
        servicesDown.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}

extension IncidentImpact {
    /// The columns of `incidents.csv` (lists joined with `;`, `services_down` as `name:minutes`).
    public enum CSVColumn: String, CSVColumns {
        case id, kind, target
        case start = "start_s"
        case end = "end_s"
        case servicesAffected = "services_affected"
        case tenantsAffected = "tenants_affected"
        case servicesDown = "services_down"
        case extraFailed = "extra_failed"
        case extraSLOBadMinutes = "extra_slo_bad_minutes"
        case worstP99Ratio = "worst_p99_ratio"
        case recoveryMinutes = "recovery_minutes"
    }

    /// `incidents.csv`: one row per incident, in the order they happened (written only for runs
    /// with faults or hogs).
    public static let csv = CSVSchema<IncidentImpact>(
        fileName: "incidents.csv", columns: CSVColumn.self,
        cell: { i, c in
            switch c {
            case .id: .int(i.id)
            case .kind: .text(i.kind)
            case .target: .text(i.target)
            case .start: .double(i.start)
            case .end: .optional(i.end)
            case .servicesAffected: .list(i.servicesAffected)
            case .tenantsAffected: .list(i.tenantsAffected)
            case .servicesDown: .list(i.servicesDownByName.map { "\($0.service):\($0.minutes)" })
            case .extraFailed: .int(i.extraFailed)
            case .extraSLOBadMinutes: .int(i.extraSLOBadMinutes)
            case .worstP99Ratio: .optional(i.worstP99Ratio)
            case .recoveryMinutes: .optional(i.recoveryMinutes)
            }
        },
        row: { r throws(ResultFileError) in
            typealias C = CSVColumn
            var down: [String: Int] = [:]
            for entry in r.list(C.servicesDown) {
                guard let colon = entry.lastIndex(of: ":"), let minutes = Int(entry[entry.index(after: colon)...]) else {
                    throw r.error(C.servicesDown.rawValue, "\"\(entry)\" is not name:minutes")
                }
                down[String(entry[..<colon])] = minutes
            }
            return IncidentImpact(
                id: try r.int(C.id), kind: r.text(C.kind), target: r.text(C.target), start: try r.double(C.start),
                end: try r.optionalDouble(C.end), servicesAffected: r.list(C.servicesAffected),
                tenantsAffected: r.list(C.tenantsAffected), servicesDown: down, extraFailed: try r.int(C.extraFailed),
                extraSLOBadMinutes: try r.int(C.extraSLOBadMinutes), worstP99Ratio: try r.optionalDouble(C.worstP99Ratio),
                recoveryMinutes: try r.optionalInt(C.recoveryMinutes))
        })
}
