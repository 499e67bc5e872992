import BulkheadModel
import BulkheadResults

/// Static contingency analysis of a placement (N-1): for every single failure unit — each machine,
/// each rack, each zone (clusters with zones), each role-tagged machine, each load balancer — which services go down, which are
/// degraded, which tenants are touched and what share of the placed containers is lost, without
/// simulating any traffic (the "N-1 criterion" of power-system contingency analysis applied to a
/// cluster; cf. Borg's failure-domain spreading, Verma et al. EuroSys 2015).
///
/// Definitions, over *placed* containers (unschedulable replicas are reported by the placer):
/// - a service is **down** when it has ≥ 1 placed container and the unit holds all of them;
/// - **degraded** when the unit holds at least half of them but not all (2·lost ≥ placed);
/// - a tenant is **touched** when the unit holds ≥ 1 container of one of its services;
/// - for a load balancer: the services routed only through it are down (no other entry point),
///   those routed through it and another balancer are degraded (they lose an entry point), tenants
///   of every service it routes are touched, and the containers of the down services count as lost.
public struct BlastRadius: Sendable {
    /// A kind of failure unit, named as the outputs name it.
    public typealias Kind = FailureUnitKind

    /// What one failure unit takes with it.
    public struct Unit: Sendable, Hashable {
        public var kind: Kind
        public var name: String
        /// Indices of the services that go down, ascending.
        public var servicesDown: [Int]
        public var servicesDegraded: Int
        public var tenantsTouched: Int
        public var containersLost: Int
        /// `containersLost / placed containers` (0 when nothing is placed).
        public var shareLost: Double
    }

    public var units: [Unit]
    /// Aggregates over the units of each kind present (the `blastRadius` figures of
    /// `bulkhead place --json`).
    public var summaries: [Kind: BlastRadiusSummary.Kind]

    public func summary(_ kind: Kind) -> BlastRadiusSummary.Kind? { summaries[kind] }

    /// - Complexity: O(n + m + racks + S·B) for n placed containers, m machines, S services and B
    ///   balancers (each container is visited once per unit kind that contains it).
    public init(config: ClusterConfig, placement: Placement) {
        let nS = config.services.count
        let nM = config.machines.count
        var tenantIndex: [String: Int] = [:]
        let tenantOf = config.services.map { svc in
            if let t = tenantIndex[svc.tenant] { return t }
            tenantIndex[svc.tenant] = tenantIndex.count
            return tenantIndex.count - 1
        }
        let containers = placement.containers.filter { $0.machine >= 0 && $0.machine < nM && $0.service < nS }
        var placed = [Int](repeating: 0, count: nS)
        for c in containers { placed[c.service] += 1 }
        let total = containers.count

        // Containers grouped by machine (counting sort, CSR).
        var start = [Int](repeating: 0, count: nM + 1)
        for c in containers { start[c.machine + 1] += 1 }
        for m in 0..<nM { start[m + 1] += start[m] }
        var fill = start
        var svcOn = [Int](repeating: 0, count: total)
        for c in containers {
            svcOn[fill[c.machine]] = c.service
            fill[c.machine] += 1
        }

        var lost = [Int](repeating: 0, count: nS)
        var touched: [Int] = []
        var tenantStamp = [Int](repeating: -1, count: tenantIndex.count)
        var stamp = 0
        var units: [Unit] = []

        /// Evaluates the unit whose containers were added to `lost` / `touched`, then resets them.
        func close(_ kind: Kind, _ name: String) {
            var down: [Int] = []
            var degraded = 0
            var tenants = 0
            var count = 0
            for s in touched {
                count += lost[s]
                if lost[s] == placed[s] { down.append(s) } else if 2 * lost[s] >= placed[s] { degraded += 1 }
                if tenantStamp[tenantOf[s]] != stamp {
                    tenantStamp[tenantOf[s]] = stamp
                    tenants += 1
                }
                lost[s] = 0
            }
            down.sort()
            units.append(
                Unit(
                    kind: kind, name: name, servicesDown: down, servicesDegraded: degraded,
                    tenantsTouched: tenants, containersLost: count,
                    shareLost: total == 0 ? 0 : Double(count) / Double(total)))
            touched.removeAll(keepingCapacity: true)
            stamp += 1
        }
        func add(machine m: Int) {
            for k in start[m]..<start[m + 1] {
                let s = svcOn[k]
                if lost[s] == 0 { touched.append(s) }
                lost[s] += 1
            }
        }

        var machineUnit = [Int](repeating: -1, count: nM)
        for m in 0..<nM {
            add(machine: m)
            close(.machine, config.machines[m].name)
            machineUnit[m] = units.count - 1
        }
        let rackCount = max(config.racks.count, (config.machines.map(\.rack).max() ?? -1) + 1)
        var machinesOfRack = [[Int]](repeating: [], count: rackCount)
        for (m, mm) in config.machines.enumerated() where mm.rack >= 0 { machinesOfRack[mm.rack].append(m) }
        for r in 0..<rackCount where !machinesOfRack[r].isEmpty {
            for m in machinesOfRack[r] { add(machine: m) }
            close(.rack, r < config.racks.count ? config.racks[r] : "rack\(r)")
        }
        if !config.zones.isEmpty {
            var machinesOfZone = [[Int]](repeating: [], count: config.zones.count)
            for (m, mm) in config.machines.enumerated() where mm.zone >= 0 && mm.zone < config.zones.count {
                machinesOfZone[mm.zone].append(m)
            }
            for z in config.zones.indices where !machinesOfZone[z].isEmpty {
                for m in machinesOfZone[z] { add(machine: m) }
                close(.zone, config.zones[z])
            }
        }
        for m in 0..<nM where config.machines[m].role != nil {
            var u = units[machineUnit[m]]
            u.kind = .roleMachine
            units.append(u)
        }
        var routedBy = [Set<Int>](repeating: [], count: nS)
        for (b, lb) in config.balancers.enumerated() { for r in lb.routes where r.service < nS { routedBy[r.service].insert(b) } }
        for (b, lb) in config.balancers.enumerated() {
            var down: [Int] = []
            var degraded = 0
            var count = 0
            var tenants = Set<Int>()
            for s in Set(lb.routes.map(\.service)) where s < nS {
                tenants.insert(tenantOf[s])
                if routedBy[s] == [b] {
                    if placed[s] > 0 {
                        down.append(s)
                        count += placed[s]
                    }
                } else {
                    degraded += 1
                }
            }
            units.append(
                Unit(
                    kind: .balancer, name: lb.name, servicesDown: down.sorted(), servicesDegraded: degraded,
                    tenantsTouched: tenants.count, containersLost: count,
                    shareLost: total == 0 ? 0 : Double(count) / Double(total)))
        }
        self.units = units
        var summaries: [Kind: BlastRadiusSummary.Kind] = [:]
        for kind in Kind.allCases {
            let us = units.filter { $0.kind == kind }
            guard !us.isEmpty else { continue }
            let n = Double(us.count)
            summaries[kind] = BlastRadiusSummary.Kind(
                units: us.count,
                maxServicesDown: us.map(\.servicesDown.count).max()!,
                meanServicesDown: Double(us.reduce(0) { $0 + $1.servicesDown.count }) / n,
                maxServicesDegraded: us.map(\.servicesDegraded).max()!,
                meanServicesDegraded: Double(us.reduce(0) { $0 + $1.servicesDegraded }) / n,
                maxTenantsTouched: us.map(\.tenantsTouched).max()!,
                meanTenantsTouched: Double(us.reduce(0) { $0 + $1.tenantsTouched }) / n,
                maxShareLost: us.map(\.shareLost).max()!,
                unitsTakingServiceDown: us.filter { !$0.servicesDown.isEmpty }.count)
        }
        self.summaries = summaries
    }
}
