import BulkheadKernel

/// Workflows: a DAG of tasks run on a batch service's slots with the batch machinery
/// (Simulation+Batch.swift: the same CPU jobs, slots, dispatch and kill handling). What a workflow
/// adds: a task is ready (waits for a slot) once every task it comes `after` is done, and ready
/// tasks are placed first-ready, first-placed; a task whose container dies (crash, OOM kill,
/// machine failure, re-placement) loses its attempt and is ready again after its back-off, from
/// scratch; a death past its maximum retries fails the run: nothing more is placed, tasks already
/// running finish, and the run ends with the last of them (Argo Workflows' `failFast` for DAGs;
/// retries with a fixed back-off as Airflow's `retries` / `retry_delay`). See docs/model.md,
/// "Workflows".
extension Simulation {
    /// Task `t` of workflow hog `h` lost its attempt (its container is being killed): retried
    /// after its back-off, or the run fails if that was one death too many.
    mutating func workflowTaskDied(_ h: HogID, task t: Int, _ w: WorkflowConfig) {
        let task = batch.runs[h.index].tasks[t]
        guard task.retries <= w.tasks[t].maxRetries else { return failWorkflowRun(h, task: t) }
        batch.runs[h.index].retries += 1
        let owner = JobOwner.batchTask(BatchTaskID(hog: h, task: Int32(t)), attempt: task.attempt)
        queue.schedule(.hog(.workflowRetry(owner)), after: w.tasks[t].backoff)
    }

    /// A task's back-off is over: unless stale (the run failed, or another run or attempt is
    /// current), it is ready for a slot again.
    mutating func workflowRetryDue(_ owner: JobOwner) {
        guard case .batchTask(let id, let attempt) = owner.kind else { return }
        let run = batch.runs[id.hog.index]
        let task = run.tasks[Int(id.task)]
        guard run.active, run.failedTask < 0, task.attempt == attempt, task.container.isNone, !task.done else { return }
        batch.runs[id.hog.index].pending.insert(id.task, at: 0)
        batch.waiting += 1
        dispatchBatch(id.hog)
    }

    /// Task `t` of workflow hog `h` is done: the tasks that waited only for it are ready, after
    /// those already waiting.
    /// - Complexity: O(dependents of `t` + waiting tasks).
    mutating func releaseDependents(of t: Int, in h: HogID, _ w: WorkflowConfig) {
        var ready: [Int32] = []
        for d in w.dependents[t] {
            batch.runs[h.index].unmet[Int(d)] -= 1
            if batch.runs[h.index].unmet[Int(d)] == 0 { ready.append(d) }
        }
        // `pending` is placed from its end: the first ready task goes last.
        batch.runs[h.index].pending.insert(contentsOf: ready.reversed(), at: 0)
        batch.waiting += ready.count
    }

    /// Workflow hog `h`'s run fails on task `t`: its waiting tasks are dropped (tasks backing off
    /// find the run failed); it ends now, or when its last running task is done.
    mutating func failWorkflowRun(_ h: HogID, task t: Int) {
        batch.runs[h.index].failedTask = Int32(t)
        batch.waiting -= batch.runs[h.index].pending.count
        batch.runs[h.index].pending = []
    }
}
