/// The DAG of a `workflow` hog: named tasks, each placed on the batch service's slots once the
/// tasks it comes `after` are done, retried after `backoff` up to `retries` times when its
/// container dies.
public struct WorkflowSpec: Sendable, Equatable, Codable {
    public struct Task: Sendable, Equatable, Codable {
        /// Unique within the workflow (a DNS label, as every name).
        public var name: String
        /// CPU-seconds of single-threaded work, drawn per run from `hogs/<index>/work`.
        public var work: DistributionSpec
        /// Bytes held by the task's container while it runs (0: none).
        public var memory: Double
        /// Names of the tasks that must be done first (in this workflow).
        public var after: [String]
        /// Retries after the first attempt (default 0, as Airflow's `retries`).
        public var retries: Int
        /// Nanoseconds from a death to the retry becoming ready (default 5 min, as Airflow's
        /// `retry_delay`).
        public var backoff: Int64

        public init(
            name: String, work: DistributionSpec, memory: Double = 0, after: [String] = [], retries: Int = 0,
            backoff: Int64 = WorkflowSpec.defaultBackoff
        ) {
            self.name = name
            self.work = work
            self.memory = memory
            self.after = after
            self.retries = retries
            self.backoff = backoff
        }
    }

    /// Airflow's default `retry_delay`: 300 s.
    public static let defaultBackoff: Int64 = 300_000_000_000

    /// The workflow's name in outputs (unique among the scenario's workflows).
    public var name: String
    public var tasks: [Task]
    /// Nanoseconds after a run's start by which it must be done; nil: no deadline.
    public var deadline: Int64?

    public init(name: String, tasks: [Task], deadline: Int64? = nil) {
        self.name = name
        self.tasks = tasks
        self.deadline = deadline
    }
}
