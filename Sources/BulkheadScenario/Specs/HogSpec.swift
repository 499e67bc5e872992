/// One resource hog (`hogs:` in a scenario): *what* misbehaves (`kind` and its size), *who* (a
/// service, one replica or all of them) and *when* (a time of day, or at random).
///
/// Scheduled hogs have `at` (and `day`) and a fixed `duration`; random hogs have `every` (the
/// time from the end of one activation to the start of the next) and a `duration`, both
/// distributions in seconds, drawn from the stream `hogs/<index>/times`.
public struct HogSpec: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Equatable, Codable, CaseIterable {
        /// k always-runnable threads in the target container for the duration.
        case cpuSpin = "cpu-spin"
        /// Many always-runnable threads (a fork bomb, an unbounded worker pool): same mechanism as
        /// `cpu-spin`, reported separately.
        case threadStorm = "thread-storm"
        /// The container's memory grows linearly until it is killed.
        case memoryLeak = "memory-leak"
        /// The service's arrival rate is multiplied by `factor` (its clients retry).
        case retryStorm = "retry-storm"
        /// A bag of `tasks` CPU tasks (`taskWork` CPU-seconds each) run in the service's containers,
        /// at most `threads` at once per container; failed tasks are retried elsewhere.
        case batch
        /// A DAG of named tasks (`name`, `tasks: [{ name, work, memory, after, retries, backoff }]`,
        /// `deadline`) run in the service's containers as `batch` runs its tasks.
        case workflow
    }

    /// Which replicas of the target service misbehave.
    public enum Replica: String, Sendable, Equatable, Codable, CaseIterable {
        /// One replica per activation, drawn from the stream `hogs/<index>/target`.
        case one
        case all
    }

    /// When a hog is active.
    public enum Timing: Sendable, Equatable, Codable {
        /// At `at` (ns since midnight) of `day`, for `duration` ns (nil: until the container dies,
        /// memory leaks only).
        case scheduled(at: Int64, day: Int, duration: Int64?)
        /// An alternating renewal process: off for `every`, on for `duration` (seconds; nil: until
        /// the container dies, memory leaks only), repeated until the end of the run.
        case random(every: DistributionSpec, duration: DistributionSpec?)
    }

    public var kind: Kind
    /// Name of the target service (the hog's tenant is this service's tenant).
    public var service: String
    public var replica: Replica
    public var timing: Timing
    /// Busy threads (`cpu-spin`, `thread-storm`).
    public var threads: Int?
    /// Bytes per second (`memory-leak`, written like `50Mi/min`).
    public var rate: Double?
    /// Arrival-rate multiplier (`retry-storm`, > 1).
    public var factor: Double?
    /// Tasks per job (`batch`).
    public var tasks: Int?
    /// CPU-seconds of one task (`batch`; drawn per task from `hogs/<index>/work`).
    public var taskWork: DistributionSpec?
    /// The DAG (`workflow`).
    public var workflow: WorkflowSpec?

    public init(
        kind: Kind, service: String, replica: Replica = .one, timing: Timing, threads: Int? = nil,
        rate: Double? = nil, factor: Double? = nil
    ) {
        self.kind = kind
        self.service = service
        self.replica = replica
        self.timing = timing
        self.threads = threads
        self.rate = rate
        self.factor = factor
    }
}
