import BulkheadModel
import BulkheadPlacement
import BulkheadStochastic

/// A large, reproducible cluster for placement benchmarks: `machines` machines in racks of 40
/// (every tenth rack tagged role "db"), nine machine shapes (16/32/64 cores × 64/128/256 GiB), and
/// services of 100 replicas (so `containers / 100` services; requests 0.1–2 cores, 0.25–4 GiB; one
/// in ten with role "db"), each with a rack topology-spread constraint (maxSkew 1, refuse), ten
/// tenants' worth of services per tenant and ten load balancers.
public enum SyntheticCluster {
    /// - Complexity: O(machines + containers / 100).
    public static func make(machines: Int = 10_000, containers: Int = 300_000, seed: UInt64 = 7) -> ClusterConfig {
        var g = SplitMix64(seed: seed)
        let gibibyte = 1024.0 * 1024 * 1024
        let perRack = 40
        let rackCount = max(1, (machines + perRack - 1) / perRack)
        let ms = (0..<machines).map { i in
            let r = i / perRack
            return ClusterConfig.Machine(
                name: "m\(i)", rack: r, type: "synthetic",
                cpu: [16, 32, 64].randomElement(using: &g)!,
                memory: [64, 128, 256].randomElement(using: &g)! * gibibyte,
                role: r % 10 == 0 ? "db" : nil)
        }
        let nS = max(1, containers / 100)
        let services = (0..<nS).map { i in
            var s = ClusterConfig.Service(
                name: "s\(i)", tenant: "tenant\(i / 10)", role: i % 10 == 0 ? "db" : nil,
                replicas: i == nS - 1 ? containers - 100 * (nS - 1) : 100,
                cpuRequest: [0.1, 0.25, 0.5, 1, 2].randomElement(using: &g)!,
                memoryRequest: [0.25, 0.5, 1, 2, 4].randomElement(using: &g)! * gibibyte, work: .constant(0.01))
            s.topologySpread = [.init(key: .rack, maxSkew: 1, whenUnsatisfiable: .refuse)]
            return s
        }
        let balancers = (0..<10).map { b in
            let routed = stride(from: b, to: nS, by: 10).map { $0 }
            return ClusterConfig.Balancer(
                name: "lb\(b)", algorithm: .roundRobin, arrivals: .init(rate: 1, profile: .flat),
                routes: routed.map { (service: $0, weight: 1 / Double(routed.count)) })
        }
        return ClusterConfig(
            racks: (0..<rackCount).map { "rack\($0)" }, machines: ms, services: services,
            balancers: balancers, maxContainersPerMachine: 110, duration: .seconds(60))
    }
}
