/// `services[i].autoscaling`: the replica count of a service changes during the run, either on a
/// daily schedule or to keep its CPU utilisation near a target (Kubernetes HPA). See
/// `docs/model.md` ("Autoscaling").
public enum AutoscalingSpec: Sendable, Equatable, Codable {
    /// Replica counts from times of day on (a step function, repeated every day).
    case schedule(ScheduleSpec)
    /// Replicas chosen every `period` so that mean CPU utilisation (of the request) nears `targetCPU`.
    case target(TargetSpec)

    /// A daily step schedule.
    public struct ScheduleSpec: Sendable, Equatable, Codable {
        /// (nanoseconds since midnight, replicas), sorted by time of day.
        public var steps: [Step]
        /// Nanoseconds from placement of a new replica until it takes traffic (default 20 s).
        public var startupTime: Int64
        public init(steps: [Step], startupTime: Int64 = 20_000_000_000) {
            self.steps = steps
            self.startupTime = startupTime
        }
    }

    public struct Step: Sendable, Equatable, Codable {
        public var timeOfDay: Int64
        public var replicas: Int
        public init(timeOfDay: Int64, replicas: Int) {
            self.timeOfDay = timeOfDay
            self.replicas = replicas
        }
    }

    /// A CPU-utilisation target.
    public struct TargetSpec: Sendable, Equatable, Codable {
        /// Target mean utilisation of the CPU request, in (0, 1].
        public var targetCPU: Double
        public var min: Int
        public var max: Int
        /// Nanoseconds between evaluations (default 30 s).
        public var period: Int64
        /// Nanoseconds a lower recommendation must persist before scaling down (default 5 min).
        public var scaleDownDelay: Int64
        /// Nanoseconds from placement of a new replica until it takes traffic (default 20 s).
        public var startupTime: Int64
        public init(
            targetCPU: Double, min: Int, max: Int, period: Int64 = 30_000_000_000,
            scaleDownDelay: Int64 = 300_000_000_000, startupTime: Int64 = 20_000_000_000
        ) {
            self.targetCPU = targetCPU
            self.min = min
            self.max = max
            self.period = period
            self.scaleDownDelay = scaleDownDelay
            self.startupTime = startupTime
        }
    }
}
