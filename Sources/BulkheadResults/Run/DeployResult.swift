/// One measured deploy (a release with a `restart` cost or a `blue-green` stage): an entry of
/// `summary.json` → `deploys`, in release order. Filled by the runner from the model's figures, so
/// that the results schema does not depend on the model.
public struct DeployResult: Codable, Sendable, Hashable {
    public var service: String
    /// `rolling` (in place), `blue-green`, or `blue-green→rolling` (fell back for lack of capacity).
    public var strategy: String
    /// `completed`, `rolled-back`, `aborted-no-capacity` or `unfinished`.
    public var outcome: String
    /// When it started (seconds since the run's start).
    public var startSeconds: Double
    /// From its start until every replica runs the new version (and, under blue-green, the old
    /// set is destroyed); null while unfinished at the end of the run.
    @Nullable public var durationSeconds: Double?
    /// External requests that failed (any cause, any service) while it ran.
    public var failedRequests: Int
    /// Machine-hours of the second set while both sets existed (each new replica's CPU request
    /// over its machine's cores); 0 for rolling updates in place.
    public var extraMachineHours: Double
    /// Replica-hours out of the pools while restarting in place (drain + start-up).
    public var replicaHoursOut: Double
    /// Blue-green: attempts to place the new set that left some replica without a machine.
    public var unplaceableAttempts: Int

    public init(
        service: String, strategy: String, outcome: String, startSeconds: Double, durationSeconds: Double?,
        failedRequests: Int, extraMachineHours: Double, replicaHoursOut: Double, unplaceableAttempts: Int
    ) {
        self.service = service
        self.strategy = strategy
        self.outcome = outcome
        self.startSeconds = startSeconds
        self.durationSeconds = durationSeconds
        self.failedRequests = failedRequests
        self.extraMachineHours = extraMachineHours
        self.replicaHoursOut = replicaHoursOut
        self.unplaceableAttempts = unplaceableAttempts
    }
}
