import BulkheadModel
import BulkheadStochastic

/// Shuffle sharding (AWS Builders' Library, "Workload isolation using shuffle-sharding", Colm
/// MacCárthaigh 2019): each service gets its own pseudo-random subset of k machines, so that two
/// services rarely share their whole shard and one noisy or poisoned service reaches few others.
///
/// The shard of service s is a partial Fisher–Yates shuffle, seeded by (`seed`, s), of the machines
/// of the service's role (in rank order), health ignored — so the shard does not move when a
/// machine fails and re-placement stays inside it. Inside the shard, containers are placed
/// least-allocated; when no shard machine fits, the container is unschedulable ("shard full").
public enum ShuffleShard {
    /// - Complexity: O(k) per service after O(m) grouping by role.
    public static func shards(_ s: ClusterSnapshot, config: ClusterConfig, k: Int, seed: UInt64) -> [[Int]] {
        var byRole: [String?: [Int]] = [:]
        for m in s.machinesInOrder { byRole[s.roles[m], default: []].append(m) }
        return config.services.enumerated().map { i, svc in
            var pool = byRole[svc.role] ?? []
            var g = SplitMix64(seed: seed, purpose: 0x5348_4152_44, index: UInt64(i))  // "SHARD"
            let take = min(max(0, k), pool.count)
            for j in 0..<take { pool.swapAt(j, j + g.below(pool.count - j)) }
            return Array(pool[0..<take]).sorted { s.rank[$0] < s.rank[$1] }
        }
    }
}
