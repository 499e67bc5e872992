/// A point in simulated time: an integer count of nanoseconds since the start of the run.
///
/// Time is never accumulated as `Double` (see `../shared/CONVENTIONS.md`): conversions to and from
/// seconds happen only at the edges (sampling a duration, printing a result).
public struct SimInstant: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Nanoseconds since the start of the simulation.
    public var nanoseconds: Int64

    @inlinable public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    /// The start of every simulation.
    public static let zero = SimInstant(nanoseconds: 0)
    /// An instant later than any a run can reach (about 292 years).
    public static let distantFuture = SimInstant(nanoseconds: .max)

    /// Seconds since the start, for output only.
    @inlinable public var seconds: Double { Double(nanoseconds) / 1e9 }

    @inlinable public static func < (a: SimInstant, b: SimInstant) -> Bool { a.nanoseconds < b.nanoseconds }
    @inlinable public static func + (a: SimInstant, d: SimDuration) -> SimInstant {
        SimInstant(nanoseconds: a.nanoseconds &+ d.nanoseconds)
    }
    @inlinable public static func - (a: SimInstant, d: SimDuration) -> SimInstant {
        SimInstant(nanoseconds: a.nanoseconds &- d.nanoseconds)
    }
    @inlinable public static func - (a: SimInstant, b: SimInstant) -> SimDuration {
        SimDuration(nanoseconds: a.nanoseconds &- b.nanoseconds)
    }
    public var description: String { "t=\(seconds)s" }
}

/// A span of simulated time in integer nanoseconds.
public struct SimDuration: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var nanoseconds: Int64

    @inlinable public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    public static let zero = SimDuration(nanoseconds: 0)

    /// Converts seconds to the nearest nanosecond (saturating at ±292 years).
    @inlinable public static func seconds(_ s: Double) -> SimDuration {
        let ns = (s * 1e9).rounded()
        if ns >= 9.2e18 { return SimDuration(nanoseconds: .max) }
        if ns <= -9.2e18 { return SimDuration(nanoseconds: .min) }
        return SimDuration(nanoseconds: Int64(ns))
    }
    @inlinable public static func milliseconds(_ ms: Int64) -> SimDuration { SimDuration(nanoseconds: ms * 1_000_000) }
    @inlinable public static func minutes(_ m: Int64) -> SimDuration { SimDuration(nanoseconds: m * 60_000_000_000) }
    @inlinable public static func hours(_ h: Int64) -> SimDuration { SimDuration(nanoseconds: h * 3_600_000_000_000) }

    @inlinable public var seconds: Double { Double(nanoseconds) / 1e9 }

    @inlinable public static func < (a: SimDuration, b: SimDuration) -> Bool { a.nanoseconds < b.nanoseconds }
    @inlinable public static func + (a: SimDuration, b: SimDuration) -> SimDuration {
        SimDuration(nanoseconds: a.nanoseconds &+ b.nanoseconds)
    }
    @inlinable public static func * (a: SimDuration, k: Int64) -> SimDuration { SimDuration(nanoseconds: a.nanoseconds * k) }
    public var description: String { "\(seconds)s" }
}
