import Testing

@testable import BulkheadKernel

@Suite("EventQueue")
struct EventQueueTests {
    typealias Q = EventQueue<String>

    func trace(_ q: inout Q, until: SimInstant = .distantFuture) -> [(Int64, String)] {
        var out: [(Int64, String)] = []
        q.run(until: until) { _, e in out.append((e.time.nanoseconds, e.payload)) }
        return out
    }

    @Test func scriptedTrace() {
        var q = Q()
        q.schedule(at: SimInstant(nanoseconds: 30), "c")
        q.schedule(at: SimInstant(nanoseconds: 10), "a")
        q.schedule(at: SimInstant(nanoseconds: 20), "b")
        let t = trace(&q)
        #expect(t.map { $0.0 } == [10, 20, 30])
        #expect(t.map { $0.1 } == ["a", "b", "c"])
        #expect(q.processed == 3)
    }

    @Test func handlersScheduleFollowUps() {
        var q = Q()
        q.schedule(at: SimInstant(nanoseconds: 5), "start")
        var seen: [(Int64, String)] = []
        q.run(until: .distantFuture) { q, e in
            seen.append((e.time.nanoseconds, e.payload))
            if e.payload == "start" {
                q.schedule(after: SimDuration(nanoseconds: 10), "later")
                q.schedule(after: .zero, "now")
            }
        }
        #expect(seen.map { $0.0 } == [5, 5, 15])
        #expect(seen.map { $0.1 } == ["start", "now", "later"])
    }

    @Test func simultaneousEventsOrderByPriorityThenInsertion() {
        var q = Q()
        let t = SimInstant(nanoseconds: 100)
        q.schedule(at: t, priority: 200, "low-1")
        q.schedule(at: t, priority: 10, "high-1")
        q.schedule(at: t, priority: 200, "low-2")
        q.schedule(at: t, priority: 10, "high-2")
        q.schedule(at: t, "default")
        #expect(trace(&q).map { $0.1 } == ["high-1", "high-2", "default", "low-1", "low-2"])
    }

    @Test func cancellationSkipsEventAndIsIdempotent() {
        var q = Q()
        let a = q.schedule(at: SimInstant(nanoseconds: 1), "a")
        q.schedule(at: SimInstant(nanoseconds: 2), "b")
        let c = q.schedule(at: SimInstant(nanoseconds: 3), "c")
        q.cancel(a)
        q.cancel(a)
        q.cancel(c)
        #expect(q.peekTime() == SimInstant(nanoseconds: 2))
        #expect(trace(&q).map { $0.1 } == ["b"])
        #expect(q.processed == 1)
        // cancelling an event that already ran is harmless
        q.cancel(EventHandle(sequence: 1))
        q.schedule(at: SimInstant(nanoseconds: 9), "d")
        #expect(trace(&q).map { $0.1 } == ["d"])
    }

    @Test func runUntilIncludesEventsExactlyAtTheLimit() {
        var q = Q()
        q.schedule(at: SimInstant(nanoseconds: 10), "at-limit")
        q.schedule(at: SimInstant(nanoseconds: 11), "after")
        let t = trace(&q, until: SimInstant(nanoseconds: 10))
        #expect(t.map { $0.1 } == ["at-limit"])
        #expect(q.now == SimInstant(nanoseconds: 10))
        #expect(q.count == 1)
        // the clock advances to the limit even when no event is there
        _ = trace(&q, until: SimInstant(nanoseconds: 10_000))
        #expect(q.now == SimInstant(nanoseconds: 10_000))
    }

    @Test func stepRunsOneEvent() {
        var q = Q()
        q.schedule(at: SimInstant(nanoseconds: 7), "x")
        var got: [String] = []
        #expect(q.step { _, e in got.append(e.payload) })
        #expect(!q.step { _, e in got.append(e.payload) })
        #expect(got == ["x"])
        #expect(q.now.nanoseconds == 7)
    }

    /// A deterministic pseudo-random schedule (LCG, no stochastic module needed) run twice gives
    /// the same trace, and it is sorted by (time, insertion).
    @Test func deterministicAndSortedUnderRandomLoad() {
        func runOnce() -> [(Int64, String)] {
            var q = Q()
            var x: UInt64 = 12345
            for i in 0..<5000 {
                x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                q.schedule(at: SimInstant(nanoseconds: Int64(x >> 54)), "\(i)")
            }
            return trace(&q)
        }
        let a = runOnce()
        let b = runOnce()
        #expect(a.map { $0.1 } == b.map { $0.1 })
        for k in 1..<a.count {
            let ok = a[k - 1].0 < a[k].0 || (a[k - 1].0 == a[k].0 && Int(a[k - 1].1)! < Int(a[k].1)!)
            #expect(ok, "order broken at \(k)")
            if !ok { break }
        }
    }

    @Test func holdModelKeepsPendingConstant() {
        let r = HoldModel.run(pending: 100, events: 10_000, increments: [3, 1, 4, 1, 5, 9, 2, 6]) { 0 }
        #expect(r.checksum != 0)
    }
}
