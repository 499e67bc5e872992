import BulkheadModel
import BulkheadPlacement

/// Dynamic infrastructure's rescheduler: places a lost container with the run's placement policy
/// (`Placer.placeOne`) on the machines that are up, counting the containers running now.
struct PolicyRescheduler: Rescheduler {
    let config: ClusterConfig
    let policy: String

    /// - Complexity: O(running + machines × resources).
    func machine(service: Int, replica: Int, running: [Placement.Container], down: Set<Int>) -> Int? {
        (try? Placer.placeOne(
            service: service, replica: replica, config: config, policy: policy, existing: running,
            failedMachines: down)) ?? nil
    }
}
