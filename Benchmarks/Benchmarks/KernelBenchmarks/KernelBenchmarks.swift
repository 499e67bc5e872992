// Event-kernel benchmarks: the hold model on `EventQueue<Int32>`.
//
// The hold model (Vaucher & Duval 1975; Jones 1986) keeps `pending` events in the queue and
// repeatedly takes the earliest and schedules one new event at now + an increment. One scaled
// iteration is one hold operation (one `next()` + one `schedule(at:)`), so `throughput` reads as
// events per second and `mallocCountTotal` as mallocs per 1,000,000 events.
//
// The queue is built once in `setup` and carried across iterations (and the warm-up iteration), so
// the measured region is the warmed-up steady state: the heap never grows, and the gate is that it
// allocates nothing at all (see ../../Thresholds and ../../README.md).

import Benchmark
import BulkheadKernel
import BulkheadStochastic
import Dispatch

/// State carried across iterations: a warmed-up queue and the increments (ns) it draws from.
final class HoldState {
    var queue: EventQueue<Int32>
    let increments: [Int64]
    var k = 0
    var checksum: Int64 = 0

    init(pending: Int, increments: [Int64]) {
        self.increments = increments
        queue = EventQueue<Int32>(reservingCapacity: pending + 1)
        for i in 0..<pending {
            queue.schedule(at: SimInstant(nanoseconds: increments[k]), Int32(truncatingIfNeeded: i))
            k += 1
            if k == increments.count { k = 0 }
        }
    }

    /// `events` hold operations. The queue is passed `inout` once, so the loop works on it
    /// directly (no per-event exclusivity check on the class property).
    func hold(_ events: Int) {
        checksum &+= Self.hold(&queue, increments: increments, k: &k, events: events)
    }

    static func hold(_ q: inout EventQueue<Int32>, increments: [Int64], k: inout Int, events: Int) -> Int64 {
        var sum: Int64 = 0
        let n = increments.count
        increments.withUnsafeBufferPointer { inc in
            for _ in 0..<events {
                guard let e = q.next() else { break }
                sum &+= Int64(e.payload)
                q.schedule(at: e.time + SimDuration(nanoseconds: inc[k]), e.payload)
                k += 1
                if k == n { k = 0 }
            }
        }
        return sum
    }
}

/// Exp(1 s) increments in nanoseconds, 2²⁰ of them used cyclically (as `bulkhead bench kernel`),
/// so the figure measures the queue, not the sampler.
func exponentialIncrements(seed: UInt64 = 1) -> [Int64] {
    let stream = StreamFactory(seed: seed).stream("bench/hold")
    return (0..<(1 << 20)).map { _ in Int64(stream.exponential(mean: 1) * 1e9) }
}

// Metrics: wallClock, throughput and mallocCountTotal only. `cpuTotal` is left out on purpose: on
// Linux its sampling allocates inside the measured region (+16 mallocs per iteration seen here), which
// would make malloc counts depend on the metric set (`--metric mallocCountTotal` vs the default).
let benchmarks: @Sendable () -> Void = {
    // Gate on allocations only: time metrics carry empty tolerances, so `baseline check` and
    // `thresholds check` never fail on wall-clock noise.
    let timeMetricsUngated: [BenchmarkMetric: BenchmarkThresholds] = [
        .wallClock: .init(relative: [:], absolute: [:]),
        .throughput: .init(relative: [:], absolute: [:]),
    ]

    for (pending, label) in [(1_000, "1k"), (100_000, "100k"), (1_000_000, "1M")] {
        var thresholds = timeMetricsUngated
        // Steady state allocates nothing; allow a handful per 1M events for stray runtime noise.
        thresholds[.mallocCountTotal] = .init(absolute: [.p90: 8])
        Benchmark(
            "Hold-pending=\(label)",
            configuration: .init(
                metrics: [.wallClock, .throughput, .mallocCountTotal],
                warmupIterations: 2,
                scalingFactor: .mega,  // 1,000,000 hold operations per iteration
                maxDuration: .seconds(3),
                maxIterations: 50,
                thresholds: thresholds
            )
        ) { benchmark, state in
            state.hold(benchmark.scaledIterations.count)
            blackHole(state.checksum)
        } setup: {
            HoldState(pending: pending, increments: exponentialIncrements())
        }
    }

    // The library entry point as `bulkhead bench kernel` calls it: builds its queue per call, so
    // its mallocs are per *run* (the heap's buffer), not per event.
    var runThresholds = timeMetricsUngated
    runThresholds[.mallocCountTotal] = .init(absolute: [.p90: 4])
    Benchmark(
        "HoldModel.run-pending=100k-events=1M",
        configuration: .init(
            metrics: [.wallClock, .throughput, .mallocCountTotal],
            warmupIterations: 1,
            scalingFactor: .one,
            maxDuration: .seconds(3),
            maxIterations: 50,
            thresholds: runThresholds
        )
    ) { benchmark, increments in
        let r = HoldModel.run(pending: 100_000, events: 1_000_000, increments: increments) {
            Double(DispatchTime.now().uptimeNanoseconds) / 1e9
        }
        blackHole(r.checksum)
    } setup: {
        exponentialIncrements()
    }
}
