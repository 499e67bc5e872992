/// SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014):
/// the deterministic generator behind the `random` and `shuffle-shard` presets.
///
/// BulkheadPlacement may depend only on BulkheadModel, so it cannot use the GSL streams of
/// BulkheadStochastic; placement randomness is instead derived from `PlacementRequest.seed` with
/// this 64-bit generator (statistically adequate for choosing machines, not for simulation).
/// - Complexity: O(1) per draw.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public var state: UInt64
    public init(seed: UInt64) { state = seed }
    /// A stream for one purpose: the seed mixed with a purpose tag and an index.
    public init(seed: UInt64, purpose: UInt64, index: UInt64 = 0) {
        var g = SplitMix64(seed: seed ^ (purpose &* 0xD6E8_FEB8_6659_FD93))
        g.state ^= g.next() &+ index &* 0x9E37_79B9_7F4A_7C15
        state = g.next()
    }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in `0..<n` (Lemire's multiply-shift; bias below 2⁻³² for n < 2³²). Precondition: n > 0.
    public mutating func below(_ n: Int) -> Int {
        Int((UInt64(n).multipliedFullWidth(by: next())).high)
    }
}
