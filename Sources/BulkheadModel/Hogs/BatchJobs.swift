import BulkheadKernel
import BulkheadStochastic

/// State of the batch hogs and workflows: per hog its current job's (or workflow run's) tasks,
/// per container the tasks it runs.
struct BatchJobs {
    struct Task {
        /// CPU-seconds of single-threaded work (the same on every attempt).
        var work: Double
        /// Bytes charged to its container while it runs (workflows; 0 for batch jobs).
        var memory: Double = 0
        /// Container running it, or `.none` (waiting, backing off or done).
        var container = ContainerID.none
        /// Incremented on every retry (and carried over to the hog's next run): a completion or
        /// retry event of an older attempt is stale.
        var attempt: UInt32 = 0
        /// Deaths so far in this run (workflows: past the task's maximum, the run fails).
        var retries = 0
        var done = false
    }

    struct Run {
        var active = false
        var start: Int64 = 0
        var firstRunning: Int64 = -1
        var tasks: [Task] = []
        /// Waiting tasks; the last one is placed next.
        var pending: [Int32] = []
        var remaining = 0
        var retries = 0
        /// Workflows: per task, the tasks it comes after that are not done yet (empty for batch jobs).
        var unmet: [Int32] = []
        /// Tasks in a container now.
        var running = 0
        /// Workflows: a task ran out of retries (its index); nothing more is placed, and the run
        /// ends when its running tasks are done, as Argo's `failFast` DAGs do.
        var failedTask: Int32 = -1
    }

    var runs: [Run]
    /// Per batch hog: the stream `hogs/<index>/work` (nil for other kinds).
    let workStreams: [RandomStream?]
    /// Per container: batch tasks running in it.
    var runningOn: [Int32]
    /// Tasks waiting for a slot, over all batch hogs.
    var waiting = 0
    var summaries: [BatchJobSummary] = []
    /// Finished (done or failed) workflow runs.
    var workflowSummaries: [WorkflowRunSummary] = []

    init(config: ClusterConfig, streams: StreamFactory, containers: Int) {
        precondition(
            !config.hogs.contains { $0.kind.isBatch } || config.hogs.count <= BatchTaskID.maxHogs,
            "batch jobs: at most \(BatchTaskID.maxHogs) hogs")
        runs = Array(repeating: Run(), count: config.hogs.count)
        workStreams = config.hogs.indices.map { config.hogs[$0].kind.isBatch ? streams.stream("hogs/\($0)/work") : nil }
        runningOn = Array(repeating: 0, count: containers)
    }

    /// Whether tasks wait for a slot.
    @inline(__always) var hasWaitingTasks: Bool { waiting > 0 }

    /// Whether container `c` runs batch tasks.
    func runsTasks(_ c: ContainerID) -> Bool { runningOn[c.index] > 0 }

    /// Hog `h`'s job as a summary at `now` (ns).
    func summary(_ h: Int, config: ClusterConfig, now: Int64) -> BatchJobSummary {
        let run = runs[h]
        return BatchJobSummary(
            hog: h, service: config.services[config.hogs[h].service].name, start: Double(run.start) / 1e9,
            tasks: run.tasks.count, completed: run.tasks.count - run.remaining, retries: run.retries,
            makespan: run.remaining == 0 ? Double(now - run.start) / 1e9 : nil,
            waitedForSlot: run.firstRunning >= 0 ? Double(run.firstRunning - run.start) / 1e9 : nil)
    }

    /// Every batch job of the run so far, finished ones first, then the ones still running, by
    /// start time.
    /// - Complexity: O(j log j) for j jobs.
    func summary(config: ClusterConfig, now: Int64) -> [BatchJobSummary] {
        var out = summaries
        for h in runs.indices where runs[h].active {
            guard case .batch = config.hogs[h].kind else { continue }
            out.append(summary(h, config: config, now: now))
        }
        return out.sorted { ($0.start, $0.hog) < ($1.start, $1.hog) }
    }

    /// Every workflow run so far (finished, failed or still running at `now`), by start time.
    /// - Complexity: O(r log r) for r runs, plus O(tasks + edges) per running one.
    func workflowSummary(config: ClusterConfig, now: Int64) -> [WorkflowRunSummary] {
        var out = workflowSummaries
        for h in runs.indices where runs[h].active {
            guard case .workflow(let w, _) = config.hogs[h].kind else { continue }
            out.append(WorkflowRunSummary(hog: h, workflow: w, config: config, run: runs[h], now: now, over: false))
        }
        return out.sorted { ($0.start, $0.hog) < ($1.start, $1.hog) }
    }
}

/// One batch job of a run: what it asked for and how it went.
public struct BatchJobSummary: Sendable, Hashable, Codable {
    /// Index of the batch hog in the scenario's `hogs`.
    public var hog: Int
    /// The batch service (its containers are the task slots).
    public var service: String
    /// When the job started (seconds since the start of the run).
    public var start: Double
    public var tasks: Int
    /// Tasks finished by the end of the run.
    public var completed: Int
    /// Tasks restarted from scratch because their container died (OOM kill, machine crash, …).
    public var retries: Int
    /// Job start → last task done (seconds); nil when the job had not finished by the end of the run.
    public var makespan: Double?
    /// Job start → its first task running (seconds); nil when no task ever found a slot.
    public var waitedForSlot: Double?
    public init(
        hog: Int, service: String, start: Double, tasks: Int, completed: Int, retries: Int,
        makespan: Double?, waitedForSlot: Double?
    ) {
        self.hog = hog
        self.service = service
        self.start = start
        self.tasks = tasks
        self.completed = completed
        self.retries = retries
        self.makespan = makespan
        self.waitedForSlot = waitedForSlot
    }
}
