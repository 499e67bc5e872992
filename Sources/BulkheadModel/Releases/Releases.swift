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
        /// in the current rollback window.
        var requests = 0
        var failures = 0
        /// The incident of a bad release (`.none` for a good one).
        var incident = IncidentID.none
        var rolledBack = false
        /// Streams `faults/release/<service>` (is the version bad), `…/errors` (which requests a
        /// bad replica fails) and `…/dark` (which requests go to a dark canary).
        var badStream: Unmanaged<RandomStream>
        var errorStream: Unmanaged<RandomStream>
        var darkStream: Unmanaged<RandomStream>
    }

    var states: [State]
    /// Per container: the release whose new version it runs, or `.none`.
    var versionOf: [ReleaseID]
    /// Per service: the release whose dark canary takes a share of its requests, or `.none`.
    var darkRelease: [ReleaseID]
    /// Keeps alive the streams `states` reach unmanaged (a bad version's error draws are on the
    /// request path).
    private let ownedStreams: [RandomStream]

    init(config: ClusterConfig, streams: StreamFactory, containers: Int) {
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
                config: rel, badStream: stream(name + suffix), errorStream: stream(name + "/errors" + suffix),
                darkStream: stream(name + "/dark" + suffix))
        }
        ownedStreams = owned
        versionOf = Array(repeating: .none, count: containers)
        darkRelease = Array(repeating: .none, count: config.services.count)
    }

    /// The release whose version container `c` runs (`.none`: the old version).
    @inline(__always) func version(of c: ContainerID) -> ReleaseID { versionOf[c.index] }

    /// Whether a dark canary takes a share of service `s`'s requests.
    @inline(__always) func hasDarkCanary(_ s: ServiceID) -> Bool { !darkRelease[s.index].isNone }

    /// The CPU work multiplier of a request admitted by a replica running release `k`.
    @inline(__always) func workFactor(_ k: ReleaseID) -> Double { states[k.index].bad ? states[k.index].config.cpuFactor : 1 }

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

    /// Every updated replica of release `k` returns to the old version; the rollout stops.
    /// - Complexity: O(replicas updated).
    mutating func rollBack(_ k: ReleaseID) {
        for c in states[k.index].updated where versionOf[c.index] == k { versionOf[c.index] = .none }
        states[k.index].rolledBack = true
    }
}
