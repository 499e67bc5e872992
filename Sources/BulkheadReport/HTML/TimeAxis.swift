/// The shared time axis of the time-of-day charts: measured minutes grouped into equal buckets
/// aligned to whole multiples of the bucket length (so 15-minute buckets start at :00, :15, …).
struct TimeAxis {
    /// Bucket length in minutes.
    var bucket: Int
    /// The first minute of each bucket that holds at least one measured minute, ascending.
    var starts: [Int]
    /// For each measured minute (by its index in the series), the index of its bucket.
    var bucketOfMinute: [Int]

    /// Chooses the shortest of 1, 2, 5, 10, 15, 30, 60, 120, … minutes that gives at most
    /// `maxBuckets` buckets over `minutes`.
    /// - Complexity: O(minutes).
    init(minutes: [Int], maxBuckets: Int) {
        let span = (minutes.last ?? 0) - (minutes.first ?? 0) + 1
        var candidates = [1, 2, 5, 10, 15, 30, 60, 120, 240, 360, 720, 1440]
        while candidates.last! < span { candidates.append(candidates.last! * 2) }
        bucket = candidates.first { (span + $0 - 1) / $0 + 1 <= maxBuckets } ?? candidates.last!
        var starts: [Int] = []
        var of: [Int] = []
        for m in minutes {
            let s = m / bucket * bucket
            if starts.last != s { starts.append(s) }
            of.append(starts.count - 1)
        }
        self.starts = starts
        bucketOfMinute = of
    }

    /// The hour ticks to label along `starts` (every 1, 2, 3, 6, 12 h, 1, 2, 3 days, a week, …, so
    /// there are at most ~12 whatever the run's length).
    func hourTicks() -> [(index: Double, minute: Int)] {
        guard let first = starts.first, let last = starts.last else { return [] }
        let spanHours = Double(last + bucket - first) / 60
        var steps = [1, 2, 3, 6, 12, 24, 48, 72, 168]
        while spanHours / Double(steps.last!) > 12 { steps.append(steps.last! * 2) }
        let step = steps.first { spanHours / Double($0) <= 12 }!
        var ticks: [(Double, Int)] = []
        var h = (first + 59) / 60
        while h * 60 <= last + bucket {
            if h % step == 0 { ticks.append((Double(h * 60 - first) / Double(bucket), h * 60)) }
            h += 1
        }
        if ticks.isEmpty { ticks.append((0, first)) }  // runs shorter than an hour: label the start
        return ticks
    }

    /// The position of `minute` in bucket units from the first bucket's start.
    func position(minute: Double) -> Double {
        guard let first = starts.first else { return 0 }
        return (minute - Double(first)) / Double(bucket)
    }

    /// Number of bucket widths from the first bucket's start to the end of the last.
    var extent: Double {
        guard let first = starts.first, let last = starts.last else { return 1 }
        return Double(last + bucket - first) / Double(bucket)
    }
}
