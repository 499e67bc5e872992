/// Re-placement of one service's containers under dynamic infrastructure: an entry of
/// `summary.json` → `rescheduling`, keyed by ``service`` (which the entry also holds; nil
/// figures are left out). Filled by the runner from the model's per-service bookkeeping, so that
/// the results schema does not depend on the model.
public struct ReschedulingResult: KeyedEntry {
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
        service: String, lost: Int = 0, replacements: Int = 0, restored: Int = 0, meanRestoreSeconds: Double? = nil,
        maxRestoreSeconds: Double? = nil, unplaceableAttempts: Int = 0, waitingAtEnd: Int = 0
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

    public static var keyPath: WritableKeyPath<Self, String> { \.service }
}
