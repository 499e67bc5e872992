// Placement benchmarks: the large-cluster case, 10,000 machines × 300,000 containers with a rack
// topology-spread constraint (`SyntheticCluster.make`), placed by binpack, spread and rack-spread,
// and the static N-1 analysis of the result. One iteration each (a placement takes seconds);
// gated on mallocs like the other suites, wall time is reported but not gated.

import Benchmark
import BulkheadModel
import BulkheadPlacement
import BulkheadRunner

let benchmarks: @Sendable () -> Void = {
    let config = SyntheticCluster.make()
    // Mallocs are gated within 5 % (placement allocates per service and per index node, not per
    // container); wall clock is reported, never gated.
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal], maxDuration: .seconds(60), maxIterations: 1,
        thresholds: [.mallocCountTotal: .init(relative: [.p90: 5.0]), .wallClock: .init(relative: [:], absolute: [:])])

    for policy in ["binpack", "spread", "rack-spread"] {
        Benchmark("Place-10k-machines-300k-containers-\(policy)", configuration: configuration) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try Placer.place(PlacementRequest(config: config, policy: policy)))
            }
        }
    }

    Benchmark("BlastRadius-N-1-10k-machines-300k-containers", configuration: configuration) { benchmark, placement in
        for _ in benchmark.scaledIterations {
            blackHole(BlastRadius(config: config, placement: placement))
        }
    } setup: {
        try Placer.place(PlacementRequest(config: config, policy: "spread")).placement
    }
}
