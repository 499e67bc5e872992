/// A service's (or tenant's) whole-run latency histogram in µs: the sum of its
/// ``MinuteHistogram``s, with the same bucket layout and percentile rule as HdrHistogram at three
/// significant digits (`Histogram<UInt64>` from 1 µs to 1 h, which it replaces here) and UInt64
/// counts.
///
/// Why not the library's `Histogram<UInt64>`: at 6,000 services (fleet-10k, flow fidelity, 14
/// simulated minutes with the twin, 43 s) perf put 24 % of the run in `ResultBuilder.build`, mostly
/// four `valueAtPercentile` scans of every service's 23,000-bucket histogram through unspecialised
/// generic code, and 11 % in creating and resetting those histograms (188 kB each, 1.1 GB
/// written) when the collector is made. This one holds counts only over the buckets a service ever
/// touched (allocated by the first minute added), reads the four percentiles in one pass over that
/// range, and is plain concrete code.
///
/// Agreement with `Histogram<UInt64>` (checked in RunHistogramTests on random data): a minute added
/// counts in the same buckets as recording its ``MinuteHistogram/forEachBucket(_:)`` values, and
/// the maximum is the largest minute maximum, so `totalCount`, `maxValue` and every percentile are
/// the library's.
/// (HdrHistogram: Gil Tene, <https://hdrhistogram.org>.)
struct RunHistogram {
    /// Counts of buckets `base ..< base + counts.count` (empty until the first value).
    private var counts: [UInt64] = []
    /// First bucket index held in `counts`.
    private var base = 0
    private(set) var totalCount: UInt64 = 0
    /// The largest value recorded (exact, as HdrHistogram's `maxRecorded`); 0 when empty.
    private(set) var maxValue: UInt64 = 0

    /// - Complexity: O(1); nothing is allocated until the first value.
    init() {}

    /// Adds one minute's latencies (its buckets and exact maximum).
    /// - Complexity: O(the minute's non-empty buckets + its touched range / 64), plus O(this
    ///   histogram's range) when the minute reaches outside it.
    mutating func add(_ minute: MinuteHistogram) {
        guard minute.totalCount > 0 else { return }
        include(minute.lowIndex, minute.highIndex)
        let b = base
        counts.withUnsafeMutableBufferPointer { c in
            minute.forEachIndex { i, n in c[i &- b] &+= UInt64(n) }
        }
        totalCount &+= UInt64(minute.totalCount)
        if minute.maxValue > maxValue { maxValue = minute.maxValue }
    }

    /// Adds every count of `other` (as HdrHistogram's `add`).
    /// - Complexity: O(`other`'s range), plus O(this histogram's range) when it must grow.
    mutating func add(_ other: RunHistogram) {
        guard !other.counts.isEmpty else { return }
        include(other.base, other.base + other.counts.count - 1)
        let offset = other.base - base
        counts.withUnsafeMutableBufferPointer { c in
            for (j, n) in other.counts.enumerated() { c[offset + j] &+= n }
        }
        totalCount &+= other.totalCount
        if other.maxValue > maxValue { maxValue = other.maxValue }
    }

    /// As HdrHistogram's `valueAtPercentile` for each of `percentiles` (in increasing order,
    /// each in (0, 100]): the highest value equivalent to the smallest recorded value with at
    /// least that share of the count at or below it, at most the largest recorded value; 0 when
    /// empty.
    /// - Complexity: O(touched range), one pass for all the percentiles.
    func valuesAtPercentiles(_ percentiles: [Double]) -> [UInt64] {
        guard totalCount > 0 else { return percentiles.map { _ in 0 } }
        var result: [UInt64] = []
        result.reserveCapacity(percentiles.count)
        var k = 0
        var cumulative: UInt64 = 0
        var j = 0
        while k < percentiles.count {
            let percentile = percentiles[k]
            precondition(k == 0 || percentile >= percentiles[k - 1], "RunHistogram: percentiles not increasing")
            if percentile >= 100 {
                result.append(maxValue)
                k += 1
                continue
            }
            // HdrHistogram's rule: one ulp below, rounded up to a count, at least 1.
            let p = Swift.min(Swift.max(percentile.nextDown, 0), 100)
            let target = Swift.max(1, UInt64((p * Double(totalCount) / 100).rounded(.up)))
            while cumulative < target && j < counts.count {
                cumulative &+= counts[j]
                j += 1
            }
            if cumulative >= target {
                // The bucket that reached the target is j − 1.
                result.append(Swift.min(MinuteHistogram.highestValue(ofIndex: base + j - 1), maxValue))
            } else {
                result.append(0)  // unreachable: the counts sum to totalCount
            }
            k += 1
        }
        return result
    }

    /// One percentile (see ``valuesAtPercentiles(_:)``).
    func valueAtPercentile(_ percentile: Double) -> UInt64 { valuesAtPercentiles([percentile])[0] }

    /// Grows the storage to hold buckets `lo...hi`, keeping every count.
    private mutating func include(_ lo: Int, _ hi: Int) {
        if counts.isEmpty {
            counts = Array(repeating: 0, count: hi - lo + 1)
            base = lo
            return
        }
        let end = base + counts.count
        guard lo < base || hi >= end else { return }
        let newBase = Swift.min(lo, base)
        let newEnd = Swift.max(hi + 1, end)
        var grown = [UInt64](repeating: 0, count: newEnd - newBase)
        for j in counts.indices { grown[base - newBase + j] = counts[j] }
        counts = grown
        base = newBase
    }
}
