import BulkheadImport
import BulkheadModel
import BulkheadPlacement
import Foundation

extension FragmentationExperiment {
    /// Every policy on every seed's arrivals (common random numbers: one seed, one arrival
    /// sequence, for all policies). FGD's target workload is the trace's own task types (95 %
    /// popularity threshold, as the authors' default `podPopularityThreshold`).
    /// - Complexity: policies × seeds × `run`.
    public static func compare(
        nodes: [OpenB.Node], pods: [OpenB.Pod], policies: [GPUSharingPolicy], seeds: [UInt64], tune: Double
    ) -> [Curve] {
        let capacity = nodes.reduce(0) { $0 + $1.gpus } * GPURequest.milliPerGPU
        let workload = GPUFragmentation(
            types: GPUFragmentation.workload(pods.map { ($0.cpuMilli, GPURequest(count: $0.gpuCount, milli: $0.gpuMilli)) }))
        var out: [Curve] = []
        for seed in seeds {
            let arrivals = arrivals(pods, capacityMilli: capacity, tune: tune, seed: seed)
            for p in policies { out.append(run(nodes: nodes, arrivals: arrivals, policy: p, workload: workload, seed: seed)) }
        }
        return out
    }

    /// Mean ± standard deviation over seeds of the allocation at the given arrival percentages,
    /// one row per policy.
    public static func table(_ curves: [Curve], at xs: [Int]) -> String {
        var out = "policy      runs " + xs.map { "\($0) %".leftPadded(14) }.joined() + "   failed pods\n"
        var policies: [GPUSharingPolicy] = []
        for c in curves where !policies.contains(c.policy) { policies.append(c.policy) }
        for p in policies {
            let cs = curves.filter { $0.policy == p }
            var line = p.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0) + String(format: "%4d ", cs.count)
            for x in xs {
                let v = cs.compactMap { x < $0.allocated.count ? $0.allocated[x] : $0.allocated.last }
                let mean = v.reduce(0, +) / Double(max(1, v.count))
                let sd = v.count > 1 ? (v.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(v.count - 1)).squareRoot() : 0
                line += String(format: "%.2f±%.2f", mean, sd).leftPadded(14)
            }
            let failed = cs.map(\.failed).reduce(0, +) / max(1, cs.count)
            var kinds: [String: Int] = [:]
            for c in cs { for (k, v) in c.failedByKind { kinds[k, default: 0] += v } }
            let detail = kinds.keys.sorted().map { "\($0) \(kinds[$0]! / max(1, cs.count))" }.joined(separator: ", ")
            out += line + "   \(failed) (\(detail))\n"
        }
        return out
    }
}

extension String {
    func leftPadded(_ n: Int) -> String { count >= n ? " " + self : String(repeating: " ", count: n - count) + self }
}
