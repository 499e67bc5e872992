import BulkheadKernel

/// The measured part of a release that restarts replicas (a `restart` cost, or a blue-green
/// stage): when the deploy ran, what it cost and what happened (Releases/Simulation+Deploys.swift).
struct Deploy {
    enum Phase: UInt8 {
        /// Stages before the blue-green one, or a rolling update (with restarts).
        case updating
        /// Blue-green: placing the new set (some did not fit yet, under `wait`).
        case placing
        /// Blue-green: every new replica placed; waiting until all are alive and believed healthy.
        case starting
        /// Blue-green: traffic switched; the old set drains and is destroyed.
        case draining
        /// Over (completed, rolled back or aborted).
        case done
    }
    var phase = Phase.updating
    /// When it started and ended (ns; −1: not yet).
    var start: Int64 = -1
    var end: Int64 = -1
    var outcome = DeployOutcome.unfinished
    /// External requests failed (any cause) before the deploy started, and during it once ended.
    var failedBefore = 0
    var failed = 0
    /// Blue-green: the new set (parked slots until placed) and when each was placed (−1: not),
    /// the old set, and when draining began.
    var greens: [ContainerID] = []
    var placedAt: [Int64] = []
    var blues: [ContainerID] = []
    var drainStart: Int64 = 0
    /// Blue-green: placement attempts of the new set that found no machine for some replica.
    var unplaceableAttempts = 0
    /// Blue-green under `onNoCapacity: rolling`: the old set is updated in place instead.
    var fellBack = false
    /// Replicas restarting (left the pools, not ready again yet).
    var restarting = 0
    /// Replica-seconds out of the pools for a restart, and the new set's machine-seconds (its
    /// CPU request's share of each machine) while both sets existed.
    var replicaSecondsOut = 0.0
    var extraMachineSeconds = 0.0
}

/// How a measured deploy ended.
public enum DeployOutcome: String, Sendable, Hashable, Codable {
    /// Every replica runs the new version and the old set (blue-green) is gone.
    case completed
    /// Rolled back by its error-rate rule.
    case rolledBack = "rolled-back"
    /// Blue-green under `onNoCapacity: abort`: the new set did not fit; nothing changed.
    case abortedNoCapacity = "aborted-no-capacity"
    /// Still running (or still waiting for capacity) when the run ended.
    case unfinished
}

/// What one measured deploy did over a run (per release with a restart cost or a blue-green stage).
public struct DeployFigures: Sendable, Hashable {
    public var service: String
    /// `rolling` (in place), `blue-green`, or `blue-green→rolling` (fell back for lack of capacity).
    public var strategy: String
    public var outcome: DeployOutcome
    /// Start (s since the run's start) and duration (nil while unfinished).
    public var startSeconds: Double
    public var durationSeconds: Double?
    /// External requests failed (any cause, any service) while the deploy ran.
    public var failedRequests: Int
    /// Machine-hours of the new set while both sets existed (each new replica's CPU request over
    /// its machine's cores); 0 for in-place rolling updates.
    public var extraMachineHours: Double
    /// Replica-hours out of the pools while restarting in place.
    public var replicaHoursOut: Double
    /// Blue-green: placement attempts of the new set that left some replica without a machine.
    public var unplaceableAttempts: Int
}
