import BulkheadKernel
import BulkheadStochastic

/// Batch jobs: a best-effort tenant's bag of tasks run in its service's containers, which act as
/// task slots placed by the scenario's placement policy. Each task is one single-threaded CPU job
/// in the container's processor-sharing queue (the same jobs requests run as, owned by the task
/// instead of a request, so it takes CPU by the machine's isolation rules and interference exactly
/// as requests do); a container runs at most `perContainer` tasks at once. Tasks are handed out
/// breadth-first over the live slots; a task whose container dies is retried from scratch in
/// whichever slot frees first (another container, since its own is dead), and tasks with no free
/// slot wait until one frees or a container starts. The activation (incident `hog/batch`) ends
/// when the last task is done. Bag-of-tasks with retry-on-failure, as in MapReduce (Dean &
/// Ghemawat, OSDI 2004, §3.3). Touches nothing on the request path unless a batch hog exists.
/// See docs/model.md.
extension Simulation {
    /// Starts hog `h`'s job: draws every task's work, then places what fits.
    /// - Complexity: O(tasks), plus the first dispatch.
    mutating func startBatchJob(_ h: HogID) {
        guard case .batch(let n, let work, _) = config.hogs[h.index].kind, let stream = batch.workStreams[h.index] else { return }
        precondition(n <= BatchTaskID.maxTasks, "batch hog \(h): at most \(BatchTaskID.maxTasks) tasks")
        var run = BatchJobs.Run(active: true, start: queue.now.nanoseconds)
        run.tasks = (0..<n).map { _ in BatchJobs.Task(work: work.sampleNonNegative(stream)) }
        run.pending = (0..<n).reversed().map(Int32.init)
        run.remaining = n
        batch.runs[h.index] = run
        batch.waiting += n
        dispatchBatch(h)
    }

    /// Places hog `h`'s waiting tasks in free slots, one per live container per round.
    /// - Complexity: O(tasks placed × slots).
    mutating func dispatchBatch(_ h: HogID) {
        guard batch.runs[h.index].active, case .batch(_, _, let per) = config.hogs[h.index].kind else { return }
        let slots = cluster.replicas(of: config.hogs[h.index].service)
        var placed = true
        while placed && !batch.runs[h.index].pending.isEmpty {
            placed = false
            for c in slots where !batch.runs[h.index].pending.isEmpty {
                guard cluster.isAlive(c), !cluster.isEvicted(c), cluster.isUp(cluster.machine(of: c)),
                    batch.runningOn[c.index] < per
                else { continue }
                let t = batch.runs[h.index].pending.removeLast()
                batch.waiting -= 1
                batch.runs[h.index].tasks[Int(t)].container = c
                if batch.runs[h.index].firstRunning < 0 { batch.runs[h.index].firstRunning = queue.now.nanoseconds }
                batch.runningOn[c.index] += 1
                hogs.touch(c)
                let task = batch.runs[h.index].tasks[Int(t)]
                startJob(.batchTask(BatchTaskID(hog: h, task: t), attempt: task.attempt), in: c, work: task.work)
                placed = true
            }
        }
    }

    /// The CPU work of one attempt of a task is done: its slot frees; the job ends with its last task.
    mutating func batchTaskDone(_ id: BatchTaskID, attempt: UInt32) {
        let h = id.hog.index
        let t = Int(id.task)
        let task = batch.runs[h].tasks[t]
        guard batch.runs[h].active, task.attempt == attempt, !task.done, !task.container.isNone else { return }
        batch.runs[h].tasks[t].done = true
        batch.runs[h].tasks[t].container = .none
        batch.runningOn[task.container.index] -= 1
        batch.runs[h].remaining -= 1
        if batch.runs[h].remaining == 0 {
            batch.summaries.append(batch.summary(h, config: config, now: queue.now.nanoseconds))
            batch.runs[h].active = false
            endActivation(id.hog)
        } else {
            dispatchBatch(id.hog)
        }
    }

    /// Container `c` is being killed (still marked alive): its tasks go back to waiting, to be
    /// placed by a `batchDispatch` event at the same instant, once it is dead.
    /// - Complexity: O(tasks of the running batch jobs).
    mutating func batchContainerKilled(_ c: ContainerID) {
        for h in batch.runs.indices where batch.runs[h].active {
            var requeued = false
            for t in batch.runs[h].tasks.indices where batch.runs[h].tasks[t].container == c {
                batch.runs[h].tasks[t].container = .none
                batch.runs[h].tasks[t].attempt &+= 1
                batch.runs[h].retries += 1
                batch.runs[h].pending.append(Int32(t))
                batch.waiting += 1
                requeued = true
            }
            if requeued { queue.schedule(.hog(.batchDispatch(HogID(h))), at: queue.now) }
        }
        batch.runningOn[c.index] = 0
    }

    /// Container `c` started: waiting tasks of its service's batch jobs may run there.
    mutating func batchContainerStarted(_ c: ContainerID) {
        let s = cluster.service(of: c).index
        for h in batch.runs.indices where batch.runs[h].active && config.hogs[h].service == s {
            dispatchBatch(HogID(h))
        }
    }
}
