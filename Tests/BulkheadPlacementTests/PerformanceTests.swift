import BulkheadModel
import BulkheadPlacement
import Foundation
import Testing

/// 10,000 machines × 300,000 containers. Opt-in (BULKHEAD_PLACEMENT_PERF=1) and meant for
/// `swift test -c release`; prints the wall time per policy.
@Suite("Scale", .enabled(if: ProcessInfo.processInfo.environment["BULKHEAD_PLACEMENT_PERF"] == "1"))
struct PerformanceTests {
    static func bigCluster() -> ClusterConfig {
        var g = SplitMix(state: 7)
        let machines = (0..<10_000).map { i in
            machine("m\(i)", cpu: [16, 32, 64].randomElement(using: &g)!, memory: [64, 128, 256].randomElement(using: &g)! * GiB,
                    role: i % 10 == 0 ? "db" : nil)
        }
        let services = (0..<3_000).map { i in
            service("s\(i)", replicas: 100, cpu: [0.1, 0.25, 0.5, 1, 2].randomElement(using: &g)!,
                    memory: [0.25, 0.5, 1, 2, 4].randomElement(using: &g)! * GiB, role: i % 10 == 0 ? "db" : nil)
        }
        return cluster(machines, services, maxContainers: 110)
    }

    @Test(arguments: PlacementPolicy.presets.map(\.name))
    func tenThousandMachines(policy: String) throws {
        let cfg = Self.bigCluster()
        let t0 = Date()
        let r = try Placer.place(.init(config: cfg, policy: policy, failedMachines: [1, 2, 3]))
        let dt = Date().timeIntervalSince(t0)
        print("PERF \(policy): \(String(format: "%.2f", dt)) s, placed \(r.placement.containers.count), unschedulable \(r.unschedulable.count), machines used \(Set(r.placement.containers.map(\.machine)).count)")
        #expect(r.placement.containers.count + r.unschedulable.count == 300_000)
        #expect(dt < 10)
    }
}
