/// One run of a workflow (a `workflow` hog's activation): what it asked for and how it went.
public struct WorkflowRunSummary: Sendable, Hashable {
    /// Index of the workflow hog in the scenario's `hogs`.
    public var hog: Int
    public var workflow: String
    /// The batch service (its containers are the task slots).
    public var service: String
    /// When the run started (seconds since the start of the simulated run).
    public var start: Double
    public var tasks: Int
    /// Tasks done by the end of the run (or by its failure).
    public var completed: Int
    /// Task attempts lost because their container died (OOM kill, crash, machine failure, …).
    public var retries: Int
    /// Start → last task done (seconds); nil when the run failed or had not finished.
    public var makespan: Double?
    /// The task that ran out of retries; nil unless the run failed.
    public var failedTask: String?
    /// Seconds after the start by which the run had to be done; nil without `deadline`.
    public var deadline: Double?
    /// With a deadline: done after it, failed, or still running past it at the end of the run.
    public var deadlineMissed: Bool
    /// The longest chain of tasks by drawn work (file-order ties), first to last: the makespan
    /// with unlimited slots, no contention and no retries.
    public var criticalPath: [String]
    /// The critical path's work (seconds): a lower bound of the makespan.
    public var criticalPathSeconds: Double
    /// Start → first task running (seconds); nil when no task ever found a slot.
    public var waitedForSlot: Double?

    /// Workflow hog `hog`'s run as it stands at `now` (ns); `over`: it is done or has failed now.
    /// - Complexity: O(tasks + edges).
    init(hog: Int, workflow w: WorkflowConfig, config: ClusterConfig, run: BatchJobs.Run, now: Int64, over: Bool) {
        self.hog = hog
        workflow = w.name
        service = config.services[config.hogs[hog].service].name
        start = Double(run.start) / 1e9
        tasks = run.tasks.count
        completed = run.tasks.count - run.remaining
        retries = run.retries
        let failed = run.failedTask >= 0
        makespan = over && !failed ? Double(now - run.start) / 1e9 : nil
        failedTask = failed ? w.tasks[Int(run.failedTask)].name : nil
        deadline = w.deadline.map { $0.seconds }
        if let d = w.deadline?.nanoseconds {
            deadlineMissed = failed || now - run.start > d
        } else {
            deadlineMissed = false
        }
        let path = w.criticalPath(work: run.tasks.map(\.work))
        criticalPath = path.tasks.map { w.tasks[$0].name }
        criticalPathSeconds = path.length
        waitedForSlot = run.firstRunning >= 0 ? Double(run.firstRunning - run.start) / 1e9 : nil
    }
}
