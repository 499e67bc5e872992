/// The hold model (Vaucher & Duval 1975; Jones, CACM 29(4) 1986), the standard event-set
/// benchmark: keep `pending` events in the queue; repeatedly take the earliest and schedule one
/// new event at now + an increment. Increments come from the caller (exponential in `bulkhead
/// bench kernel`) so the kernel stays free of randomness.
public enum HoldModel {
    public struct Result: Sendable {
        public let seconds: Double
        public let rate: Double
        public let checksum: Int64
    }

    /// Runs the hold model with increments drawn cyclically from `increments` (nanoseconds).
    public static func run(pending: Int, events: Int, increments: [Int64], clock: () -> Double) -> Result {
        precondition(!increments.isEmpty, "HoldModel needs at least one increment")
        var q = EventQueue<Int32>(reservingCapacity: pending + 1)
        var k = 0
        let n = increments.count
        for i in 0..<pending {
            q.schedule(at: SimInstant(nanoseconds: increments[k]), Int32(truncatingIfNeeded: i))
            k += 1
            if k == n { k = 0 }
        }
        var checksum: Int64 = 0
        let start = clock()
        for _ in 0..<events {
            guard let e = q.next() else { break }
            checksum &+= Int64(e.payload)
            q.schedule(at: e.time + SimDuration(nanoseconds: increments[k]), e.payload)
            k += 1
            if k == n { k = 0 }
        }
        let seconds = clock() - start
        return Result(seconds: seconds, rate: Double(events) / seconds, checksum: checksum &+ q.now.nanoseconds)
    }
}
