/// The measured blast radius of one incident: the faulty run against its counterfactual twin
/// (same scenario and seed, faults removed, hence identical traffic and work).
public struct IncidentImpact: Codable, Sendable, Equatable {
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

    public init(id: Int, kind: String, target: String, start: Double, end: Double?, servicesAffected: [String],
                tenantsAffected: [String], servicesDown: [String: Int], extraFailed: Int, extraSLOBadMinutes: Int,
                worstP99Ratio: Double?, recoveryMinutes: Int?) {
        self.id = id; self.kind = kind; self.target = target; self.start = start; self.end = end
        self.servicesAffected = servicesAffected; self.tenantsAffected = tenantsAffected
        self.servicesDown = servicesDown; self.extraFailed = extraFailed; self.extraSLOBadMinutes = extraSLOBadMinutes
        self.worstP99Ratio = worstP99Ratio; self.recoveryMinutes = recoveryMinutes
    }
}
