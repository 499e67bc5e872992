/// A small, non-generic log-linear histogram for one minute of one service's latencies (µs), with
/// the same bucket layout and precision as HdrHistogram at three significant digits (2048 linear
/// sub-buckets per power of two; relative error ≤ 1/1024) and the same percentile rule.
///
/// It exists because a minute histogram is read and cleared every simulated minute for every
/// service: it keeps a bitmap of its non-empty buckets, so `reset`, `forEachBucket` and
/// `valueAtPercentile` cost O(non-empty buckets + touched range / 64) instead of a scan of all
/// ~23 000 buckets through generic code (under flow fidelity a minute's latencies are a few dozen
/// quantiles spread over thousands of buckets).
/// (HdrHistogram: Gil Tene, <https://hdrhistogram.org>.)
struct MinuteHistogram {
    private var counts: [UInt32]
    /// Bit `i & 63` of word `i >> 6`: bucket i is not empty.
    private var occupied: [UInt64]
    private(set) var totalCount = 0
    private var lowIndex = Int.max
    private var highIndex = -1
    private(set) var maxValue: UInt64 = 0
    let highestValue: UInt64

    init(highestValue: UInt64) {
        self.highestValue = highestValue
        counts = Array(repeating: 0, count: Self.index(highestValue) + 1)
        occupied = Array(repeating: 0, count: (counts.count + 63) / 64)
    }

    /// Bucket index of `v`: values below 2048 have their own bucket; above, 1024 buckets per octave.
    @inline(__always)
    static func index(_ v: UInt64) -> Int {
        if v < 2048 { return Int(v) }
        let shift = (63 - v.leadingZeroBitCount) - 10
        return shift << 10 + Int(truncatingIfNeeded: v >> UInt64(shift))
    }

    /// The largest value that falls in bucket `i`.
    static func highestValue(ofIndex i: Int) -> UInt64 {
        if i < 2048 { return UInt64(i) }
        let shift = (i >> 10) - 1
        let low = UInt64(i - shift << 10) << UInt64(shift)
        return low + (UInt64(1) << UInt64(shift)) - 1
    }

    /// Records `value` `count` times (clamped to `highestValue`).
    mutating func record(_ value: UInt64, count: Int) {
        guard count > 0 else { return }
        let v = value > highestValue ? highestValue : value
        let i = Self.index(v)
        counts[i] &+= UInt32(truncatingIfNeeded: count)
        occupied[i >> 6] |= 1 &<< UInt64(i & 63)
        totalCount &+= count
        if i < lowIndex { lowIndex = i }
        if i > highIndex { highIndex = i }
        if v > maxValue { maxValue = v }
    }

    /// Records `value` (clamped to `highestValue`).
    @inline(__always)
    mutating func record(_ value: UInt64) {
        let v = value > highestValue ? highestValue : value
        let i = Self.index(v)
        counts[i] &+= 1
        occupied[i >> 6] |= 1 &<< UInt64(i & 63)
        totalCount &+= 1
        if i < lowIndex { lowIndex = i }
        if i > highIndex { highIndex = i }
        if v > maxValue { maxValue = v }
    }

    /// As HdrHistogram's `valueAtPercentile`: the highest value equivalent to the value below which
    /// `percentile` % of the recorded values fall, at most the largest recorded value; 0 when empty.
    /// - Complexity: O(non-empty buckets + touched range / 64).
    func valueAtPercentile(_ percentile: Double) -> UInt64 {
        guard totalCount > 0 else { return 0 }
        if percentile >= 100 { return maxValue }
        let p = Swift.min(Swift.max(percentile.nextDown, 0), 100)
        let target = Swift.max(1, Int((p * Double(totalCount) / 100).rounded(.up)))
        var cumulative = 0
        var found = -1
        forEachNonEmpty { i in
            cumulative += Int(counts[i])
            if cumulative >= target { found = i }
            return found < 0
        }
        return found < 0 ? maxValue : Swift.min(Self.highestValue(ofIndex: found), maxValue)
    }

    /// Calls `body` with a value representative of each non-empty bucket (its highest value, or
    /// the exact maximum for the top bucket: one count of it, the rest at the bucket's value) and
    /// its count, in increasing order.
    /// - Complexity: O(non-empty buckets + touched range / 64).
    func forEachBucket(_ body: (UInt64, Int) -> Void) {
        forEachNonEmpty { i in
            let n = Int(counts[i])
            if i == highIndex {
                if n > 1 { body(Swift.min(Self.highestValue(ofIndex: i), maxValue), n - 1) }
                body(maxValue, 1)
            } else {
                body(Self.highestValue(ofIndex: i), n)
            }
            return true
        }
    }

    /// Calls `body` with the index of every non-empty bucket, in increasing order, while it
    /// returns true.
    @inline(__always)
    private func forEachNonEmpty(_ body: (Int) -> Bool) {
        guard highIndex >= 0 else { return }
        for w in (lowIndex >> 6)...(highIndex >> 6) {
            var bits = occupied[w]
            while bits != 0 {
                let i = w << 6 | bits.trailingZeroBitCount
                bits &= bits &- 1
                if counts[i] > 0 && !body(i) { return }
            }
        }
    }

    /// Empties the histogram.
    /// - Complexity: O(non-empty buckets + touched range / 64).
    mutating func reset() {
        guard highIndex >= 0 else { return }
        for w in (lowIndex >> 6)...(highIndex >> 6) {
            var bits = occupied[w]
            while bits != 0 {
                counts[w << 6 | bits.trailingZeroBitCount] = 0
                bits &= bits &- 1
            }
            occupied[w] = 0
        }
        totalCount = 0
        lowIndex = .max
        highIndex = -1
        maxValue = 0
    }
}
