import BulkheadKernel

/// Dynamic infrastructure's bookkeeping: when each container was lost, the containers waiting for
/// room, and per-service figures (Rescheduling/Simulation+Rescheduling.swift).
struct Rescheduling {
    /// Detection delay and start-up time under dynamic infrastructure; nil under static.
    let dynamic: (detectAfter: SimDuration, startupTime: SimDuration)?
    /// Per container: when it was lost (ns), -1 when it is not lost.
    var lostAt: [Int64]
    /// Lost containers that fit nowhere yet, in the order they were first refused.
    var pending: [ContainerID] = []
    var figures: [ServiceRescheduling]
    var restoreSeconds: [Double]

    init(config: ClusterConfig, containers: Int) {
        if case .dynamic(let detect, let startup) = config.infrastructure { dynamic = (detect, startup) } else { dynamic = nil }
        lostAt = Array(repeating: -1, count: containers)
        figures = config.services.map { ServiceRescheduling(service: $0.name) }
        restoreSeconds = Array(repeating: 0, count: config.services.count)
    }

    @inline(__always) func isLost(_ c: ContainerID) -> Bool { lostAt[c.index] >= 0 }
}

/// Re-placement of one service's containers under dynamic infrastructure, over a run.
public struct ServiceRescheduling: Sendable, Hashable, Codable {
    public var service: String
    /// Containers lost with their machine (each loss counted once).
    public var lost: Int
    /// Lost containers re-placed on another machine by the rescheduler.
    public var replacements: Int
    /// Lost containers running again (re-placed, or restarted on their repaired machine).
    public var restored: Int
    /// Time from loss to running again (seconds), over the restored ones; nil if none.
    public var meanRestoreSeconds: Double?
    public var maxRestoreSeconds: Double?
    /// Re-placement attempts that found no machine with room (retried when a machine comes back).
    public var unplaceableAttempts: Int
    /// Lost containers still not running at the end of the run.
    public var waitingAtEnd: Int
    public init(
        service: String, lost: Int = 0, replacements: Int = 0, restored: Int = 0,
        meanRestoreSeconds: Double? = nil, maxRestoreSeconds: Double? = nil, unplaceableAttempts: Int = 0,
        waitingAtEnd: Int = 0
    ) {
        self.service = service
        self.lost = lost
        self.replacements = replacements
        self.restored = restored
        self.meanRestoreSeconds = meanRestoreSeconds
        self.maxRestoreSeconds = maxRestoreSeconds
        self.unplaceableAttempts = unplaceableAttempts
        self.waitingAtEnd = waitingAtEnd
    }
}
