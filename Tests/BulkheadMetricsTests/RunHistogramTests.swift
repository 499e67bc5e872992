import Histogram
import Testing

@testable import BulkheadMetrics

/// ``RunHistogram`` and ``MinuteHistogram`` against the library they stand in for
/// (`Histogram<UInt64>`, 1 µs – 1 h at three significant digits): same counts, maxima and
/// percentiles on random data with a fixed seed.
@Suite struct RunHistogramTests {
    static let highest = RequestAccumulators.highestMicros
    static let percentiles: [Double] = [0.001, 0.1, 1, 10, 25, 50, 75, 90, 99, 99.9, 99.99, 99.999, 100]

    /// A 64-bit LCG (Knuth's MMIX constants): deterministic, no dependency.
    struct LCG {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
        /// A value spread log-uniformly over 1 µs … ~2 h (beyond the 1 h top, to test clamping).
        mutating func latency() -> UInt64 {
            let octave = next() % 33
            return 1 + next() % (UInt64(1) << octave)
        }
    }

    /// One minute of random latencies, some recorded with counts > 1; also fed to `reference`
    /// value by value (clamped as the collector clamps).
    static func randomMinute(
        _ rng: inout LCG, values: Int, into minute: inout MinuteHistogram, reference: inout Histogram<UInt64>
    ) {
        for _ in 0..<values {
            let v = rng.latency()
            let n = rng.next() % 4 == 0 ? Int(1 + rng.next() % 50) : 1
            if n == 1 { minute.record(v) } else { minute.record(v, count: n) }
            reference.record(min(v, highest), count: UInt64(n))
        }
    }

    /// What `flushMinute` did with the library: each bucket's representative values recorded.
    static func libraryFlush(_ minute: MinuteHistogram, into h: inout Histogram<UInt64>) {
        minute.forEachBucket { value, count in _ = h.record(value, count: UInt64(count)) }
    }

    static func expectSame(_ run: RunHistogram, _ lib: Histogram<UInt64>) {
        #expect(run.totalCount == lib.totalCount)
        #expect(run.maxValue == lib.maxRecorded)
        for p in percentiles {
            #expect(run.valueAtPercentile(p) == lib.valueAtPercentile(p), "p\(p)")
        }
        #expect(run.valuesAtPercentiles(percentiles) == percentiles.map { lib.valueAtPercentile($0) })
    }

    @Test(arguments: [1 as UInt64, 2, 3, 4])
    func minuteHistogramMatchesTheLibrary(seed: UInt64) {
        var rng = LCG(state: seed)
        var minute = MinuteHistogram(highestValue: Self.highest)
        for round in 0..<3 {
            var lib = RequestAccumulators.makeHistogram()
            Self.randomMinute(&rng, values: 200 + round * 1_000, into: &minute, reference: &lib)
            #expect(UInt64(minute.totalCount) == lib.totalCount)
            #expect(minute.maxValue == lib.maxRecorded)
            for p in Self.percentiles {
                #expect(minute.valueAtPercentile(p) == lib.valueAtPercentile(p), "p\(p)")
            }
            minute.reset()  // storage kept, every count cleared
            #expect(minute.totalCount == 0 && minute.valueAtPercentile(50) == 0)
        }
    }

    /// The flow engine's minutes: a few dozen values recorded with counts (kept as a sorted list
    /// of buckets), beyond `sparseLimit` buckets (moved into the bucket arrays mid-minute), and a
    /// single record after counted ones (moved too): every read and the whole-run histogram as
    /// the library's, minute after minute of the same histogram.
    @Test(arguments: [(40, false), (MinuteHistogram.sparseLimit, false), (150, false), (30, true)])
    func countedMinutesMatchTheLibrary(values: Int, thenOneMore: Bool) {
        var rng = LCG(state: UInt64(values) * 31 + (thenOneMore ? 1 : 0))
        var minute = MinuteHistogram(highestValue: Self.highest)
        var run = RunHistogram()
        var whole = RequestAccumulators.makeHistogram()
        for _ in 0..<3 {
            var lib = RequestAccumulators.makeHistogram()
            // Two groups of increasing quantiles, interleaved as the flow reports them.
            var list = (0..<values).map { _ in 1_000 + rng.next() % 400_000 }
            list = list.prefix(values / 2).sorted() + list.dropFirst(values / 2).sorted()
            for v in list {
                let n = Int(1 + rng.next() % 5_000)
                minute.record(v, count: n)
                lib.record(v, count: UInt64(n))
            }
            // Distinct buckets ≤ the values: listed up to the limit (the 150 values span more).
            if values <= MinuteHistogram.sparseLimit { #expect(minute.isListed) }
            if values > 2 * MinuteHistogram.sparseLimit { #expect(!minute.isListed) }
            if thenOneMore {
                minute.record(123_456)
                lib.record(123_456)
                #expect(!minute.isListed)
            }
            #expect(UInt64(minute.totalCount) == lib.totalCount)
            #expect(minute.maxValue == lib.maxRecorded)
            for p in Self.percentiles {
                #expect(minute.valueAtPercentile(p) == lib.valueAtPercentile(p), "p\(p)")
            }
            run.add(minute)
            Self.libraryFlush(minute, into: &whole)
            minute.reset()
            #expect(minute.totalCount == 0 && minute.valueAtPercentile(99) == 0)
        }
        Self.expectSame(run, whole)
    }

    @Test(arguments: [7 as UInt64, 8, 9])
    func wholeRunMatchesTheLibraryOverMinutesAndMerges(seed: UInt64) {
        var rng = LCG(state: seed)
        var runs: [RunHistogram] = []
        var libs: [Histogram<UInt64>] = []
        for service in 0..<4 {
            var run = RunHistogram()
            var lib = RequestAccumulators.makeHistogram()
            var minute = MinuteHistogram(highestValue: Self.highest)
            for m in 0..<6 {
                var unused = RequestAccumulators.makeHistogram()
                // Narrow minutes first, then wider ones: the storage grows on both sides.
                let values = m == 0 ? 1 : 50 + Int(rng.next() % 500)
                Self.randomMinute(&rng, values: values, into: &minute, reference: &unused)
                run.add(minute)
                Self.libraryFlush(minute, into: &lib)
                minute.reset()
                Self.expectSame(run, lib)
            }
            if service == 3 { run.add(minute) }  // an empty minute adds nothing
            Self.expectSame(run, lib)
            runs.append(run)
            libs.append(lib)
        }
        // A tenant's histogram: the services' merged (and an empty one merged in).
        var merged = RunHistogram()
        var mergedLib = RequestAccumulators.makeHistogram()
        for k in [2, 0, 3, 1] {
            merged.add(runs[k])
            mergedLib.add(libs[k])
            Self.expectSame(merged, mergedLib)
        }
        merged.add(RunHistogram())
        Self.expectSame(merged, mergedLib)
    }

    @Test func clampsAtTheHighestValueAndKeepsTheExactMaximum() {
        var minute = MinuteHistogram(highestValue: Self.highest)
        var lib = RequestAccumulators.makeHistogram()
        for v: UInt64 in [Self.highest - 1, Self.highest, Self.highest + 1, 1 << 40, 5] {
            minute.record(v, count: 3)
            _ = lib.record(min(v, Self.highest), count: 3)
        }
        var run = RunHistogram()
        var flushed = RequestAccumulators.makeHistogram()
        run.add(minute)
        Self.libraryFlush(minute, into: &flushed)
        #expect(run.maxValue == Self.highest)
        #expect(minute.maxValue == Self.highest)
        Self.expectSame(run, flushed)
        Self.expectSame(run, lib)
        #expect(run.valueAtPercentile(99) == Self.highest)
        #expect(run.valueAtPercentile(10) == 5)
    }

    @Test func emptyHistogramsReadZero() {
        let run = RunHistogram()
        #expect(run.totalCount == 0 && run.maxValue == 0)
        #expect(run.valuesAtPercentiles([50, 99, 100]) == [0, 0, 0])
        let minute = MinuteHistogram(highestValue: Self.highest)
        #expect(minute.valueAtPercentile(50) == 0)
        var n = 0
        minute.forEachBucket { _, _ in n += 1 }
        #expect(n == 0)
    }
}
