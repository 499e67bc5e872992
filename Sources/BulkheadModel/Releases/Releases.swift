import BulkheadKernel
import BulkheadStochastic

/// Releases in progress and which version each container runs. The request path reads one table
/// per admission (`version`) and one per dispatch (`hasDarkCanary`); everything else happens on
/// stage changes and window checks (Releases/Simulation+Releases.swift).
struct Releases {
    /// One release (see `ReleaseConfig`).
    struct State {
        var config: ReleaseConfig
        var bad = false
        /// Index of the stage running now; `stages.count` once every stage is done.
        var stage = 0
        /// Containers running the new version, in update order.
        var updated: [ContainerID] = []
        /// Requests admitted by updated replicas, and those that failed (bad-release or timeout),
        /// in the current rollback step (`rollbackEvery`).
        var requests = 0
        var failures = 0
        /// The counts of the last `rollbackSteps` steps (a ring; `stepNext` is the oldest slot):
        /// their sum is the error rate's window. One slot under tumbling windows.
        var stepCounts: [(requests: Int, failures: Int)]
        var stepNext = 0
        /// Steps closed since the release started: no decision before a full window.
        var stepsClosed = 0
        /// The incident of a bad release (`.none` for a good one).
        var incident = IncidentID.none
        var rolledBack = false
        /// Streams `faults/release/<service>` (is the version bad), `…/errors` (which requests a
        /// bad replica fails) and `…/dark` (which requests go to a dark canary).
        /// The deploy's figures and blue-green sets (measured when `config.isMeasuredDeploy`).
        var deploy = Deploy()
        var badStream: Unmanaged<RandomStream>
        var errorStream: Unmanaged<RandomStream>
        var darkStream: Unmanaged<RandomStream>
    }

    var states: [State]
    /// Per container: the release whose new version it runs, or `.none`.
    var versionOf: [ReleaseID]
    /// Per service: the release whose dark canary takes a share of its requests, or `.none`.
    var darkRelease: [ReleaseID]
    /// Per container (empty without a measured deploy): until when (ns) its CPU work is
    /// multiplied by `warmFactor` (cold caches after a restart); the release it is restarting
    /// for (`.none`: not restarting) and when it left the pools (ns).
    var warmUntil: [Int64] = []
    var warmFactor: [Double] = []
    var restartOf: [ReleaseID] = []
    var restartLeftAt: [Int64] = []
    /// External requests failed so far (for the failures during a deploy).
    var externalFailures = 0
    /// Keeps alive the streams `states` reach unmanaged (a bad version's error draws are on the
    /// request path).
    private let ownedStreams: [RandomStream]

    /// - Parameter greens: per release, the parked slots of its blue-green new set (empty if none).
    init(config: ClusterConfig, streams: StreamFactory, containers: Int, greens: [[ContainerID]]) {
        var owned: [RandomStream] = []
        func stream(_ name: String) -> Unmanaged<RandomStream> {
            let s = streams.stream(name)
            owned.append(s)
            return Unmanaged.passUnretained(s)
        }
        states = config.releases.enumerated().map { k, rel in
            // Numbered after the faults, as when releases were entries at the end of `faults:`.
            let index = config.faults.count + k
            let suffix = index == 0 ? "" : "#\(index)"
            let name = "faults/release/\(config.services[rel.service].name)"
            return State(
                config: rel, stepCounts: Array(repeating: (0, 0), count: rel.rollbackSteps), badStream: stream(name + suffix),
                errorStream: stream(name + "/errors" + suffix),
                darkStream: stream(name + "/dark" + suffix))
        }
        ownedStreams = owned
        for k in states.indices where k < greens.count { states[k].deploy.greens = greens[k] }
        if config.releases.contains(where: \.isMeasuredDeploy) {
            warmUntil = Array(repeating: 0, count: containers)
            warmFactor = Array(repeating: 1, count: containers)
            restartOf = Array(repeating: .none, count: containers)
            restartLeftAt = Array(repeating: 0, count: containers)
        }
        versionOf = Array(repeating: .none, count: containers)
        darkRelease = Array(repeating: .none, count: config.services.count)
    }

    /// The release whose version container `c` runs (`.none`: the old version).
    @inline(__always) func version(of c: ContainerID) -> ReleaseID { versionOf[c.index] }

    /// Whether a dark canary takes a share of service `s`'s requests.
    @inline(__always) func hasDarkCanary(_ s: ServiceID) -> Bool { !darkRelease[s.index].isNone }

    /// The CPU work multiplier of a request admitted by a replica running release `k`.
    @inline(__always) func workFactor(_ k: ReleaseID) -> Double { states[k.index].bad ? states[k.index].config.cpuFactor : 1 }

    /// The cold-cache CPU factor of a request admitted by container `c` at `now` (1 when warm).
    @inline(__always) func warmupFactor(_ c: ContainerID, at now: Int64) -> Double {
        warmUntil.isEmpty || now >= warmUntil[c.index] ? 1 : warmFactor[c.index]
    }

    /// Whether `c` is one of release `k`'s blue-green new set.
    func isGreen(_ c: ContainerID, of k: ReleaseID) -> Bool { states[k.index].deploy.greens.contains(c) }

    /// A request on a replica running release `k` arrived: counted; for a bad version, whether
    /// it fails (drawn with probability `errorRate`).
    /// - Complexity: O(1).
    mutating func admits(_ k: ReleaseID) -> Bool {
        states[k.index].requests += 1
        guard states[k.index].bad, states[k.index].config.errorRate > 0 else { return true }
        let u = states[k.index].errorStream._withUnsafeGuaranteedRef { $0.uniform() }
        guard u < states[k.index].config.errorRate else { return true }
        states[k.index].failures += 1
        return false
    }

    /// A request resident in container `c` timed out: a failure of `c`'s release, if any.
    mutating func countTimeout(in c: ContainerID) {
        let k = versionOf[c.index]
        if !k.isNone { states[k.index].failures += 1 }
    }

    /// Whether service `s`'s dark canary (of release `k`) takes this request (drawn with its share).
    mutating func drawsDarkShare(_ s: ServiceID) -> Bool {
        let k = darkRelease[s.index]
        guard case .darkCanary(let share, _) = states[k.index].config.stages[states[k.index].stage] else { return false }
        let u = states[k.index].darkStream._withUnsafeGuaranteedRef { $0.uniform() }
        return u < share
    }

    /// Container `c` runs release `k`'s version from now.
    mutating func update(_ c: ContainerID, to k: ReleaseID) {
        guard versionOf[c.index] != k else { return }
        versionOf[c.index] = k
        states[k.index].updated.append(c)
    }

    /// Closes release `k`'s current rollback step: its counts enter the ring and new ones start.
    /// - Returns: requests and failures over the window (the last `rollbackSteps` steps), or nil
    ///   while less than a full window has passed since the release started.
    /// - Complexity: O(rollbackSteps).
    mutating func closeRollbackStep(_ k: ReleaseID) -> (requests: Int, failures: Int)? {
        states[k.index].stepsClosed += 1
        let i = states[k.index].stepNext
        states[k.index].stepCounts[i] = (states[k.index].requests, states[k.index].failures)
        states[k.index].stepNext = (i + 1) % states[k.index].stepCounts.count
        states[k.index].requests = 0
        states[k.index].failures = 0
        guard states[k.index].stepsClosed >= states[k.index].stepCounts.count else { return nil }
        return states[k.index].stepCounts.reduce((0, 0)) { ($0.0 + $1.requests, $0.1 + $1.failures) }
    }

    /// Every updated replica of release `k` returns to the old version; the rollout stops.
    /// - Complexity: O(replicas updated).
    mutating func rollBack(_ k: ReleaseID) {
        for c in states[k.index].updated where versionOf[c.index] == k { versionOf[c.index] = .none }
        states[k.index].rolledBack = true
    }
}
