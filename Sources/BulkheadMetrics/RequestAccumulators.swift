import BulkheadKernel
import BulkheadModel
import Histogram

/// The per-request counters of ``MetricsCollector``, kept in one struct so that a request costs a
/// single exclusive access to the collector's stored property (the mutating method then reaches
/// every array statically), and no allocation: all arrays are sized at construction (the per-minute
/// counters are a ring of ``ringMinutes`` minutes, so memory does not grow with the duration).
struct RequestAccumulators {
    /// `RequestOutcome.allCases.count`, as a literal so that it folds (checked in `init`).
    static let outcomeCount = 11
    /// Largest latency recorded (µs): one hour. Longer latencies are clamped to it.
    static let highestMicros: UInt64 = 3_600_000_000

    let serviceCount: Int
    /// Per-service counters in one flat array (one uniqueness check per request instead of one
    /// per counter): `[service * stride + field]`, fields below.
    var counters: StateTable<Int>
    static let requestsField = 0, successesField = 1, externalField = 2, externalSuccessesField = 3
    /// Σ success latency in µs (exact mean to the microsecond; overflows after ~292 000 years).
    static let latencySumField = 4
    /// Outcome counts (all requests) start here, indexed by `RequestOutcome.rawValue`.
    static let outcomesField = 5
    /// Outcome counts of external requests start here.
    static let externalOutcomesField = outcomesField + outcomeCount
    static let stride = externalOutcomesField + outcomeCount
    /// Whole-run success latency in µs (a ``RunHistogram``, not the library's `Histogram<UInt64>`:
    /// see there for the measurement).
    var histograms: [RunHistogram]
    /// Success latency in µs since the last `minuteEnded` (once `recordPending` has run).
    var minuteHistograms: [MinuteHistogram]
    /// Success latencies not yet in `minuteHistograms`, as `service << 32 | µs` in end order.
    ///
    /// Why: the minute histograms of all services span ~1 MB, so the bucket increment missed the
    /// cache on most requests (perf on gilt-japan: ~6% of the run on that one instruction).
    /// Appending to this buffer is sequential; `recordPending` then does the increments in one
    /// tight loop, where the misses overlap. It holds at most one minute of requests.
    var pendingLatencies = StateTable<UInt64>(reservingCapacity: 1 << 16)
    /// Flat `[slot * serviceCount * 2 + service * 2 + k]`, k = 0 requests, 1 successes, where
    /// `slot = minute mod ringMinutes` of the request's end. A minute is read when the model closes
    /// it (`minuteEnded`), and requests end at the current simulated time, so only the current
    /// minute is ever written: a small ring suffices, whatever the duration.
    var minuteCounts: StateTable<Int>
    /// The minute each slot of `minuteCounts` currently counts (−1: none).
    var slotMinute: StateTable<Int>
    static let ringMinutes = 4

    init(serviceCount: Int) {
        precondition(Self.outcomeCount == RequestOutcome.allCases.count, "RequestAccumulators.outcomeCount")
        self.serviceCount = serviceCount
        counters = StateTable(repeating: 0, count: serviceCount * Self.stride)
        // Neither histogram allocates until its first value (each then holds only the buckets
        // its service touches), so nothing is shared to copy on write.
        histograms = Array(repeating: RunHistogram(), count: serviceCount)
        minuteHistograms = Array(repeating: MinuteHistogram(highestValue: Self.highestMicros), count: serviceCount)
        minuteCounts = StateTable(repeating: 0, count: Self.ringMinutes * serviceCount * 2)
        slotMinute = StateTable(repeating: -1, count: Self.ringMinutes)
    }

    func counter(_ s: Int, _ field: Int) -> Int { counters[s * Self.stride + field] }
    var requests: [Int] { (0..<serviceCount).map { counter($0, Self.requestsField) } }
    var successes: [Int] { (0..<serviceCount).map { counter($0, Self.successesField) } }
    var external: [Int] { (0..<serviceCount).map { counter($0, Self.externalField) } }
    var externalSuccesses: [Int] { (0..<serviceCount).map { counter($0, Self.externalSuccessesField) } }

    /// A library histogram over the same range and precision (the latency windows use it).
    static func makeHistogram() -> Histogram<UInt64> {
        Histogram<UInt64>(
            lowestDiscernibleValue: 1, highestTrackableValue: highestMicros,
            numberOfSignificantValueDigits: .three)
    }

    /// Records one finished request that ended in `minute` after warm-up.
    /// - Complexity: O(1) amortised (O(services) when a new minute starts).
    @inline(__always)
    mutating func record(service s: Int, minute: Int, latencyNs: Int64, outcome: Int, external ext: Bool) {
        precondition(s >= 0 && s < serviceCount, "requestFinished: no service #\(s)")
        let slot = minute & (Self.ringMinutes &- 1)
        if slotMinute[slot] != minute { claim(slot, minute: minute) }
        let minuteBase = slot &* serviceCount &* 2 &+ s &* 2
        let success = outcome == 0
        // StateTables, not arrays: no uniqueness check per store (with arrays, even one check per
        // array and request through a buffer pointer was ~1.5% of a gilt-japan run, cachegrind).
        minuteCounts[minuteBase] &+= 1
        if success { minuteCounts[minuteBase &+ 1] &+= 1 }
        var us: UInt64 = 0
        if success {
            let ns = latencyNs > 0 ? UInt64(latencyNs) : 0
            us = (ns &+ 500) / 1000
            if us > Self.highestMicros { us = Self.highestMicros }
        }
        let base = s &* Self.stride
        let c = counters.buffer
        c[base &+ Self.requestsField] &+= 1
        c[base &+ Self.outcomesField &+ outcome] &+= 1
        if ext {
            c[base &+ Self.externalField] &+= 1
            c[base &+ Self.externalOutcomesField &+ outcome] &+= 1
        }
        if success {
            c[base &+ Self.successesField] &+= 1
            c[base &+ Self.latencySumField] &+= Int(us)
            if ext { c[base &+ Self.externalSuccessesField] &+= 1 }
        }
        guard success else { return }
        // Only the minute histogram is touched per request (through `pendingLatencies`); it is
        // folded into the whole-run HdrHistogram once per minute (`flushMinute`). Recording into
        // the generic HdrHistogram per request cost ~8% of a whole simulation (measured with perf
        // on gilt-japan). `us` ≤ `highestMicros` < 2³², so it fits the low half.
        pendingLatencies.append(UInt64(truncatingIfNeeded: s) << 32 | us)
    }

    /// Records `count` finished requests with the same latency and outcome (flow fidelity):
    /// the same counters as `count` calls of `record`, the latencies straight into the minute
    /// histogram (the caller reports a minute's requests before the minute ends).
    /// - Complexity: O(1) amortised.
    mutating func record(
        service s: Int, minute: Int, latencyNs: Int64, outcome: Int, external ext: Bool, count n: Int
    ) {
        precondition(s >= 0 && s < serviceCount, "requestsFinished: no service #\(s)")
        guard n > 0 else { return }
        let slot = minute & (Self.ringMinutes - 1)
        if slotMinute[slot] != minute { claim(slot, minute: minute) }
        let minuteBase = slot * serviceCount * 2 + s * 2
        let success = outcome == 0
        minuteCounts[minuteBase] += n
        if success { minuteCounts[minuteBase + 1] += n }
        let base = s * Self.stride
        counters[base + Self.requestsField] += n
        counters[base + Self.outcomesField + outcome] += n
        if ext {
            counters[base + Self.externalField] += n
            counters[base + Self.externalOutcomesField + outcome] += n
        }
        guard success else { return }
        let ns = latencyNs > 0 ? UInt64(latencyNs) : 0
        let us = min((ns + 500) / 1000, Self.highestMicros)
        counters[base + Self.successesField] += n
        counters[base + Self.latencySumField] += Int(us) * n
        if ext { counters[base + Self.externalSuccessesField] += n }
        minuteHistograms[s].record(us, count: n)
    }

    /// Records successes of service `s` with latency `latencies[i]`, `counts[i]` of each (flow
    /// fidelity): the same counters and histogram as a `record(…count:)` per bin with a positive
    /// count, in order, with the counters touched once.
    /// - Complexity: O(bins) amortised.
    mutating func recordSuccesses(
        service s: Int, minute: Int, latencies: [SimDuration], counts: [Int], external ext: Bool
    ) {
        precondition(s >= 0 && s < serviceCount, "requestsSucceeded: no service #\(s)")
        var n = 0
        var sum = 0
        for i in counts.indices where counts[i] > 0 {
            let latencyNs = latencies[i].nanoseconds
            let ns = latencyNs > 0 ? UInt64(latencyNs) : 0
            let us = min((ns + 500) / 1000, Self.highestMicros)
            n += counts[i]
            sum += Int(us) * counts[i]
            minuteHistograms[s].record(us, count: counts[i])
        }
        guard n > 0 else { return }
        let slot = minute & (Self.ringMinutes - 1)
        if slotMinute[slot] != minute { claim(slot, minute: minute) }
        let minuteBase = slot * serviceCount * 2 + s * 2
        minuteCounts[minuteBase] += n
        minuteCounts[minuteBase + 1] += n
        let base = s * Self.stride
        counters[base + Self.requestsField] += n
        counters[base + Self.outcomesField] += n
        if ext {
            counters[base + Self.externalField] += n
            counters[base + Self.externalOutcomesField] += n
        }
        counters[base + Self.successesField] += n
        counters[base + Self.latencySumField] += sum
        if ext { counters[base + Self.externalSuccessesField] += n }
    }

    /// Records the buffered latencies into the minute histograms (call before reading them).
    /// - Complexity: O(buffered latencies).
    mutating func recordPending() {
        minuteHistograms.withUnsafeMutableBufferPointer { h in
            for e in pendingLatencies { h[Int(e >> 32)].record(e & 0xFFFF_FFFF) }
        }
        pendingLatencies.removeAll()
    }

    /// Adds the current minute's latencies of service `s` to its whole-run histogram (after
    /// `recordPending`).
    /// Percentiles are unchanged (same buckets); the exact maximum is kept.
    /// - Complexity: O(touched buckets); O(1) (and no write) when the minute is empty.
    mutating func flushMinute(_ s: Int) {
        guard minuteHistograms[s].totalCount > 0 else { return }
        histograms[s].add(minuteHistograms[s])
    }

    /// Gives ring slot `slot` to `minute`, zeroing the counts of the minute it held.
    @inline(never)
    mutating func claim(_ slot: Int, minute: Int) {
        for k in 0..<serviceCount * 2 { minuteCounts[slot * serviceCount * 2 + k] = 0 }
        slotMinute[slot] = minute
    }

    /// Requests and successes of `service` that ended in `minute` (0 once the ring has moved
    /// ``ringMinutes`` minutes past it).
    func minute(_ minute: Int, service s: Int) -> (requests: Int, successes: Int) {
        let slot = minute & (Self.ringMinutes - 1)
        guard minute >= 0, slotMinute[slot] == minute else { return (0, 0) }
        let base = slot * serviceCount * 2 + s * 2
        return (Int(minuteCounts[base]), Int(minuteCounts[base + 1]))
    }
}
