import Testing

@testable import BulkheadStochastic

@Suite("Random streams")
struct StreamTests {
    /// The one SplitMix64: the published reference output (seed 0 → 0xE220A8397B1DCDAF, from
    /// Vigna's splitmix64.c), and the seed mixer is the generator's first output.
    @Test func splitMixMatchesTheReferenceAndMixesAsItsFirstOutput() {
        var g = SplitMix64(seed: 0)
        #expect(g.next() == 0xE220_A839_7B1D_CDAF)
        for v: UInt64 in [0, 1, 42, .max, 0x9E37_79B9_7F4A_7C15] {
            var h = SplitMix64(seed: v)
            #expect(SplitMix64.mix(v) == h.next())
        }
    }

    /// Regression table: the first draws of a named stream never change (byte-identical across
    /// runs and releases). If this fails, every stored result changes: do it deliberately.
    @Test func sameSeedReproducesTheFirstDraws() {
        let f = StreamFactory(seed: 42, replication: 0)
        let a = f.stream("arrivals/front")
        let b = f.stream("arrivals/front")
        let xa = (0..<1000).map { _ in a.uniform() }
        let xb = (0..<1000).map { _ in b.uniform() }
        #expect(xa == xb)
        #expect(a.generatorName == "mt19937")
        let expected = Self.regression
        let got = (0..<4).map { _ in StreamFactory(seed: 42).stream("arrivals/front") }.first!
        #expect((0..<expected.count).map { _ in got.uniform() } == expected)
    }

    // First 4 draws of StreamFactory(seed: 42).stream("arrivals/front").uniform().
    static let regression: [Double] = [0.2423576272558421, 0.7158163457643241, 0.8497305610217154, 0.9996912400238216]

    @Test func differentNamesSeedsAndReplicationsGiveDifferentStreams() {
        let f = StreamFactory(seed: 42)
        let names = ["arrivals/front", "work/catalog", "faults/machine-crash", "policy/random", "arrivals/back"]
        let seeds = Set(names.map { f.seed(for: $0) })
        #expect(seeds.count == names.count)
        #expect(f.seed(for: "x") != StreamFactory(seed: 43).seed(for: "x"))
        #expect(f.seed(for: "x") != StreamFactory(seed: 42, replication: 1).seed(for: "x"))
        let a = f.stream("work/catalog")
        let b = f.stream("work/cart")
        #expect((0..<10).map { _ in a.uniform() } != (0..<10).map { _ in b.uniform() })
    }

    /// Adding a consumer does not change what another consumer sees: streams are independent objects.
    @Test func addingAConsumerDoesNotShiftOthers() {
        let f = StreamFactory(seed: 9)
        let alone = f.stream("work/catalog")
        let xs = (0..<100).map { _ in alone.uniform() }
        let other = f.stream("work/new-service")
        let again = f.stream("work/catalog")
        var ys: [Double] = []
        for _ in 0..<100 {
            _ = other.uniform()
            ys.append(again.uniform())
        }
        #expect(xs == ys)
    }

    @Test func studentTQuantileMatchesTables() {
        #expect(abs(StudentT.quantile(0.975, dof: 9) - 2.262157) < 1e-5)
        #expect(abs(StudentT.quantile(0.975, dof: 1000) - 1.962339) < 1e-5)
    }
}
