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
    /// Starts hog `h`'s job (or workflow run): draws every task's work, then places what is ready.
    /// Attempt numbers carry on from the hog's previous run, so that a completion or retry left
    /// over from it is stale.
    /// - Complexity: O(tasks + edges), plus the first dispatch.
    mutating func startBatchJob(_ h: HogID) {
        guard let stream = batch.workStreams[h.index] else { return }
        let previous = batch.runs[h.index].tasks
        var run = BatchJobs.Run(active: true, start: queue.now.nanoseconds)
        switch config.hogs[h.index].kind {
        case .batch(let n, let work, _):
            precondition(n <= BatchTaskID.maxTasks, "batch hog \(h): at most \(BatchTaskID.maxTasks) tasks")
            run.tasks = (0..<n).map { _ in BatchJobs.Task(work: work.sampleNonNegative(stream)) }
            run.pending = (0..<n).reversed().map(Int32.init)
        case .workflow(let w, _):
            precondition(w.tasks.count <= BatchTaskID.maxTasks, "workflow \(w.name): at most \(BatchTaskID.maxTasks) tasks")
            run.tasks = w.tasks.map { BatchJobs.Task(work: $0.work.sampleNonNegative(stream), memory: $0.memory) }
            run.unmet = w.tasks.map { Int32($0.after.count) }
            run.pending = w.tasks.indices.reversed().filter { run.unmet[$0] == 0 }.map(Int32.init)
        default:
            return
        }
        for t in run.tasks.indices where t < previous.count { run.tasks[t].attempt = previous[t].attempt &+ 1 }
        run.remaining = run.tasks.count
        batch.runs[h.index] = run
        batch.waiting += run.pending.count
        dispatchBatch(h)
    }

    /// Places hog `h`'s waiting tasks in free slots, one per live container per round. A task
    /// with memory charges it first (as a request does): if that kills the container, the task
    /// died with it and is handled as any other death.
    /// - Complexity: O(tasks placed × slots).
    mutating func dispatchBatch(_ h: HogID) {
        let per = config.hogs[h.index].kind.perContainer
        guard batch.runs[h.index].active, per > 0 else { return }
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
                batch.runs[h.index].running += 1
                if batch.runs[h.index].firstRunning < 0 { batch.runs[h.index].firstRunning = queue.now.nanoseconds }
                batch.runningOn[c.index] += 1
                hogs.touch(c)
                placed = true
                let task = batch.runs[h.index].tasks[Int(t)]
                if task.memory > 0 {
                    chargeMemory(c, task.memory)
                    // The task may have died with its container (or a neighbour's kill).
                    guard batch.runs[h.index].tasks[Int(t)].container == c,
                        batch.runs[h.index].tasks[Int(t)].attempt == task.attempt
                    else { continue }
                }
                startJob(.batchTask(BatchTaskID(hog: h, task: t), attempt: task.attempt), in: c, work: task.work)
            }
        }
    }

    /// The CPU work of one attempt of a task is done: its slot (and memory) frees; a workflow's
    /// tasks that were waiting only for it become ready; the job ends with its last task (a failed
    /// workflow run with its last running task).
    mutating func batchTaskDone(_ id: BatchTaskID, attempt: UInt32) {
        let h = id.hog.index
        let t = Int(id.task)
        let task = batch.runs[h].tasks[t]
        guard batch.runs[h].active, task.attempt == attempt, !task.done, !task.container.isNone else { return }
        let c = task.container
        batch.runs[h].tasks[t].done = true
        batch.runs[h].tasks[t].container = .none
        batch.runningOn[c.index] -= 1
        batch.runs[h].running -= 1
        batch.runs[h].remaining -= 1
        if task.memory > 0 && memory.isRunning(c) {
            let m = cluster.machine(of: c)
            advance(m)
            memory.uncharge(c, on: m, task.memory)
        }
        if batch.runs[h].failedTask >= 0 {
            if batch.runs[h].running == 0 { finishBatchRun(id.hog) }
        } else if batch.runs[h].remaining == 0 {
            finishBatchRun(id.hog)
        } else {
            if case .workflow(let w, _) = config.hogs[h].kind { releaseDependents(of: t, in: id.hog, w) }
            dispatchBatch(id.hog)
        }
    }

    /// Hog `h`'s job or workflow run is over (done, or failed with nothing left running): its
    /// summary is kept and its activation ends.
    mutating func finishBatchRun(_ h: HogID) {
        let now = queue.now.nanoseconds
        if case .workflow(let w, _) = config.hogs[h.index].kind {
            batch.workflowSummaries.append(
                WorkflowRunSummary(hog: h.index, workflow: w, config: config, run: batch.runs[h.index], now: now, over: true))
        } else {
            batch.summaries.append(batch.summary(h.index, config: config, now: now))
        }
        batch.runs[h.index].active = false
        endActivation(h)
    }

    /// Container `c` is being killed (still marked alive): its tasks lose their attempt. A batch
    /// job's go back to waiting, to be placed by a `batchDispatch` event at the same instant, once
    /// it is dead; a workflow's are retried after their back-off, or fail the run past their
    /// maximum.
    /// - Complexity: O(tasks of the running batch jobs and workflows).
    mutating func batchContainerKilled(_ c: ContainerID) {
        for h in batch.runs.indices where batch.runs[h].active {
            var requeued = false
            var lost = false
            for t in batch.runs[h].tasks.indices where batch.runs[h].tasks[t].container == c {
                batch.runs[h].tasks[t].container = .none
                batch.runs[h].tasks[t].attempt &+= 1
                batch.runs[h].tasks[t].retries += 1
                batch.runs[h].running -= 1
                lost = true
                guard batch.runs[h].failedTask < 0 else { continue }
                if case .workflow(let w, _) = config.hogs[h].kind {
                    workflowTaskDied(HogID(h), task: t, w)
                } else {
                    batch.runs[h].retries += 1
                    batch.runs[h].pending.append(Int32(t))
                    batch.waiting += 1
                    requeued = true
                }
            }
            if requeued { queue.schedule(.hog(.batchDispatch(HogID(h))), at: queue.now) }
            if lost && batch.runs[h].failedTask >= 0 && batch.runs[h].running == 0 { finishBatchRun(HogID(h)) }
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
