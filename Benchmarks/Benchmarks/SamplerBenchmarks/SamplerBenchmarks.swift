// Sampler benchmarks: named GSL-backed streams, `Distribution.sample`, and `ArrivalProcess.next`.
//
// One scaled iteration is one draw and `scalingFactor` is `.mega`, so `throughput` reads as draws
// per second and `mallocCountTotal` as mallocs per 1,000,000 draws (gate: none).

import Benchmark
import BulkheadStochastic

/// A stream plus whatever the draw loop carries between iterations.
final class SamplerState {
    let stream: RandomStream
    let distribution: Distribution
    let arrivals: ArrivalProcess
    var t = 0.0
    var sum = 0.0

    init(distribution: Distribution = .constant(0), arrivals: ArrivalProcess = ArrivalProcess(rate: 1)) {
        stream = StreamFactory(seed: 42).stream("x")
        self.distribution = distribution
        self.arrivals = arrivals
    }
}

/// Gilt-Japan's front door: 430/s shaped by a Tokyo day, a weekly cycle and the noon flash sale.
func giltProfile() -> DailyProfile {
    let h = 3600.0
    return DailyProfile(
        points: [
            (0, 0.2), (3 * h, 0.15), (6 * h, 0.3), (9 * h, 0.8), (12 * h, 1.0),
            (15 * h, 0.85), (18 * h, 0.9), (21 * h, 0.7), (23 * h, 0.35),
        ],
        interpolation: .linear,
        weekly: [1.0, 1.0, 1.0, 1.0, 1.1, 1.2, 1.1],
        spikes: [.init(at: 12 * h, duration: 1800, multiplier: 3.5, ramp: 120)]
    )
}

let benchmarks: @Sendable () -> Void = {
    func config(maxDuration: Duration = .seconds(2)) -> Benchmark.Configuration {
        .init(
            metrics: [.wallClock, .throughput, .mallocCountTotal],
            warmupIterations: 1,
            scalingFactor: .mega,  // 1,000,000 draws per iteration
            maxDuration: maxDuration,
            maxIterations: 50,
            thresholds: [
                .wallClock: .init(relative: [:], absolute: [:]),
                .throughput: .init(relative: [:], absolute: [:]),
                .mallocCountTotal: .init(absolute: [.p90: 8]),
            ]
        )
    }

    Benchmark("Stream.uniform", configuration: config()) { benchmark, s in
        let r = s.stream
        var sum = 0.0
        for _ in benchmark.scaledIterations { sum += r.uniform() }
        s.sum += sum
        blackHole(s.sum)
    } setup: {
        SamplerState()
    }

    // `Distribution` sampling: the enum switch plus the GSL call, as the model draws service times.
    let distributions: [(String, () throws -> Distribution)] = [
        ("exponential-mean=50ms", { try .makeExponential(mean: 0.05) }),
        ("lognormal-mean=50ms-cv=1.5", { try .makeLognormal(mean: 0.05, cv: 1.5) }),
        ("gamma-shape=2-scale=25ms", { try .makeGamma(shape: 2, scale: 0.025) }),
        ("boundedPareto-shape=1.1-1ms..10s", { try .makeBoundedPareto(shape: 1.1, lower: 0.001, upper: 10) }),
        ("normal-mean=50ms-sd=10ms", { try .makeNormal(mean: 0.05, sd: 0.01) }),
    ]
    for (name, make) in distributions {
        Benchmark("Distribution.\(name)", configuration: config()) { benchmark, s in
            let r = s.stream
            let d = s.distribution
            var sum = 0.0
            for _ in benchmark.scaledIterations { sum += d.sampleNonNegative(r) }
            s.sum += sum
            blackHole(s.sum)
        } setup: {
            SamplerState(distribution: try make())
        }
    }

    // Next-arrival times: a homogeneous Poisson process, and the thinned non-homogeneous one with
    // Gilt-Japan's profile (the clock runs on across iterations, through the day and its spike).
    Benchmark("ArrivalProcess.next-flat-430ps", configuration: config()) { benchmark, s in
        let r = s.stream
        let a = s.arrivals
        var t = s.t
        for _ in benchmark.scaledIterations { t = a.next(after: t, r) }
        s.t = t
        blackHole(s.t)
    } setup: {
        SamplerState(arrivals: ArrivalProcess(rate: 430))
    }

    Benchmark("ArrivalProcess.next-gilt-profile-430ps", configuration: config(maxDuration: .seconds(3))) { benchmark, s in
        let r = s.stream
        let a = s.arrivals
        var t = s.t
        for _ in benchmark.scaledIterations { t = a.next(after: t, r) }
        s.t = t
        blackHole(s.t)
    } setup: {
        SamplerState(arrivals: ArrivalProcess(rate: 430, profile: giltProfile()))
    }

    // Deriving and allocating a named stream (a GSL MT19937 state per stream): one per scaled
    // iteration, `.kilo`, so mallocCountTotal is per 1,000 streams.
    Benchmark(
        "StreamFactory.stream",
        configuration: .init(
            metrics: [.wallClock, .throughput, .mallocCountTotal],
            warmupIterations: 1,
            scalingFactor: .kilo,
            maxDuration: .seconds(2),
            maxIterations: 200,
            thresholds: [
                .wallClock: .init(relative: [:], absolute: [:]),
                .throughput: .init(relative: [:], absolute: [:]),
                // A few allocations per stream (the class, the gsl_rng and its state): 5% tolerance.
                .mallocCountTotal: .init(relative: [.p90: 5.0]),
            ]
        )
    ) { benchmark in
        let f = StreamFactory(seed: 42)
        for i in benchmark.scaledIterations {
            blackHole(f.stream(i & 1 == 0 ? "x" : "arrivals/front").uniform())
        }
    }
}
