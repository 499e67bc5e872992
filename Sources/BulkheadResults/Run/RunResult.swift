/// The measured outcome of one simulation run: plain values, deterministic orderings
/// (services, machines and containers in configuration order, tenants sorted by name,
/// time-series rows by minute then entity).
///
/// Not a file itself: its parts are the run's files — ``RunSummary`` (`summary.json`), the rows of
/// `services.csv` (``ServiceResult``), `machines.csv` (``MachineResult``), `placement.csv`
/// (``ContainerResult``), `timeseries.csv` (``TimeSeriesRow``), `incidents.csv`
/// (``IncidentImpact``) and `interference.csv` (``InterferenceCell``).
///
/// Every quantity excludes the warm-up (see `MetricsCollector`). Latencies are in seconds,
/// utilisations and ratios are fractions (0…1, utilisation may exceed 1 only if the model
/// over-reports), rates are per simulated second. Nothing here depends on wall-clock time.
public struct RunResult: Sendable, Equatable {
    public var scenario: String
    public var seed: UInt64
    public var policy: String
    /// Simulated seconds of warm-up excluded from every statistic.
    public var warmupSeconds: Double
    /// Simulated seconds of the whole run (including warm-up).
    public var durationSeconds: Double
    /// Number of post-warm-up minutes for which the model reported `minuteEnded`.
    public var minutesMeasured: Int
    /// Events the simulation kernel processed (deterministic for a seed).
    public var eventsProcessed: Int
    /// Requests that arrived from a load balancer (external requests only).
    public var requests: RequestTotals
    /// Downstream calls between services (internal requests only).
    public var internalRequests: RequestTotals
    /// Failures of external requests by cause.
    public var failuresByCause: FailureCounts
    /// Requests still in flight when the run ended (all services, external and internal).
    public var inFlightAtEnd: Int
    public var services: [ServiceResult]
    public var tenants: [TenantResult]
    public var machines: [MachineResult]
    public var cluster: ClusterResult
    public var kills: KillTotals
    public var containers: [ContainerResult]
    public var timeSeries: TimeSeries
    /// Faults and hogs injected during the run; their measured impact is computed against a twin
    /// run by the runner.
    public var incidents: [IncidentRecord] = []
    /// The measured impact of each incident against the fault-free twin (set by the runner; empty
    /// without faults or when the twin was not run).
    public var incidentImpacts: [IncidentImpact] = []
    /// Re-placements and time to restore per service under dynamic infrastructure (empty under
    /// static infrastructure).
    public var rescheduling: [ReschedulingResult] = []
    /// Tenants' latency over each hog incident's window (or over the windows a twin run watched).
    public var windowLatencies: [WindowLatency] = []
    /// OOM kills after warm-up, in order.
    public var killLog: [KillEvent] = []
    /// The measured damage of each hog against the hog-free twin (set by the runner).
    public var hogImpacts: [HogImpact] = []
    /// Batch jobs started during the run (batch hogs), in start order.
    public var batchJobs: [BatchJobResult] = []
    /// Workflows (workflow hogs) with their runs, in scenario order.
    public var workflows: [WorkflowResult] = []
    /// Replica counts over time and scaling figures per autoscaled service (empty without autoscaling).
    public var autoscaling: [AutoscalingResult] = []
    /// Releases with a restart cost or a blue-green stage that started, in release order.
    public var deploys: [DeployResult] = []
    /// Which engine produced the run: `request` (every request) or `flow` (rates).
    public var fidelity: String = "request"

    public init(
        scenario: String, seed: UInt64, policy: String, warmupSeconds: Double, durationSeconds: Double,
        minutesMeasured: Int, eventsProcessed: Int, requests: RequestTotals, internalRequests: RequestTotals,
        failuresByCause: FailureCounts, inFlightAtEnd: Int, services: [ServiceResult], tenants: [TenantResult],
        machines: [MachineResult], cluster: ClusterResult, kills: KillTotals, containers: [ContainerResult],
        timeSeries: TimeSeries
    ) {
        self.scenario = scenario
        self.seed = seed
        self.policy = policy
        self.warmupSeconds = warmupSeconds
        self.durationSeconds = durationSeconds
        self.minutesMeasured = minutesMeasured
        self.eventsProcessed = eventsProcessed
        self.requests = requests
        self.internalRequests = internalRequests
        self.failuresByCause = failuresByCause
        self.inFlightAtEnd = inFlightAtEnd
        self.services = services
        self.tenants = tenants
        self.machines = machines
        self.cluster = cluster
        self.kills = kills
        self.containers = containers
        self.timeSeries = timeSeries
    }

    /// The run's hogging figures (zero without hogs), as `summary.json` reports them.
    /// - Complexity: O(hogs × tenants + pairs log pairs).
    public var hogging: HoggingSummary { HoggingSummary(impacts: hogImpacts, batch: batchJobs, workflows: workflows) }

    /// The who-hurt-whom matrix (`interference.csv`): every hogging tenant × every tenant.
    /// - Complexity: O(hogs × tenants × log tenants).
    public var interference: [InterferenceCell] { InterferenceCell.matrix(hogImpacts, tenants: tenants.map(\.name)) }
}
