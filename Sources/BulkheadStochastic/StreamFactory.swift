/// Derives named random streams for common random numbers.
///
/// A stream's seed is a pure function of (scenario seed, replication index, purpose name), e.g.
/// `arrivals/front`, `work/catalog`, `faults/machine-crash`, `policy/random`. Two runs that differ
/// only in the placement policy therefore see identical traffic and identical failures, and a new
/// consumer of randomness (a new name) never shifts the numbers any other consumer draws.
///
/// The mix is FNV-1a over the UTF-8 of the name followed by ``SplitMix64/mix(_:)`` over
/// (seed, replication, name hash); SplitMix64 is the seeding function recommended by Vigna
/// ("Further scramblings of Marsaglia's xorshift generators", 2017).
public struct StreamFactory: Sendable, Hashable {
    public let seed: UInt64
    public let replication: Int

    public init(seed: UInt64, replication: Int = 0) {
        self.seed = seed
        self.replication = replication
    }

    /// The derived 64-bit seed for `purpose`.
    public func seed(for purpose: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in purpose.utf8 {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01b3
        }
        var x = SplitMix64.mix(seed ^ SplitMix64.mix(UInt64(bitPattern: Int64(replication)) &+ 0x9e37_79b9_7f4a_7c15))
        x = SplitMix64.mix(x ^ h)
        // MT19937 seeding in GSL keeps the low 32 bits; fold the high half in so none is wasted.
        return (x ^ (x >> 32)) & 0xffff_ffff | (x & 0xffff_ffff_0000_0000)
    }

    /// A new stream for `purpose`. Each call returns a fresh stream at the start of its sequence.
    public func stream(_ purpose: String) -> RandomStream {
        do {
            return try RandomStream(seed: seed(for: purpose))
        } catch {
            // Only an out-of-memory failure of gsl_rng_alloc lands here.
            preconditionFailure("cannot allocate random stream '\(purpose)': \(error)")
        }
    }
}
