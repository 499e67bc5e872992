/// SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014):
/// a 64-bit generator whose output function is also the standard seed mixer (Vigna, "Further
/// scramblings of Marsaglia's xorshift generators", 2017).
///
/// Two uses, one implementation:
/// - ``mix(_:)`` derives the seeds of the named GSL streams (`StreamFactory`);
/// - the generator itself draws placement randomness (the `random` and `shuffle-shard` presets,
///   rescheduling) from `PlacementRequest.seed` — statistically adequate for choosing machines,
///   not for simulation, which uses the GSL streams.
/// - Complexity: O(1) per draw.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The golden-ratio increment γ = ⌊2⁶⁴/φ⌋ (odd).
    @usableFromInline static let increment: UInt64 = 0x9E37_79B9_7F4A_7C15

    public var state: UInt64
    public init(seed: UInt64) { state = seed }

    /// A stream for one purpose: the seed mixed with a purpose tag and an index.
    public init(seed: UInt64, purpose: UInt64, index: UInt64 = 0) {
        var g = SplitMix64(seed: seed ^ (purpose &* 0xD6E8_FEB8_6659_FD93))
        g.state ^= g.next() &+ index &* Self.increment
        state = g.next()
    }

    @inlinable public mutating func next() -> UInt64 {
        state &+= Self.increment
        return Self.finalize(state)
    }

    /// Uniform in `0..<n` (Lemire's multiply-shift; bias below 2⁻³² for n < 2³²). Precondition: n > 0.
    @inlinable public mutating func below(_ n: Int) -> Int {
        Int((UInt64(n).multipliedFullWidth(by: next())).high)
    }

    /// The first output of a generator seeded with `v`: a bijective 64-bit mix in which every input
    /// bit affects every output bit.
    @inlinable public static func mix(_ v: UInt64) -> UInt64 { finalize(v &+ increment) }

    /// The output function (variant 13 of Stafford's MurmurHash3 finaliser).
    @inlinable static func finalize(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
