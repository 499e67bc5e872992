import BulkheadModel
import BulkheadPlacement
import BulkheadStochastic

/// Dynamic infrastructure's rescheduler and autoscaling's placer: places a container with the
/// run's placement policy (`Placer.placeOne`) on the machines that are up, counting the containers
/// running now. Its draws continue the initial placement's stream (`PlacementResult.generator`):
/// one generator per simulation, owned here, so that successive re-placements differ.
final class PolicyRescheduler: Rescheduler {
    let config: ClusterConfig
    let policy: String
    /// The placement's seed (shuffle-shard's shards).
    let seed: UInt64
    var generator: SplitMix64

    init(config: ClusterConfig, policy: String, seed: UInt64, generator: SplitMix64) {
        self.config = config
        self.policy = policy
        self.seed = seed
        self.generator = generator
    }

    /// - Complexity: O(running + machines × resources).
    func machine(service: Int, replica: Int, running: [Placement.Container], down: Set<Int>) -> Int? {
        (try? Placer.placeOne(
            service: service, replica: replica, config: config, policy: policy, existing: running,
            failedMachines: down, seed: seed, generator: &generator)) ?? nil
    }
}
