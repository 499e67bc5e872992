import BulkheadModel

/// Static N-2 analysis: every pair of machines failing together (with the definitions of
/// ``BlastRadius``: a service is down when the pair holds all its placed containers). Only run on
/// clusters of at most `limit` machines (default 500, i.e. ≤ 124,750 pairs).
public struct PairBlastRadius: Sendable {
    /// One pair and what it takes down.
    public struct Pair: Sendable, Hashable {
        public var machines: (Int, Int)
        public var names: String
        /// Indices of the services that go down, ascending.
        public var servicesDown: [Int]
        public var tenantsTouched: Int
        public static func == (a: Pair, b: Pair) -> Bool { a.machines == b.machines && a.servicesDown == b.servicesDown }
        public func hash(into h: inout Hasher) {
            h.combine(machines.0)
            h.combine(machines.1)
        }
    }

    public var pairs: Int
    public var maxServicesDown: Int
    public var meanServicesDown: Double
    public var maxTenantsTouched: Int
    /// Pairs whose failure takes at least one service down.
    public var pairsTakingServiceDown: Int
    /// The worst pairs: most services down, then most tenants touched, then machine order.
    public var worst: [Pair]

    /// - Returns: nil when the cluster has more than `limit` machines.
    /// - Complexity: O(m² · c) for m machines holding at most c containers each.
    public init?(config: ClusterConfig, placement: Placement, limit: Int = 500, keep: Int = 5) {
        let nM = config.machines.count
        let nS = config.services.count
        guard nM <= limit else { return nil }
        var tenantIndex: [String: Int] = [:]
        let tenantOf = config.services.map { svc in
            if let t = tenantIndex[svc.tenant] { return t }
            tenantIndex[svc.tenant] = tenantIndex.count
            return tenantIndex.count - 1
        }
        var placed = [Int](repeating: 0, count: nS)
        var on = [[Int]](repeating: [], count: nM)
        for c in placement.containers where c.machine >= 0 && c.machine < nM && c.service < nS {
            placed[c.service] += 1
            on[c.machine].append(c.service)
        }
        var lost = [Int](repeating: 0, count: nS)
        var touched: [Int] = []
        var tenantStamp = [Int](repeating: -1, count: tenantIndex.count)
        var stamp = 0
        var all: [Pair] = []
        var sumDown = 0
        var maxDown = 0
        var maxTenants = 0
        var taking = 0
        var count = 0
        for a in 0..<nM {
            for b in (a + 1)..<max(a + 1, nM) {
                for s in on[a] + on[b] {
                    if lost[s] == 0 { touched.append(s) }
                    lost[s] += 1
                }
                var down: [Int] = []
                var tenants = 0
                for s in touched {
                    if lost[s] == placed[s] { down.append(s) }
                    if tenantStamp[tenantOf[s]] != stamp {
                        tenantStamp[tenantOf[s]] = stamp
                        tenants += 1
                    }
                    lost[s] = 0
                }
                touched.removeAll(keepingCapacity: true)
                stamp += 1
                count += 1
                sumDown += down.count
                maxDown = max(maxDown, down.count)
                maxTenants = max(maxTenants, tenants)
                if !down.isEmpty {
                    taking += 1
                    all.append(
                        Pair(
                            machines: (a, b), names: "\(config.machines[a].name)+\(config.machines[b].name)",
                            servicesDown: down.sorted(), tenantsTouched: tenants))
                }
            }
        }
        all.sort { x, y in
            if x.servicesDown.count != y.servicesDown.count { return x.servicesDown.count > y.servicesDown.count }
            if x.tenantsTouched != y.tenantsTouched { return x.tenantsTouched > y.tenantsTouched }
            return x.machines < y.machines
        }
        pairs = count
        maxServicesDown = maxDown
        meanServicesDown = count == 0 ? 0 : Double(sumDown) / Double(count)
        maxTenantsTouched = maxTenants
        pairsTakingServiceDown = taking
        worst = Array(all.prefix(keep))
    }
}
