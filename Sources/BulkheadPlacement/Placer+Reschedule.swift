import BulkheadModel
import BulkheadStochastic

extension Placer {
    /// Places one container of `service` on a cluster that already runs `existing`, with the
    /// policy's filters and scorer (the scan path, same decisions as `placeNaive` for one
    /// container). Used by dynamic infrastructure to re-place containers lost with a machine.
    /// - Parameters:
    ///   - existing: the containers running (or starting) now; they count against capacity,
    ///     anti-affinity and topology spread.
    ///   - failedMachines: machines that are down (filtered out).
    ///   - seed: the placement's seed (`PlacementRequest.seed`): shuffle-shard's shards are drawn
    ///     from it, so a re-placement stays in the service's shard.
    ///   - generator: the placement stream (`PlacementResult.generator`), advanced by the draws of
    ///     `random` selections, so that successive re-placements continue one stream.
    /// - Returns: the chosen machine, or nil when none passes the filters.
    /// - Complexity: O(existing) to build the snapshot + O(m·R) for the container.
    public static func placeOne(
        service: Int, replica: Int, config: ClusterConfig, policy name: String,
        existing: [Placement.Container], failedMachines: Set<Int>,
        seed: UInt64, generator rng: inout SplitMix64
    ) throws(PlacementError) -> Int? {
        let policy = try resolve(name, config)
        var s = ClusterSnapshot(config: config, failedMachines: failedMachines)
        for e in existing {
            let q = ContainerRequest(service: e.service, replica: e.replica, of: config)
            // Best-fit GPUs: `existing` records machines, not GPU indices.
            s.assign(q, to: e.machine)
        }
        let c = ContainerRequest(service: service, replica: replica, of: config)
        let shards = policy.shard ? ShuffleShard.shards(s, config: config, k: config.shardSize, seed: seed) : nil
        let hard = Filters.hard(for: policy, shards: shards, pinned: hasPins(config))
        let soft = TopologySpreadFilter(soft: true, extra: policy.spread)
        let useSoft = policy.filters.contains(.topologySpread)
        var cursor = 0
        let candidates = shards?[service] ?? s.machinesInOrder
        let passes = !useSoft || soft.constraints(service, in: s).isEmpty ? [false] : [true, false]
        for withSoft in passes {
            var feasible: [Int] = []
            machines: for m in candidates {
                for f in hard { if case .reject = f.check(c, machine: m, in: s) { continue machines } }
                if withSoft, case .reject = soft.check(c, machine: m, in: s) { continue }
                feasible.append(m)
            }
            if !feasible.isEmpty { return select(policy.selection, c, feasible, s, &rng, &cursor) }
        }
        return nil
    }
}
