import BulkheadKernel

/// Releases: staged rollouts of a new version of a service with automatic rollback (see
/// `ReleaseConfig`). A release starts at its time, runs its stages in order, and is rolled back
/// when the error rate on updated replicas over its window (tumbling, or sliding by
/// `rollbackEvery`) is above its threshold.
extension Simulation {
    /// Schedules the start of every release.
    mutating func scheduleReleases() {
        for k in releases.states.indices where releases.states[k].config.at <= end {
            queue.schedule(.releaseStarts(ReleaseID(k)), at: releases.states[k].config.at)
        }
    }

    mutating func startRelease(_ k: ReleaseID) {
        let rel = releases.states[k.index].config
        let bad = releases.states[k.index].badStream._withUnsafeGuaranteedRef { $0.uniform() } < rel.badProbability
        releases.states[k.index].bad = bad
        if bad {
            releases.states[k.index].incident = startIncident(kind: "release", target: config.services[rel.service].name)
        }
        if rel.rollbackErrorRate != nil { queue.schedule(.releaseStep(k, .rollbackCheck), after: rel.rollbackEvery) }
        if rel.isMeasuredDeploy {
            releases.states[k.index].deploy.start = queue.now.nanoseconds
            releases.states[k.index].deploy.failedBefore = releases.externalFailures
        }
        enterStage(k)
    }

    /// Starts the current stage of release `k` (or does nothing once all stages are done).
    /// - Complexity: O(replicas of the service × balancers) (pools are rebuilt).
    mutating func enterStage(_ k: ReleaseID) {
        let rel = releases.states[k.index].config
        let stage = releases.states[k.index].stage
        guard !releases.states[k.index].rolledBack else { return }
        guard stage < rel.stages.count else {
            deployMayEnd(k)
            return
        }
        let replicas = cluster.replicas(of: rel.service)
        let canary = replicas.first
        switch rel.stages[stage] {
        case .darkCanary(_, let soak):
            if let c = canary {
                balancing.setExcluded(c, of: ServiceID(rel.service), true)
                releases.darkRelease[rel.service] = k
                updateReplica(c, to: k)
            }
            queue.schedule(.releaseStep(k, .nextStage), after: soak)
        case .canary(let soak):
            if let c = canary {
                endDarkCanary(k)
                updateReplica(c, to: k)
            }
            queue.schedule(.releaseStep(k, .nextStage), after: soak)
        case .rollingUpdate(let batch, let interval):
            endDarkCanary(k)
            rollingBatch(k, of: replicas, batch: batch, interval: interval)
        case .blueGreen(_, _, let batch, let interval):
            if releases.states[k.index].deploy.fellBack {
                rollingBatch(k, of: releases.states[k.index].deploy.blues, batch: batch, interval: interval)
            } else {
                endDarkCanary(k)
                startBlueGreen(k)
            }
        }
    }

    /// Updates the next `batch` of `replicas` not yet on release `k`'s version; stays in the
    /// stage (the next batch after `interval`) while some remain, else enters the next stage.
    mutating func rollingBatch(_ k: ReleaseID, of replicas: [ContainerID], batch: Int, interval: SimDuration) {
        var n = 0
        for c in replicas where releases.version(of: c) != k && n < batch {
            updateReplica(c, to: k)
            n += 1
        }
        if replicas.contains(where: { releases.version(of: $0) != k }) {
            // Stay in this stage: the next batch after `interval`.
            queue.schedule(.releaseStep(k, .nextStage), after: interval)
        } else {
            releases.states[k.index].stage += 1
            enterStage(k)
        }
    }

    /// A release's stage is over, or a rollback window ended.
    mutating func releaseStep(_ k: ReleaseID, _ step: ReleaseStep) {
        // A rolled-back blue-green release still destroys its old set (or its unused new one).
        if releases.states[k.index].rolledBack && step != .blueGreenDrain {
            if step == .blueGreenRetry || step == .blueGreenReady { abandonNewSet(k) }
            return
        }
        let rel = releases.states[k.index].config
        switch step {
        case .nextStage:
            // Replicas restarting for this release must be ready before the next step (at most
            // `batch` replicas are out at once, as a Kubernetes rolling update's maxUnavailable).
            if releases.states[k.index].deploy.restarting > 0 {
                queue.schedule(.releaseStep(k, .nextStage), after: .seconds(1))
                return
            }
            // A rolling update stays in its stage until its last batch (see `enterStage`).
            switch rel.stages[releases.states[k.index].stage] {
            case .rollingUpdate: break
            case .blueGreen where releases.states[k.index].deploy.fellBack: break
            default: releases.states[k.index].stage += 1
            }
            enterStage(k)
        case .blueGreenRetry: placeNewSet(k)
        case .blueGreenReady: switchWhenReady(k)
        case .blueGreenDrain: drainOldSet(k)
        case .rollbackCheck:
            if let window = releases.closeRollbackStep(k), let threshold = rel.rollbackErrorRate, window.requests > 0,
                Double(window.failures) / Double(window.requests) > threshold
            {
                endDarkCanary(k)
                releases.rollBack(k)
                let incident = releases.states[k.index].incident
                if !incident.isNone { endIncident(incident) }
                deployRolledBack(k)
                return
            }
            if queue.now + rel.rollbackEvery <= end {
                queue.schedule(.releaseStep(k, .rollbackCheck), after: rel.rollbackEvery)
            }
        }
    }

    /// Puts release `k`'s dark canary (if any) back in the pools and stops the dark share.
    mutating func endDarkCanary(_ k: ReleaseID) {
        let s = releases.states[k.index].config.service
        guard releases.darkRelease[s] == k, let c = cluster.replicas(of: s).first else { return }
        releases.darkRelease[s] = .none
        balancing.setExcluded(c, of: ServiceID(s), false)
    }

    /// Request `r` arrives at a replica running release `k`: counted and, for a bad version,
    /// failed with probability `errorRate`. Returns true when it failed (the work is still drawn,
    /// so that the work stream stays aligned with the fault-free twin).
    mutating func releaseRejects(_ r: RequestID, release k: ReleaseID) -> Bool {
        guard !releases.admits(k) else { return false }
        _ = requests.drawWork(requests[r].service)
        finish(r, .badRelease)
        return true
    }

    /// A dark canary takes `share` of its service's requests (if it is alive and reachable).
    /// - Returns: the canary container, or nil to balance normally.
    mutating func darkCanaryTarget(service s: ServiceID) -> ContainerID? {
        guard let c = cluster.replicas(of: s.index).first, releases.drawsDarkShare(s),
            cluster.isAlive(c), cluster.isReachable(cluster.machine(of: c))
        else { return nil }
        return c
    }
}
