/// A small, non-generic log-linear histogram for one minute of one service's latencies (µs), with
/// the same bucket layout and precision as HdrHistogram at three significant digits (2048 linear
/// sub-buckets per power of two; relative error ≤ 1/1024) and the same percentile rule.
///
/// It exists because a minute histogram is read and cleared every simulated minute for every
/// service: it keeps a bitmap of its non-empty buckets, so `reset`, `forEachBucket` and
/// `valueAtPercentile` cost O(non-empty buckets + touched range / 64) instead of a scan of all
/// ~23 000 buckets through generic code (under flow fidelity a minute's latencies are a few dozen
/// quantiles spread over thousands of buckets).
///
/// Storage covers only the buckets ever touched (`base ..< base + counts.count`, whole 64-bucket
/// words), allocated at the first record and grown when a value falls outside: a new histogram
/// allocates nothing, and a service's latencies span a few octaves, not the ~22 of the full
/// 1 µs – 1 h range (the full array was 93 kB per service, 560 MB over a 6,000-service fleet).
/// (HdrHistogram: Gil Tene, <https://hdrhistogram.org>.)
///
/// A minute whose values fall in few buckets — the flow engine reports a service's minute as a
/// few dozen quantile bins, `record(_:count:)` — keeps them as a short sorted list of (bucket,
/// count) instead (`sparse`, up to `sparseLimit` buckets): the counts of a fleet's 6,000
/// services were scattered over ~100 MB of bucket arrays, and writing them was 16 % of a
/// fleet-10k run in cache misses (perf). A value in a new bucket beyond the limit, or a single
/// `record(_:)` (the request engine), moves the list into the bucket arrays; the buckets, and
/// everything read from them, are the same either way.
struct MinuteHistogram {
    /// While not empty: every non-empty bucket, in increasing order, as index << 32 | count (the
    /// bucket arrays then hold nothing).
    private var sparse: [UInt64] = []
    static let sparseLimit = 64
    /// Whether the buckets are held as the list (for tests).
    var isListed: Bool { !sparse.isEmpty }
    /// Counts of buckets `base ..< base + counts.count` (empty until the first record).
    private var counts: [UInt32] = []
    /// Bit `j & 63` of word `j >> 6`: bucket `base + j` is not empty.
    private var occupied: [UInt64] = []
    /// First bucket index held in `counts` (a multiple of 64).
    private var base = 0
    private(set) var totalCount = 0
    /// Lowest and highest non-empty bucket (absolute indices; `.max` / −1 when empty).
    private(set) var lowIndex = Int.max
    private(set) var highIndex = -1
    private(set) var maxValue: UInt64 = 0
    let highestValue: UInt64

    /// - Complexity: O(1); nothing is allocated until the first record.
    init(highestValue: UInt64) {
        self.highestValue = highestValue
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
    /// - Complexity: O(1), or O(touched range) when the value is outside it.
    mutating func record(_ value: UInt64, count: Int) {
        guard count > 0 else { return }
        let v = value > highestValue ? highestValue : value
        let i = Self.index(v)
        if (highIndex < 0 || !sparse.isEmpty) && recordSparse(i, count: count) {
            // listed
        } else {
            if !sparse.isEmpty { densify() }
            addDense(i, count: count)
        }
        totalCount &+= count
        if i < lowIndex { lowIndex = i }
        if i > highIndex { highIndex = i }
        if v > maxValue { maxValue = v }
    }

    /// Records `value` (clamped to `highestValue`).
    /// - Complexity: O(1), or O(touched range) when the value is outside it.
    @inline(__always)
    mutating func record(_ value: UInt64) {
        let v = value > highestValue ? highestValue : value
        let i = Self.index(v)
        if !sparse.isEmpty { densify() }
        if UInt(bitPattern: i &- base) >= UInt(counts.count) { include(i) }
        let j = i &- base
        counts[j] &+= 1
        occupied[j >> 6] |= 1 &<< UInt64(j & 63)
        totalCount &+= 1
        if i < lowIndex { lowIndex = i }
        if i > highIndex { highIndex = i }
        if v > maxValue { maxValue = v }
    }

    /// Adds `count` to bucket `i` of the list (kept sorted; the flow's bins mostly arrive in
    /// increasing order). - Returns: false when `i` is new and the list is full.
    @inline(__always)
    private mutating func recordSparse(_ i: Int, count: Int) -> Bool {
        var k = sparse.count
        while k > 0 && Int(sparse[k - 1] >> 32) > i { k -= 1 }
        if k > 0 && Int(sparse[k - 1] >> 32) == i {
            let n = UInt32(truncatingIfNeeded: sparse[k - 1]) &+ UInt32(truncatingIfNeeded: count)
            sparse[k - 1] = UInt64(i) << 32 | UInt64(n)
            return true
        }
        guard sparse.count < Self.sparseLimit else { return false }
        sparse.insert(UInt64(i) << 32 | UInt64(UInt32(truncatingIfNeeded: count)), at: k)
        return true
    }

    /// Moves the list into the bucket arrays.
    @inline(never)
    private mutating func densify() {
        for e in sparse { addDense(Int(e >> 32), count: Int(e & 0xFFFF_FFFF)) }
        sparse.removeAll(keepingCapacity: true)
    }

    /// Adds `count` to bucket `i` in the bucket arrays.
    @inline(__always)
    private mutating func addDense(_ i: Int, count: Int) {
        if UInt(bitPattern: i &- base) >= UInt(counts.count) { include(i) }
        let j = i &- base
        counts[j] &+= UInt32(truncatingIfNeeded: count)
        occupied[j >> 6] |= 1 &<< UInt64(j & 63)
    }

    /// Grows the storage to hold bucket `i` (and a 256-bucket margin on the side it grows, so
    /// that a spreading distribution regrows rarely), keeping every count.
    @inline(never)
    private mutating func include(_ i: Int) {
        let top = Self.index(highestValue) + 1
        var lo = i & ~63
        var hi = Swift.min((i | 63) + 1, (top + 63) & ~63)
        if !counts.isEmpty {
            if lo < base { lo = Swift.max(0, lo - 256) } else { lo = base }
            let end = base + counts.count
            if hi > end { hi = Swift.min(hi + 256, (top + 63) & ~63) } else { hi = end }
        }
        var newCounts = [UInt32](repeating: 0, count: hi - lo)
        var newOccupied = [UInt64](repeating: 0, count: (hi - lo) >> 6)
        for j in counts.indices { newCounts[base - lo + j] = counts[j] }
        for w in occupied.indices { newOccupied[(base - lo) >> 6 + w] = occupied[w] }
        counts = newCounts
        occupied = newOccupied
        base = lo
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
        forEachNonEmpty { i, n in
            cumulative += n
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
        forEachNonEmpty { i, n in
            if i == highIndex {
                if n > 1 { body(Swift.min(Self.highestValue(ofIndex: i), maxValue), n - 1) }
                body(maxValue, 1)
            } else {
                body(Self.highestValue(ofIndex: i), n)
            }
            return true
        }
    }

    /// Calls `body` with the (absolute) index and count of every non-empty bucket, in increasing
    /// order.
    /// - Complexity: O(non-empty buckets + touched range / 64).
    @inline(__always)
    func forEachIndex(_ body: (Int, Int) -> Void) {
        forEachNonEmpty { i, n in
            body(i, n)
            return true
        }
    }

    /// Calls `body` with the (absolute) index and count of every non-empty bucket, in
    /// increasing order, while it returns true.
    @inline(__always)
    private func forEachNonEmpty(_ body: (Int, Int) -> Bool) {
        guard highIndex >= 0 else { return }
        if !sparse.isEmpty {
            for e in sparse where e & 0xFFFF_FFFF != 0 {
                if !body(Int(e >> 32), Int(e & 0xFFFF_FFFF)) { return }
            }
            return
        }
        for w in ((lowIndex - base) >> 6)...((highIndex - base) >> 6) {
            var bits = occupied[w]
            while bits != 0 {
                let j = w << 6 | bits.trailingZeroBitCount
                bits &= bits &- 1
                if counts[j] > 0 && !body(base + j, Int(counts[j])) { return }
            }
        }
    }

    /// Empties the histogram (keeping its storage).
    /// - Complexity: O(non-empty buckets + touched range / 64).
    mutating func reset() {
        guard highIndex >= 0 else { return }
        if !sparse.isEmpty {
            sparse.removeAll(keepingCapacity: true)
        } else {
            resetDense()
        }
        totalCount = 0
        lowIndex = .max
        highIndex = -1
        maxValue = 0
    }

    /// Empties the bucket arrays (keeping their storage).
    private mutating func resetDense() {
        for w in ((lowIndex - base) >> 6)...((highIndex - base) >> 6) {
            var bits = occupied[w]
            while bits != 0 {
                counts[w << 6 | bits.trailingZeroBitCount] = 0
                bits &= bits &- 1
            }
            occupied[w] = 0
        }
    }
}
