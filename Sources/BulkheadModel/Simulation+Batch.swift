import BulkheadKernel
import BulkheadStochastic

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
    public init(hog: Int, service: String, start: Double, tasks: Int, completed: Int, retries: Int,
                makespan: Double?, waitedForSlot: Double?) {
        self.hog = hog; self.service = service; self.start = start; self.tasks = tasks; self.completed = completed
        self.retries = retries; self.makespan = makespan; self.waitedForSlot = waitedForSlot
    }
}

/// State of the batch hogs: per hog its current job's tasks, per container the tasks it runs.
struct BatchState {
    struct Task {
        /// CPU-seconds of single-threaded work (the same on every attempt).
        var work: Double
        /// Container running it, or -1 (waiting or done).
        var container: Int32 = -1
        /// Incremented on every retry: a completion of an older attempt is stale.
        var attempt: UInt32 = 0
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
    }
    var runs: [Run]
    /// Per batch hog: the stream `hogs/<index>/work` (nil for other kinds).
    var workStreams: [RandomStream?]
    /// Per container: batch tasks running in it.
    var runningOn: [Int32]
    /// Tasks waiting for a slot, over all batch hogs.
    var waiting = 0
    var summaries: [BatchJobSummary] = []

    init(config: ClusterConfig, streams: StreamFactory, containers: Int) {
        runs = Array(repeating: Run(), count: config.hogs.count)
        workStreams = config.hogs.indices.map { config.hogs[$0].kind.isBatch ? streams.stream("hogs/\($0)/work") : nil }
        runningOn = Array(repeating: 0, count: containers)
    }

    /// The id of task `t` of hog `h` in a container's job heap: ≤ −2, so never a request.
    @inline(__always) static func code(hog h: Int, task t: Int) -> Int32 { -2 - Int32(h << 20 | t) }
    @inline(__always) static func decode(_ r: Int32) -> (hog: Int, task: Int) {
        let x = Int(-2 - r)
        return (x >> 20, x & 0xFFFFF)
    }
}

/// Batch jobs: a best-effort tenant's bag of tasks run in its service's containers, which act as
/// task slots placed by the scenario's placement policy. Each task is one single-threaded CPU job
/// in the container's processor-sharing queue (the same jobs requests run as, so it takes CPU by
/// the machine's isolation rules and interference exactly as requests do); a container runs at
/// most `perContainer` tasks at once. Tasks are handed out breadth-first over the live slots; a
/// task whose container dies is retried from scratch in whichever slot frees first (another
/// container, since its own is dead), and tasks with no free slot wait until one frees or a
/// container starts. The activation (incident `hog/batch`) ends when the last task is done.
/// Bag-of-tasks with retry-on-failure, as in MapReduce (Dean & Ghemawat, OSDI 2004, §3.3).
/// Touches nothing on the request path unless a batch hog exists. See docs/model.md.
extension Simulation {
    /// Starts hog `h`'s job: draws every task's work, then places what fits.
    mutating func startBatchJob(_ h: Int) {
        guard case .batch(let n, let work, _) = config.hogs[h].kind, let stream = hogs.batch.workStreams[h] else { return }
        var run = BatchState.Run(active: true, start: queue.now.nanoseconds)
        run.tasks = (0..<n).map { _ in BatchState.Task(work: work.sampleNonNegative(stream)) }
        run.pending = (0..<n).reversed().map(Int32.init)
        run.remaining = n
        hogs.batch.runs[h] = run
        hogs.batch.waiting += n
        dispatchBatch(h)
    }

    /// The attempt of the task behind job id `r` (stale completions are ignored).
    func batchAttempt(_ r: Int32) -> UInt32 {
        let (h, t) = BatchState.decode(r)
        return hogs.batch.runs[h].tasks[t].attempt
    }

    /// Places hog `h`'s waiting tasks in free slots, one per live container per round.
    /// - Complexity: O(tasks placed × slots).
    mutating func dispatchBatch(_ h: Int) {
        guard hogs.batch.runs[h].active, case .batch(_, _, let per) = config.hogs[h].kind else { return }
        let slots = hogs.replicasOf[config.hogs[h].service]
        var placed = true
        while placed && !hogs.batch.runs[h].pending.isEmpty {
            placed = false
            for c in slots.map(Int.init) where !hogs.batch.runs[h].pending.isEmpty {
                guard containers[c].alive, !containers[c].evicted, machines[Int(containers[c].machine)].up,
                      hogs.batch.runningOn[c] < per else { continue }
                let t = Int(hogs.batch.runs[h].pending.removeLast())
                hogs.batch.waiting -= 1
                hogs.batch.runs[h].tasks[t].container = Int32(c)
                if hogs.batch.runs[h].firstRunning < 0 { hogs.batch.runs[h].firstRunning = queue.now.nanoseconds }
                hogs.batch.runningOn[c] += 1
                hogs.touched[c] = true
                startWork(BatchState.code(hog: h, task: t), container: c, work: hogs.batch.runs[h].tasks[t].work)
                placed = true
            }
        }
    }

    /// The CPU work of the task behind job id `r` is done: its slot frees; the job ends with its last task.
    mutating func batchTaskDone(_ r: Int32, attempt: UInt32) {
        let (h, t) = BatchState.decode(r)
        let task = hogs.batch.runs[h].tasks[t]
        guard hogs.batch.runs[h].active, task.attempt == attempt, !task.done, task.container >= 0 else { return }
        hogs.batch.runs[h].tasks[t].done = true
        hogs.batch.runs[h].tasks[t].container = -1
        hogs.batch.runningOn[Int(task.container)] -= 1
        hogs.batch.runs[h].remaining -= 1
        if hogs.batch.runs[h].remaining == 0 {
            hogs.batch.summaries.append(summary(h))
            hogs.batch.runs[h].active = false
            endActivation(h)
        } else {
            dispatchBatch(h)
        }
    }

    /// Container `c` is being killed (still marked alive): its tasks go back to waiting, to be
    /// placed by a `batchDispatch` event at the same instant, once it is dead.
    mutating func batchContainerKilled(_ c: Int) {
        for h in hogs.batch.runs.indices where hogs.batch.runs[h].active {
            var requeued = false
            for t in hogs.batch.runs[h].tasks.indices where hogs.batch.runs[h].tasks[t].container == Int32(c) {
                hogs.batch.runs[h].tasks[t].container = -1
                hogs.batch.runs[h].tasks[t].attempt &+= 1
                hogs.batch.runs[h].retries += 1
                hogs.batch.runs[h].pending.append(Int32(t))
                hogs.batch.waiting += 1
                requeued = true
            }
            if requeued {
                queue.schedule(at: queue.now, priority: 45,
                               .hog(phase: HogPhase.batchDispatch.rawValue, index: Int32(h), arg: 0))
            }
        }
        hogs.batch.runningOn[c] = 0
    }

    /// Container `c` started: waiting tasks of its service's batch jobs may run there.
    mutating func batchContainerStarted(_ c: Int) {
        let s = Int(containers[c].service)
        for h in hogs.batch.runs.indices where hogs.batch.runs[h].active && config.hogs[h].service == s {
            dispatchBatch(h)
        }
    }

    func summary(_ h: Int) -> BatchJobSummary {
        let run = hogs.batch.runs[h]
        let now = queue.now.nanoseconds
        return BatchJobSummary(
            hog: h, service: config.services[config.hogs[h].service].name, start: Double(run.start) / 1e9,
            tasks: run.tasks.count, completed: run.tasks.count - run.remaining, retries: run.retries,
            makespan: run.remaining == 0 ? Double(now - run.start) / 1e9 : nil,
            waitedForSlot: run.firstRunning >= 0 ? Double(run.firstRunning - run.start) / 1e9 : nil)
    }

    /// Every batch job of the run so far, finished ones first, then the ones still running.
    func batchSummary() -> [BatchJobSummary] {
        var out = hogs.batch.summaries
        for h in hogs.batch.runs.indices where hogs.batch.runs[h].active { out.append(summary(h)) }
        return out.sorted { ($0.start, $0.hog) < ($1.start, $1.hog) }
    }
}
