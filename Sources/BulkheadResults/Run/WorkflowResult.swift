/// One workflow of a run (a `workflow` hog) with each of its runs: an entry of `summary.json` →
/// `hogging.workflows` (nil figures left out).
public struct WorkflowResult: Codable, Sendable, Hashable {
    /// One run of the workflow (one activation of its hog).
    public struct Run: Codable, Sendable, Hashable {
        /// Start (seconds since the start of the simulated run).
        public var start: Double
        /// Tasks done by the end of the run, or by its failure.
        public var completed: Int
        /// Task attempts lost to a dying container and retried.
        public var retries: Int
        /// Start → last task done (seconds); nil when the run failed or had not finished.
        public var makespanSeconds: Double?
        /// The task that ran out of retries; nil unless the run failed.
        public var failedTask: String?
        /// With a `deadline`: done after it, failed, or still running past it at the end.
        public var deadlineMissed: Bool
        /// The longest chain of tasks by drawn work, first to last.
        public var criticalPath: [String]
        /// Its work (seconds): the makespan with unlimited slots, no contention and no retries.
        public var criticalPathSeconds: Double
        /// Start → first task running (seconds); nil when no task ever found a slot.
        public var waitedForSlotSeconds: Double?
        public init(
            start: Double, completed: Int, retries: Int, makespanSeconds: Double?, failedTask: String?,
            deadlineMissed: Bool, criticalPath: [String], criticalPathSeconds: Double, waitedForSlotSeconds: Double?
        ) {
            self.start = start
            self.completed = completed
            self.retries = retries
            self.makespanSeconds = makespanSeconds
            self.failedTask = failedTask
            self.deadlineMissed = deadlineMissed
            self.criticalPath = criticalPath
            self.criticalPathSeconds = criticalPathSeconds
            self.waitedForSlotSeconds = waitedForSlotSeconds
        }
    }

    public var name: String
    /// The batch service (its containers are the task slots).
    public var service: String
    public var tasks: Int
    /// nil without `deadline`.
    public var deadlineSeconds: Double?
    /// Runs started, done (every task), failed (a task out of retries); the rest were still running.
    public var started: Int
    public var completed: Int
    public var failed: Int
    /// Retries over every run.
    public var retries: Int
    public var deadlineMisses: Int
    /// Over the completed runs; nil when none completed.
    public var makespanMeanSeconds: Double?
    public var makespanMaxSeconds: Double?
    /// The critical path of the slowest completed run (of the first run when none completed), to
    /// read against `makespanMaxSeconds`.
    public var criticalPath: [String]
    public var criticalPathSeconds: Double
    /// In start order.
    public var runs: [Run]

    /// The workflow `name` with `runs` (in start order), its totals computed from them.
    /// - Complexity: O(runs).
    public init(name: String, service: String, tasks: Int, deadlineSeconds: Double?, runs: [Run]) {
        self.name = name
        self.service = service
        self.tasks = tasks
        self.deadlineSeconds = deadlineSeconds
        self.runs = runs
        started = runs.count
        let done = runs.filter { $0.makespanSeconds != nil }
        completed = done.count
        failed = runs.filter { $0.failedTask != nil }.count
        retries = runs.reduce(0) { $0 + $1.retries }
        deadlineMisses = runs.filter(\.deadlineMissed).count
        let spans = done.compactMap(\.makespanSeconds)
        makespanMeanSeconds = spans.isEmpty ? nil : spans.reduce(0, +) / Double(spans.count)
        makespanMaxSeconds = spans.max()
        let slowest = done.max { ($0.makespanSeconds ?? 0) < ($1.makespanSeconds ?? 0) } ?? runs.first
        criticalPath = slowest?.criticalPath ?? []
        criticalPathSeconds = slowest?.criticalPathSeconds ?? 0
    }
}
