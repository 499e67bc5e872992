import BulkheadKernel

/// Memory: usage = base + in-flight requests × per-request memory. With `limits`, a container
/// above its limit is OOM-killed; with `none`, a machine that runs out of memory has its OOM
/// killer kill the container with the largest usage (Linux's `oom_badness` is dominated by
/// resident memory), which may be an innocent neighbour.
extension Simulation {
    mutating func addMemory(container c: Int, _ bytes: Double) {
        let m = Int(containers[c].machine)
        if hogs.leakersOn[m] > 0 { return addMemoryWithLeaks(container: c, bytes) }
        advance(m)
        containers[c].memoryUsed += bytes
        machines[m].memoryUsed += bytes
        if containers[c].memoryUsed > containers[c].memoryLimit {
            kill(c, reason: .oomLimit, innocent: false)
            return
        }
        while machines[m].memoryUsed > machines[m].memory {
            var victim = -1
            var largest = -1.0
            for k in machines[m].containers {
                let ki = Int(k)
                if containers[ki].alive && containers[ki].memoryUsed > largest {
                    largest = containers[ki].memoryUsed
                    victim = ki
                }
            }
            guard victim >= 0 else { break }
            kill(victim, reason: .oomMachine, innocent: victim != c)
        }
    }

    /// Kills container `c`: its in-flight requests fail, its memory is freed, and it restarts
    /// after a back-off (doubling from 10 s, capped at 5 min, reset after 10 min of running, as
    /// Kubernetes' CrashLoopBackOff) plus its start-up time.
    mutating func kill(_ c: Int, reason: KillReason, innocent: Bool) {
        let m = Int(containers[c].machine)
        advance(m)
        if hogs.touches(c) { hogContainerKilled(c) }
        containers[c].alive = false
        containers[c].kills += 1
        observer.containerKilled(container: c, machine: m, reason: reason, at: queue.now, innocent: innocent)
        clearJobs(c)
        machines[m].memoryUsed -= containers[c].memoryUsed
        containers[c].memoryUsed = 0
        let outcome: RequestOutcome = reason == .crash ? .crashed : .oomKilled
        while let r = containers[c].residents.last {
            finish(r, outcome)
        }
        // A container whose machine crashed restarts when the machine is back (`machineUp`).
        guard reason != .machineFailure else { return }
        // CrashLoopBackOff resets after 10 minutes of running without a crash.
        if queue.now.nanoseconds - containers[c].startedAt >= 600_000_000_000 {
            containers[c].restartBackoff = config.restartBackoff
        }
        let delay = containers[c].restartBackoff + config.startupTime
        let doubled = containers[c].restartBackoff * 2
        containers[c].restartBackoff = doubled < config.restartBackoffCap ? doubled : config.restartBackoffCap
        queue.schedule(after: delay, priority: 50, .containerStart(container: Int32(c)))
    }

    mutating func containerStart(_ c: Int) {
        let m = Int(containers[c].machine)
        guard machines[m].up, !containers[c].evicted, !containers[c].alive else { return }
        advance(m)
        containers[c].alive = true
        containers[c].startedAt = queue.now.nanoseconds
        containerRestored(c)
        containers[c].memoryUsed = containers[c].memoryBase
        machines[m].memoryUsed += containers[c].memoryBase
        if crashIncident[c] >= 0 {
            observer.incidentEnded(id: Int(crashIncident[c]), at: queue.now)
            crashIncident[c] = -1
        }
        // Batch tasks waiting for a slot may run here (Simulation+Batch.swift).
        if hogs.batch.waiting > 0 { batchContainerStarted(c) }
        // A restart on a machine with leaks brings the next crossing closer (Simulation+Hogs.swift).
        if hogs.leakersOn[m] > 0 {
            foldLeaks(m)
            scheduleLeakCheck(m)
        }
    }
}
