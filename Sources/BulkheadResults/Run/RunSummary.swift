/// `summary.json`: a run's results keyed by name — the document guarantees, plans, `merge` and
/// the HTML report read, and the type they decode it into.
///
/// Latencies in seconds, utilisations and ratios as fractions. Optionals inside services,
/// tenants and autoscaling entries are written as `null` (``Nullable``), so their keys are always
/// present; `rescheduling` appears only under dynamic infrastructure, `autoscaling` only with
/// autoscaled services, `hogging.batch` only with batch jobs and `hogging.workflows` only with
/// workflows.
///
/// ```
/// { "scenario", "seed", "policy", "fidelity", "warmupSeconds", "durationSeconds", "minutesMeasured", "eventsProcessed",
///   "requests": {"total","succeeded","failed"},            // external requests only
///   "internalRequests": {"total","succeeded","failed"},    // downstream calls
///   "failuresByCause": {"timeout","dead-replica","unreachable","oom-killed","downstream-failure","no-healthy-replica",
///                       "lb-down","crashed","bad-release","machine-failure"},
///   "inFlightAtEnd",
///   "services": {NAME: {"tenant","replicas","requests","succeeded","failed","externalRequests","internalRequests",
///                       "failuresByCause","inFlightAtEnd","latency":{"count","mean","p50","p90","p99","p999","max"}|null,
///                       "sloLatencyP99","sloAvailability","sloBadMinutes","errorBudgetUsed","kills"}},
///   "tenants": {NAME: {"services","requests","succeeded","failed","externalRequests","failuresByCause",
///                      "latency","sloBadMinutes","errorBudgetUsed","kills"}},
///   "machines": {"total","used","cpuAllocation","memoryAllocation",
///                "cpuUtilization":{"mean","peak"},"memoryUtilization":{"mean","peak"}},
///   "kills": {"total","oomLimit","oomMachine","innocent","byContainer":{"SERVICE-REPLICA": n}},
///   "incidents": {"total","extraFailed","byKind":{KIND:{"count","extraFailed","servicesAffected":{"mean","max"},
///                 "tenantsAffected":{"mean","max"},"servicesDown":{"mean","max"}}}},   // measured vs the twin run
///   "rescheduling": {SERVICE: {"service","lost","replacements","restored","meanRestoreSeconds","maxRestoreSeconds",
///                    "unplaceableAttempts","waitingAtEnd"}},   // dynamic infrastructure only
///   "hogging": {"hogs","victimP99Inflation":{"max","p95"},"victimTenantsPerHog":{"max","mean"},
///               "innocentOOMKills",                    // all zero without hogs
///               "batch": [{"service","start","tasks","completed","retries","makespanSeconds",
///                          "waitedForSlotSeconds"}],   // only with batch hogs
///               "workflows": [{"name","service","tasks","deadlineSeconds","started","completed","failed",
///                              "retries","deadlineMisses","makespanMeanSeconds","makespanMaxSeconds",
///                              "criticalPath","criticalPathSeconds",
///                              "runs": [{"start","completed","retries","makespanSeconds","failedTask",
///                                        "deadlineMissed","criticalPath","criticalPathSeconds",
///                                        "waitedForSlotSeconds"}]}]},   // only with workflow hogs
///   "autoscaling": {SERVICE: {"scaleUps","scaleDowns","replicasAdded","replicasRemoved","unplaceableScaleUps",
///                   "unplaceableAttempts","unplacedAtEnd","minReplicas","maxReplicas"}},   // autoscaled services only
///   "deploys": [{"service","strategy","outcome","startSeconds","durationSeconds","failedRequests",
///                "extraMachineHours","replicaHoursOut","unplaceableAttempts"}] }   // releases with a restart cost or blue-green only
/// ```
public struct RunSummary: JSONDocument, Hashable {
    public static let fileName = "summary.json"

    public var scenario: String
    public var seed: UInt64
    public var policy: String
    /// `request` or `flow`: the engine that produced the figures (absent in files written before
    /// the key existed, which were all `request`).
    public var fidelity: String?
    public var warmupSeconds: Double
    public var durationSeconds: Double
    public var minutesMeasured: Int
    public var eventsProcessed: Int
    public var requests: RequestTotals
    public var internalRequests: RequestTotals
    public var failuresByCause: FailureCounts
    public var inFlightAtEnd: Int
    public var services: KeyedList<ServiceResult>
    public var tenants: KeyedList<TenantResult>
    public var machines: ClusterResult
    public var kills: KillTotals
    public var incidents: IncidentTotals
    /// nil (left out) under static infrastructure.
    public var rescheduling: KeyedList<ReschedulingResult>?
    public var hogging: HoggingSummary
    /// nil (left out) without autoscaled services; entries without their per-minute counts.
    public var autoscaling: KeyedList<AutoscalingResult>?
    /// nil (left out) without a release that has a restart cost or a blue-green stage.
    public var deploys: [DeployResult]?

    /// The summary of `r`.
    /// - Complexity: O(services log services + tenants log tenants + incidents × kinds + hogs × tenants).
    public init(_ r: RunResult) {
        scenario = r.scenario
        seed = r.seed
        policy = r.policy
        fidelity = r.fidelity
        warmupSeconds = r.warmupSeconds
        durationSeconds = r.durationSeconds
        minutesMeasured = r.minutesMeasured
        eventsProcessed = r.eventsProcessed
        requests = r.requests
        internalRequests = r.internalRequests
        failuresByCause = r.failuresByCause
        inFlightAtEnd = r.inFlightAtEnd
        services = KeyedList(r.services)
        tenants = KeyedList(r.tenants)
        machines = r.cluster
        kills = r.kills
        incidents = IncidentTotals(impacts: r.incidentImpacts)
        rescheduling = r.rescheduling.isEmpty ? nil : KeyedList(r.rescheduling)
        hogging = r.hogging
        autoscaling = r.autoscaling.isEmpty ? nil : KeyedList(r.autoscaling.map(\.withoutMinutes))
        deploys = r.deploys.isEmpty ? nil : r.deploys
    }
}
