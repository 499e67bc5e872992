import BulkheadKernel

/// How a service's replica count changes during a run (`services[i].autoscaling`). The service's
/// `replicas` is the count at the start; `slots` replicas exist in the model, the ones above the
/// desired count parked (not placed, using nothing). See `docs/model.md` ("Autoscaling").
public struct Autoscaling: Sendable {
    public enum Policy: Sendable {
        /// Desired replicas from each time of day on, repeated daily; `steps` sorted by time of day.
        case schedule(steps: [Step])
        /// The Kubernetes HPA: every `period`, desired = ⌈serving × utilisation / target⌉ in
        /// [min, max]; a lower count only after it was recommended for all of `scaleDownDelay`.
        case target(cpu: Double, min: Int, max: Int, period: SimDuration, scaleDownDelay: SimDuration)
    }
    public struct Step: Sendable, Hashable {
        public var timeOfDay: SimDuration
        public var replicas: Int
        public init(timeOfDay: SimDuration, replicas: Int) {
            self.timeOfDay = timeOfDay
            self.replicas = replicas
        }
    }
    public var policy: Policy
    /// From placement of a new replica until it takes traffic.
    public var startupTime: SimDuration
    /// A replica removed by a scale-down leaves the pools at once and stops after this grace period;
    /// requests still in it then fail as `dead-replica` (Kubernetes' default
    /// `terminationGracePeriodSeconds` is 30 s).
    public var gracePeriod: SimDuration = .seconds(30)
    /// While a wanted replica fits nowhere, a schedule retries its placement this often.
    public var retryInterval: SimDuration = .seconds(30)

    public init(policy: Policy, startupTime: SimDuration) {
        self.policy = policy
        self.startupTime = startupTime
    }

    /// The most replicas the policy can ask for.
    public var slots: Int {
        switch policy {
        case .schedule(let steps): steps.map(\.replicas).max() ?? 0
        case .target(_, _, let max, _, _): max
        }
    }

    /// The replicas a schedule asks for at time-of-day `t` (ns since midnight): the last step at
    /// or before `t`, wrapping to the previous day's last step.
    public static func scheduled(_ steps: [Step], at t: Int64) -> Int {
        let tod = t % 86_400_000_000_000
        return steps.last { $0.timeOfDay.nanoseconds <= tod }?.replicas ?? steps.last?.replicas ?? 0
    }
}

/// What autoscaling did to one service over a run.
public struct ServiceAutoscaling: Sendable, Hashable, Codable {
    public var service: String
    /// Decisions that raised / lowered the desired replica count.
    public var scaleUps = 0
    public var scaleDowns = 0
    /// Replicas placed by scale-ups, and replicas removed by scale-downs.
    public var replicasAdded = 0
    public var replicasRemoved = 0
    /// Replicas a scale-up asked for that fit nowhere when it was decided (each counted once).
    public var unplaceableScaleUps = 0
    /// Placement attempts for wanted replicas that found no machine (first tries and retries).
    public var unplaceableAttempts = 0
    /// Wanted replicas not placed at the end of the run.
    public var unplacedAtEnd = 0
    /// Per simulated minute (index = minute from 0): replicas serving (ready, alive, in the
    /// balancers' pools) at the minute's end, and the desired count then.
    public var servingPerMinute: [Int] = []
    public var desiredPerMinute: [Int] = []
    public init(service: String) { self.service = service }
}
