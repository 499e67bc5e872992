import BulkheadModel

/// Co-tenancy of a placement: for each tenant, how many *other* tenants share at least one machine
/// with it — its exposure to a noisy neighbour (Ristenpart et al., "Hey, you, get off of my cloud",
/// CCS 2009, for why co-residence matters).
public struct CoTenancy: Sendable {
    /// Tenant names in order of first appearance among the services.
    public var tenants: [String]
    /// Per tenant: number of distinct other tenants it shares ≥ 1 machine with.
    public var neighbours: [Int]
    /// The most exposed tenant (first on ties), if any.
    public var worst: (tenant: String, neighbours: Int)? {
        guard
            let k = neighbours.indices.max(by: {
                neighbours[$0] < neighbours[$1] || (neighbours[$0] == neighbours[$1] && $0 > $1)
            })
        else { return nil }
        return (tenants[k], neighbours[k])
    }
    public var mean: Double { neighbours.isEmpty ? 0 : Double(neighbours.reduce(0, +)) / Double(neighbours.count) }

    /// - Complexity: O(n + Σ_m T_m² + T²/64) for n containers and T_m distinct tenants on machine m
    ///   (a T×T bit matrix).
    public init(config: ClusterConfig, placement: Placement) {
        var index: [String: Int] = [:]
        var names: [String] = []
        let tenantOf = config.services.map { svc -> Int in
            if let t = index[svc.tenant] { return t }
            index[svc.tenant] = names.count
            names.append(svc.tenant)
            return names.count - 1
        }
        let t = names.count
        let words = (t + 63) / 64
        var shares = [UInt64](repeating: 0, count: t * words)
        var onMachine = [[Int]](repeating: [], count: config.machines.count)
        for c in placement.containers where c.machine >= 0 && c.machine < onMachine.count && c.service < tenantOf.count {
            onMachine[c.machine].append(tenantOf[c.service])
        }
        for var ts in onMachine where ts.count > 1 {
            ts = Array(Set(ts))
            for a in ts { for b in ts where a != b { shares[a * words + b / 64] |= 1 << UInt64(b % 64) } }
        }
        tenants = names
        neighbours = (0..<t).map { a in (0..<words).reduce(0) { $0 + shares[a * words + $1].nonzeroBitCount } }
    }
}
