import BulkheadKernel

/// A release's own cost: replicas restarting in place (`restart`), and blue-green deploys.
///
/// **Restart in place** (a stage updates replica c of a release with `restart`): c leaves every
/// pool, keeps serving its in-flight requests until none is left or the drain grace is over (the
/// rest fail as `dead-replica`), stops, starts `startup` later and rejoins the pools once alive;
/// for its first `warmupDuration` in the pools its requests cost `warmupFactor` × their CPU work
/// (cold caches, JIT). The next batch of a rolling update waits until the current one is ready.
///
/// **Blue-green** (`ReleaseConfig.Stage.blueGreen`): a second full set of replicas (parked slots
/// from the start, one per replica) is placed by the scenario's placement policy and started.
/// When some replica fits nowhere, `onNoCapacity` decides: `abort` removes the placed ones and
/// gives the release up, `wait` retries the others every `retry`, `rolling` removes the placed
/// ones and updates the old set in place instead. Once every new replica is alive and believed
/// healthy by every balancer that routes to the service, traffic switches at once: the new set
/// joins the pools (running the new version, warming up), the old set leaves them, drains and
/// is destroyed. See docs/model.md ("Deploys: restart cost and blue-green").
extension Simulation {
    /// Updates replica `c` to release `k`'s version: in place and free without a restart cost,
    /// else through a restart.
    mutating func updateReplica(_ c: ContainerID, to k: ReleaseID) {
        guard releases.version(of: c) != k else { return }
        releases.update(c, to: k)
        guard releases.states[k.index].config.restart != nil, releases.restartOf[c.index].isNone else { return }
        releases.restartOf[c.index] = k
        releases.restartLeftAt[c.index] = queue.now.nanoseconds
        releases.states[k.index].deploy.restarting += 1
        balancing.setExcluded(c, of: cluster.service(of: c), true)
        replicaRestart(c, .drain)
    }

    /// The next step of replica `c`'s restart (see the extension's header).
    mutating func replicaRestart(_ c: ContainerID, _ step: RestartStep) {
        let k = releases.restartOf[c.index]
        guard !k.isNone, let restart = releases.states[k.index].config.restart else { return }
        let now = queue.now.nanoseconds
        switch step {
        case .drain:
            if cluster.isAlive(c) && requests.residentCount(in: c) > 0
                && now - releases.restartLeftAt[c.index] < restart.drain.nanoseconds
            {
                queue.schedule(.replicaRestart(c, .drain), after: .milliseconds(100))
                return
            }
            stopContainer(c)
            scheduleStart(c, after: restart.startup)
            queue.schedule(.replicaRestart(c, .ready), after: restart.startup)
        case .ready:
            // Start events of the same instant run after release steps; a crash or a machine
            // down delays it further.
            guard cluster.isAlive(c) else {
                queue.schedule(.replicaRestart(c, .ready), after: .seconds(1))
                return
            }
            releases.restartOf[c.index] = .none
            releases.states[k.index].deploy.restarting -= 1
            releases.states[k.index].deploy.replicaSecondsOut += Double(now - releases.restartLeftAt[c.index]) / 1e9
            startWarmup(c, restart)
            let s = cluster.service(of: c)
            // A dark canary stays out of the pools (it takes its share directly).
            let dark = releases.darkRelease[s.index] == k && cluster.replicas(of: s.index).first == c
            if !dark { balancing.setExcluded(c, of: s, false) }
            deployMayEnd(k)
        }
    }

    /// Container `c` takes traffic from now with cold caches for `restart.warmupDuration`.
    mutating func startWarmup(_ c: ContainerID, _ restart: ReleaseConfig.Restart?) {
        guard let restart, restart.warmupDuration.nanoseconds > 0 else { return }
        releases.warmUntil[c.index] = queue.now.nanoseconds + restart.warmupDuration.nanoseconds
        releases.warmFactor[c.index] = restart.warmupFactor
    }

    /// The restart cost a blue-green stage's new replicas pay: the release's, else the cluster's
    /// start-up time, no warm-up and a 30 s drain.
    func blueGreenRestart(_ k: ReleaseID) -> ReleaseConfig.Restart {
        releases.states[k.index].config.restart
            ?? .init(startup: config.startupTime, warmupFactor: 1, warmupDuration: .zero, drain: .seconds(30))
    }

    // MARK: blue-green

    /// The blue-green stage begins: the old set is the service's placed replicas; place the new one.
    mutating func startBlueGreen(_ k: ReleaseID) {
        let s = releases.states[k.index].config.service
        let greens = releases.states[k.index].deploy.greens
        releases.states[k.index].deploy.blues = cluster.replicas(of: s).filter { !greens.contains($0) && !cluster.isEvicted($0) }
        releases.states[k.index].deploy.placedAt = greens.map { _ in -1 }
        releases.states[k.index].deploy.phase = .placing
        placeNewSet(k)
    }

    /// Places every new replica not placed yet (each starts at once); when all are placed, waits
    /// for them to be ready; when some fit nowhere, does what `onNoCapacity` says.
    mutating func placeNewSet(_ k: ReleaseID) {
        guard let bg = releases.states[k.index].config.blueGreen, releases.states[k.index].deploy.phase == .placing else {
            return
        }
        let restart = blueGreenRestart(k)
        let greens = releases.states[k.index].deploy.greens
        var missing = 0
        for (i, g) in greens.enumerated() where releases.states[k.index].deploy.placedAt[i] < 0 {
            guard placeParked(g) else {
                missing += 1
                continue
            }
            releases.states[k.index].deploy.placedAt[i] = queue.now.nanoseconds
            balancing.keepExcluded(g)
            scheduleStart(g, after: restart.startup)
        }
        guard missing > 0 else {
            releases.states[k.index].deploy.phase = .starting
            queue.schedule(.releaseStep(k, .blueGreenReady), after: restart.startup)
            return
        }
        releases.states[k.index].deploy.unplaceableAttempts += 1
        switch bg.onNoCapacity {
        case .wait:
            if queue.now + bg.retry <= end { queue.schedule(.releaseStep(k, .blueGreenRetry), after: bg.retry) }
        case .abort:
            abandonNewSet(k)
            finishDeploy(k, .abortedNoCapacity)
        case .rolling:
            abandonNewSet(k)
            releases.states[k.index].deploy.fellBack = true
            releases.states[k.index].deploy.phase = .updating
            enterStage(k)
        }
    }

    /// Switches traffic to the new set once every new replica is alive and every balancer routing
    /// to the service believes it healthy (checked again every second until then).
    mutating func switchWhenReady(_ k: ReleaseID) {
        guard releases.states[k.index].deploy.phase == .starting else { return }
        let s = ServiceID(releases.states[k.index].config.service)
        let greens = releases.states[k.index].deploy.greens
        guard greens.allSatisfy({ cluster.answers($0) && balancing.isBelievedHealthy($0, of: s) }) else {
            queue.schedule(.releaseStep(k, .blueGreenReady), after: .seconds(1))
            return
        }
        let restart = blueGreenRestart(k)
        for g in greens {
            releases.update(g, to: k)
            startWarmup(g, restart)
            balancing.setExcluded(g, of: s, false)
        }
        for b in releases.states[k.index].deploy.blues { balancing.setExcluded(b, of: s, true) }
        releases.states[k.index].deploy.phase = .draining
        releases.states[k.index].deploy.drainStart = queue.now.nanoseconds
        drainOldSet(k)
    }

    /// Destroys every old replica with no request left (all of them once the drain grace is
    /// over); checks again every 100 ms until the old set is gone, which ends the deploy.
    mutating func drainOldSet(_ k: ReleaseID) {
        guard releases.states[k.index].deploy.phase == .draining else { return }
        let grace = blueGreenRestart(k).drain.nanoseconds
        let over = queue.now.nanoseconds - releases.states[k.index].deploy.drainStart >= grace
        var left = 0
        for b in releases.states[k.index].deploy.blues where !cluster.isEvicted(b) {
            if over || !cluster.isAlive(b) || requests.residentCount(in: b) == 0 {
                destroy(b)
            } else {
                left += 1
            }
        }
        guard left == 0 else {
            queue.schedule(.releaseStep(k, .blueGreenDrain), after: .milliseconds(100))
            return
        }
        finishDeploy(k, releases.states[k.index].rolledBack ? .rolledBack : .completed)
    }

    /// Destroys the new replicas placed so far (abort, fallback, or a rollback before the switch).
    mutating func abandonNewSet(_ k: ReleaseID) {
        let phase = releases.states[k.index].deploy.phase
        guard phase == .placing || phase == .starting else { return }
        accrueNewSet(k)
        for g in releases.states[k.index].deploy.greens where !cluster.isEvicted(g) { destroy(g) }
        releases.states[k.index].deploy.placedAt = releases.states[k.index].deploy.greens.map { _ in -1 }
        if releases.states[k.index].rolledBack { finishDeploy(k, .rolledBack) }
    }

    /// Adds the placed new replicas' machine-seconds up to now to the deploy's extra cost.
    mutating func accrueNewSet(_ k: ReleaseID) {
        let now = queue.now.nanoseconds
        let cpuRequest = config.services[releases.states[k.index].config.service].cpuRequest
        for (i, g) in releases.states[k.index].deploy.greens.enumerated() where i < releases.states[k.index].deploy.placedAt.count
        {
            let at = releases.states[k.index].deploy.placedAt[i]
            guard at >= 0 else { continue }
            let cores = config.machines[cluster.machine(of: g).index].cpu
            releases.states[k.index].deploy.extraMachineSeconds += Double(now - at) / 1e9 * min(1, cpuRequest / cores)
            releases.states[k.index].deploy.placedAt[i] = now
        }
    }

    // MARK: the deploy's end

    /// A rolling deploy (in place) ends when every stage is done and no replica is restarting.
    mutating func deployMayEnd(_ k: ReleaseID) {
        let d = releases.states[k.index].deploy
        guard releases.states[k.index].config.isMeasuredDeploy, d.phase == .updating, d.restarting == 0,
            releases.states[k.index].stage >= releases.states[k.index].config.stages.count
        else { return }
        finishDeploy(k, .completed)
    }

    /// The release was rolled back: an in-place deploy ends now; a blue-green one before its
    /// switch abandons its new set, after it finishes draining the old one.
    mutating func deployRolledBack(_ k: ReleaseID) {
        guard releases.states[k.index].config.isMeasuredDeploy else { return }
        switch releases.states[k.index].deploy.phase {
        case .updating: finishDeploy(k, .rolledBack)
        case .placing, .starting: abandonNewSet(k)
        case .draining, .done: break
        }
    }

    mutating func finishDeploy(_ k: ReleaseID, _ outcome: DeployOutcome) {
        guard releases.states[k.index].deploy.end < 0 else { return }
        accrueNewSet(k)
        releases.states[k.index].deploy.placedAt = []
        releases.states[k.index].deploy.phase = .done
        releases.states[k.index].deploy.outcome = outcome
        releases.states[k.index].deploy.end = queue.now.nanoseconds
        releases.states[k.index].deploy.failed = releases.externalFailures - releases.states[k.index].deploy.failedBefore
    }

    /// Per measured deploy, what it did (figures of unfinished ones up to the end of the run).
    mutating func deploySummary() -> [DeployFigures] {
        releases.states.indices.compactMap { i in
            let k = ReleaseID(i)
            guard releases.states[i].config.isMeasuredDeploy, releases.states[i].deploy.start >= 0 else { return nil }
            if releases.states[i].deploy.end < 0 { accrueNewSet(k) }
            let d = releases.states[i].deploy
            let strategy =
                d.fellBack ? "blue-green→rolling" : releases.states[i].config.blueGreen != nil ? "blue-green" : "rolling"
            return DeployFigures(
                service: config.services[releases.states[i].config.service].name, strategy: strategy, outcome: d.outcome,
                startSeconds: Double(d.start) / 1e9, durationSeconds: d.end < 0 ? nil : Double(d.end - d.start) / 1e9,
                failedRequests: d.end < 0 ? releases.externalFailures - d.failedBefore : d.failed,
                extraMachineHours: d.extraMachineSeconds / 3600, replicaHoursOut: d.replicaSecondsOut / 3600,
                unplaceableAttempts: d.unplaceableAttempts)
        }
    }
}
