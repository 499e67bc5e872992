/// Arrival process of a balancer: a base rate shaped by a daily profile, a weekly pattern and
/// spikes, or a replayed trace shaped by the same multipliers.
public struct TrafficSpec: Sendable, Equatable, Codable {
    /// Base requests per second; the instantaneous rate is `rate × daily × weekly × spike`.
    /// With a `trace` it is the trace's scale factor (the trace replaces `rate`).
    public var rate: Double
    /// A replayed request-rate trace: the rate is `trace(t) × daily × weekly × spike`.
    public var trace: TraceSpec?
    /// Multiplier over the day; `nil` means flat (1.0).
    public var daily: DailyProfileSpec?
    /// Seven multipliers, Monday through Sunday; `nil` means flat.
    public var weekly: [Double]?
    public var spikes: [SpikeSpec]

    public init(
        rate: Double, trace: TraceSpec? = nil, daily: DailyProfileSpec? = nil, weekly: [Double]? = nil, spikes: [SpikeSpec] = []
    ) {
        self.rate = rate
        self.trace = trace
        self.daily = daily
        self.weekly = weekly
        self.spikes = spikes
    }
}

/// A request-rate trace replayed as a balancer's arrival rate (`traffic.trace`).
public struct TraceSpec: Sendable, Equatable, Codable {
    /// How the trace is scaled to requests per second.
    public enum Scale: Sendable, Equatable, Codable {
        /// Multiply the trace's rates by this.
        case factor(Double)
        /// Scale so that the trace's largest interval rate is this many requests per second.
        case peak(Double)
        /// Scale so that the mean of the trace's interval rates is this many requests per second.
        case mean(Double)
    }

    public enum Interpolation: String, Sendable, Equatable, Codable, CaseIterable {
        /// Each interval's rate holds over the whole interval.
        case step
        /// Straight lines between the intervals' midpoints.
        case linear
    }

    /// The file read, as resolved against the scenario's folder.
    public var file: String
    /// Seconds per interval.
    public var interval: Double
    /// Requests per second of each interval, as read (before `scale`).
    public var rates: [Double]
    public var scale: Scale
    /// Nanoseconds into the trace at the start of the run.
    public var start: Int64
    /// Whether the trace repeats after its end (otherwise the rate is 0 after it).
    public var loop: Bool
    public var interpolation: Interpolation

    public init(
        file: String, interval: Double, rates: [Double], scale: Scale = .factor(1), start: Int64 = 0, loop: Bool = false,
        interpolation: Interpolation = .step
    ) {
        self.file = file
        self.interval = interval
        self.rates = rates
        self.scale = scale
        self.start = start
        self.loop = loop
        self.interpolation = interpolation
    }

    /// The factor `scale` applies to the rates read (0 for a peak or mean of an all-zero trace,
    /// which the decoder refuses).
    public var factor: Double {
        switch scale {
        case .factor(let f): return f
        case .peak(let p):
            let m = rates.max() ?? 0
            return m > 0 ? p / m : 0
        case .mean(let target):
            let m = rates.reduce(0, +) / Double(max(1, rates.count))
            return m > 0 ? target / m : 0
        }
    }

    /// Seconds the trace covers.
    public var length: Double { interval * Double(rates.count) }
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
