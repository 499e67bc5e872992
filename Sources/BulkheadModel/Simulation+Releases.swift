import BulkheadKernel
import BulkheadStochastic

/// A release in progress (see `ReleaseConfig`).
struct ReleaseState {
    var fault: Int
    var config: ReleaseConfig
    var bad: Bool
    /// Index of the stage running now; `stages.count` once every stage is done.
    var stage = 0
    /// Containers running the new version, in update order.
    var updated: [Int32] = []
    /// Requests admitted by updated replicas, and those that failed (bad-release or timeout),
    /// in the current rollback window.
    var requests = 0
    var failures = 0
    /// The incident of a bad release (-1 for a good one).
    var incident = -1
    var rolledBack = false
}

/// Releases: staged rollouts of a new version of a service with automatic rollback. The request
/// path pays one array read per admission (`releaseOf`) and one per dispatch (`darkRelease`);
/// everything else runs on stage changes and window checks.
extension Simulation {
    /// Step codes of `ModelEvent.faultStep` for a release.
    static let releaseNextStage = 0, releaseCheck = 1

    mutating func startRelease(_ f: Int, _ rel: ReleaseConfig) {
        let bad = faultStream(f, 0).withStream { $0.uniform() } < rel.badProbability
        let k = releases.count
        releases.append(ReleaseState(fault: f, config: rel, bad: bad))
        if bad {
            releases[k].incident = startIncident(kind: "release", target: config.services[rel.service].name)
        }
        if rel.rollbackErrorRate != nil {
            queue.schedule(after: rel.rollbackWindow, priority: 41,
                           .faultStep(index: Int32(f), target: Int32(k), step: Int32(Self.releaseCheck)))
        }
        enterStage(k)
    }

    /// Starts the current stage of release `k` (or does nothing once all stages are done).
    mutating func enterStage(_ k: Int) {
        let rel = releases[k].config
        let f = Int32(releases[k].fault)
        guard !releases[k].rolledBack, releases[k].stage < rel.stages.count else { return }
        let replicas = serviceContainers[rel.service]
        let canary = replicas.first.map(Int.init)
        switch rel.stages[releases[k].stage] {
        case .darkCanary(_, let soak):
            if let c = canary {
                update(c, release: k)
                excludedFromPools[c] = true
                rebuildPools(containing: c)
                darkRelease[rel.service] = Int32(k)
            }
            queue.schedule(after: soak, priority: 41, .faultStep(index: f, target: Int32(k), step: Int32(Self.releaseNextStage)))
        case .canary(let soak):
            if let c = canary {
                endDarkCanary(k)
                update(c, release: k)
            }
            queue.schedule(after: soak, priority: 41, .faultStep(index: f, target: Int32(k), step: Int32(Self.releaseNextStage)))
        case .rollingUpdate(let batch, let interval):
            endDarkCanary(k)
            var n = 0
            for c in replicas where releaseOf[Int(c)] != Int32(k) && n < batch {
                update(Int(c), release: k)
                n += 1
            }
            if replicas.contains(where: { releaseOf[Int($0)] != Int32(k) }) {
                // Stay in this stage: the next batch after `interval`.
                queue.schedule(after: interval, priority: 41,
                               .faultStep(index: f, target: Int32(k), step: Int32(Self.releaseNextStage)))
            } else {
                releases[k].stage += 1
                enterStage(k)
            }
        }
    }

    mutating func releaseStep(release k: Int, step: Int) {
        guard !releases[k].rolledBack else { return }
        if step == Self.releaseNextStage {
            // A rolling update stays in its stage until its last batch (see `enterStage`).
            if case .rollingUpdate = releases[k].config.stages[releases[k].stage] {} else { releases[k].stage += 1 }
            enterStage(k)
            return
        }
        // Rollback check over the window that just ended.
        let rel = releases[k].config
        if let threshold = rel.rollbackErrorRate, releases[k].requests > 0,
           Double(releases[k].failures) / Double(releases[k].requests) > threshold {
            rollBack(k)
            return
        }
        releases[k].requests = 0
        releases[k].failures = 0
        if queue.now + rel.rollbackWindow <= end {
            queue.schedule(after: rel.rollbackWindow, priority: 41,
                           .faultStep(index: Int32(releases[k].fault), target: Int32(k), step: Int32(Self.releaseCheck)))
        }
    }

    /// Every updated replica of release `k` returns to the old version now.
    mutating func rollBack(_ k: Int) {
        endDarkCanary(k)
        for c in releases[k].updated where releaseOf[Int(c)] == Int32(k) { releaseOf[Int(c)] = -1 }
        releases[k].rolledBack = true
        if releases[k].incident >= 0 { observer.incidentEnded(id: releases[k].incident, at: queue.now) }
    }

    mutating func update(_ c: Int, release k: Int) {
        guard releaseOf[c] != Int32(k) else { return }
        releaseOf[c] = Int32(k)
        releases[k].updated.append(Int32(c))
    }

    /// Puts release `k`'s dark canary (if any) back in the pools and stops the dark share.
    mutating func endDarkCanary(_ k: Int) {
        let s = releases[k].config.service
        guard darkRelease[s] == Int32(k), let c = serviceContainers[s].first.map(Int.init) else { return }
        darkRelease[s] = -1
        excludedFromPools[c] = false
        rebuildPools(containing: c)
    }

    /// Request `r` arrives at updated replica `c` of release `k`: counts it and, for a bad version,
    /// fails it with probability `errorRate`. Returns true when it failed (the work is still drawn,
    /// so that the work stream stays aligned with the fault-free twin).
    /// - Complexity: O(1).
    mutating func releaseRejects(_ r: Int32, container c: Int, release k: Int) -> Bool {
        releases[k].requests += 1
        guard releases[k].bad, releases[k].config.errorRate > 0 else { return false }
        let u = faultStream(releases[k].fault, 1).withStream { $0.uniform() }
        guard u < releases[k].config.errorRate else { return false }
        let s = Int(requests[Int(r)].service)
        _ = workStreams[s]._withUnsafeGuaranteedRef { works[s].sampleNonNegative($0) }
        releases[k].failures += 1
        fail(r, .badRelease)
        return true
    }

    /// The CPU work multiplier of a request admitted by updated replica `c` of release `k`.
    func releaseWorkFactor(release k: Int) -> Double { releases[k].bad ? releases[k].config.cpuFactor : 1 }

    /// A dark canary takes `share` of its service's requests (if it is alive and reachable).
    /// - Returns: the canary container, or nil to balance normally.
    mutating func darkCanaryTarget(service s: Int, release k: Int) -> Int? {
        guard case .darkCanary(let share, _) = releases[k].config.stages[releases[k].stage],
              let c = serviceContainers[s].first.map(Int.init) else { return nil }
        let u = faultStream(releases[k].fault, 2).withStream { $0.uniform() }
        guard u < share, containers[c].alive, machines[Int(containers[c].machine)].reachable else { return nil }
        return c
    }
}
