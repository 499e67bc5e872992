/// What autoscaling did to one service over a run, restricted to the measured minutes.
///
/// One entry of `summary.json` → `autoscaling`, keyed by ``service``; the per-minute replica
/// counts (``minutes``) are rows of `timeseries.csv` instead (`replicas`, `replicas_desired`), so
/// the entry leaves them out and reads back without them.
public struct AutoscalingResult: KeyedEntry {
    /// One measured minute: replicas serving at its end, and the desired count then.
    public struct Minute: Sendable, Hashable {
        public var minute: Int
        public var serving: Int
        public var desired: Int
        public init(minute: Int, serving: Int, desired: Int) {
            self.minute = minute
            self.serving = serving
            self.desired = desired
        }
    }
    public var service: String = ""
    /// Decisions that raised / lowered the desired count; replicas placed / removed by them.
    public var scaleUps: Int
    public var scaleDowns: Int
    public var replicasAdded: Int
    public var replicasRemoved: Int
    /// Replicas a scale-up asked for that fit nowhere when decided (each counted once), every
    /// failed placement attempt (retries included), and wanted replicas still unplaced at the end.
    public var unplaceableScaleUps: Int
    public var unplaceableAttempts: Int
    public var unplacedAtEnd: Int
    /// Fewest and most replicas serving at the end of a measured minute (nil without one).
    @Nullable public var minReplicas: Int?
    @Nullable public var maxReplicas: Int?
    public var minutes: [Minute] = []

    public init(
        service: String, scaleUps: Int, scaleDowns: Int, replicasAdded: Int, replicasRemoved: Int,
        unplaceableScaleUps: Int, unplaceableAttempts: Int, unplacedAtEnd: Int, minutes: [Minute]
    ) {
        self.service = service
        self.scaleUps = scaleUps
        self.scaleDowns = scaleDowns
        self.replicasAdded = replicasAdded
        self.replicasRemoved = replicasRemoved
        self.unplaceableScaleUps = unplaceableScaleUps
        self.unplaceableAttempts = unplaceableAttempts
        self.unplacedAtEnd = unplacedAtEnd
        self.minutes = minutes
        self.minReplicas = minutes.map(\.serving).min()
        self.maxReplicas = minutes.map(\.serving).max()
    }

    public static var keyPath: WritableKeyPath<Self, String> { \.service }

    /// The entry as `summary.json` holds it: without the per-minute counts.
    public var withoutMinutes: AutoscalingResult {
        var a = self
        a.minutes = []
        return a
    }

    enum CodingKeys: String, CodingKey {
        case scaleUps, scaleDowns, replicasAdded, replicasRemoved, unplaceableScaleUps, unplaceableAttempts
        case unplacedAtEnd, minReplicas, maxReplicas
    }
}
