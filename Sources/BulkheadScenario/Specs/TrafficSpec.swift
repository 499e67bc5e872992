/// Arrival process of a balancer: a base rate shaped by a daily profile, a weekly pattern and spikes.
public struct TrafficSpec: Sendable, Equatable, Codable {
    /// Base requests per second; the instantaneous rate is `rate × daily × weekly × spike`.
    public var rate: Double
    /// Multiplier over the day; `nil` means flat (1.0).
    public var daily: DailyProfileSpec?
    /// Seven multipliers, Monday through Sunday; `nil` means flat.
    public var weekly: [Double]?
    public var spikes: [SpikeSpec]

    public init(rate: Double, daily: DailyProfileSpec? = nil, weekly: [Double]? = nil, spikes: [SpikeSpec] = []) {
        self.rate = rate
        self.daily = daily
        self.weekly = weekly
        self.spikes = spikes
    }
}

/// A multiplier that varies over the day, given at points and interpolated between them.
public struct DailyProfileSpec: Sendable, Equatable, Codable {
    public enum Interpolation: String, Sendable, Equatable, Codable, CaseIterable {
        /// Straight lines between points, wrapping from the last point of the day to the first.
        case linear
        /// Each point's value holds until the next point (wrapping around midnight).
        case step
    }

    public var interpolation: Interpolation
    /// Sorted by `timeOfDay`, with distinct times.
    public var points: [DailyPoint]

    public init(interpolation: Interpolation = .linear, points: [DailyPoint]) {
        self.interpolation = interpolation
        self.points = points
    }
}

/// One point of a daily profile.
public struct DailyPoint: Sendable, Equatable, Codable {
    /// Nanoseconds since midnight.
    public var timeOfDay: Int64
    /// Multiplier (≥ 0).
    public var value: Double

    public init(timeOfDay: Int64, value: Double) {
        self.timeOfDay = timeOfDay
        self.value = value
    }
}

/// A traffic spike every day at a time of day (a flash sale, a newsletter going out).
///
/// The multiplier ramps linearly from 1 to `multiplier` over `ramp`, holds, and ramps back down over
/// `ramp` before `at + duration`; so `2 × ramp ≤ duration`.
public struct SpikeSpec: Sendable, Equatable, Codable {
    /// Nanoseconds since midnight when the spike starts.
    public var at: Int64
    /// Nanoseconds the spike lasts, ramps included.
    public var duration: Int64
    public var multiplier: Double
    /// Nanoseconds to ramp up (and down); 0 for a step.
    public var ramp: Int64

    public init(at: Int64, duration: Int64, multiplier: Double, ramp: Int64 = 0) {
        self.at = at
        self.duration = duration
        self.multiplier = multiplier
        self.ramp = ramp
    }
}
