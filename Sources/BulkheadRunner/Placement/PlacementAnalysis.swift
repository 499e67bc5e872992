import BulkheadModel
import BulkheadPlacement
import BulkheadResults

/// `bulkhead place`: one policy's placement of a scenario and its static analyses (capacity view,
/// co-tenancy, N-1 and N-2 blast radius), as the BulkheadResults values its outputs are written
/// from.
public enum PlacementAnalysis {
    /// Places `config` with `policy` and analyses the result. `seed` is the scenario's seed: the
    /// placement draws from its `placement` stream of replication 0, as `run` does.
    /// - Complexity: that of `Placer.place` plus O(n + m) for the analyses (O(m² · c) for the
    ///   machine pairs of clusters of at most 500 machines).
    public static func analyse(config: ClusterConfig, policy: String, seed: UInt64) throws(PlacementError)
        -> PolicyPlacement
    {
        let result = try Placer.place(
            .init(config: config, policy: policy, seed: Placer.streamSeed(seed: seed, replication: 0)))
        let placement = result.placement
        let blast = BlastRadius(config: config, placement: placement)
        let capacity = CapacityView(config: config, placement: placement, unschedulable: result.unschedulable.count)
        let coTenancy = CoTenancy(config: config, placement: placement)
        let pairs = PairBlastRadius(config: config, placement: placement)
        let p = result.policy
        func name(_ service: Int) -> String { config.services[service].name }
        func rack(_ r: Int) -> String { r >= 0 && r < config.racks.count ? config.racks[r] : "rack\(r)" }
        let hasGPUs = config.machines.contains { $0.gpus > 0 } || config.services.contains { $0.gpuRequest.count > 0 }
        func gpuColumn(_ s: ClusterConfig.Service) -> Double? { hasGPUs ? s.gpuRequest.gpus : nil }
        func zone(_ z: Int) -> String? { z >= 0 && z < config.zones.count ? config.zones[z] : nil }

        var rows = placement.containers.map { c in
            let s = config.services[c.service]
            let m = config.machines[c.machine]
            return PlacementRow(
                policy: p, container: "\(s.name)-\(c.replica)", service: s.name, tenant: s.tenant, replica: c.replica,
                machine: m.name, rack: rack(m.rack), status: .placed, reason: nil
            ).inZone(zone(m.zone)).withGPU(gpuColumn(s))
        }
        rows += result.unschedulable.map { u in
            let s = config.services[u.service]
            return PlacementRow(
                policy: p, container: "\(s.name)-\(u.replica)", service: s.name, tenant: s.tenant, replica: u.replica,
                machine: nil, rack: nil, status: .unschedulable, reason: u.reason
            ).withGPU(gpuColumn(s))
        }
        let blastRows = blast.units.map { u in
            BlastRadiusRow(
                policy: p, kind: u.kind, unit: u.name, downServices: u.servicesDown.map(name),
                servicesDegraded: u.servicesDegraded, tenantsTouched: u.tenantsTouched, containersLost: u.containersLost,
                shareLost: u.shareLost)
        }

        let machinePair = pairs.map { x in
            BlastRadiusSummary.Pairs(
                units: x.pairs, maxServicesDown: x.maxServicesDown, meanServicesDown: x.meanServicesDown,
                maxTenantsTouched: x.maxTenantsTouched, unitsTakingServiceDown: x.pairsTakingServiceDown,
                worst: x.worst.map { .init(machines: $0.names, servicesDown: $0.servicesDown.map(name)) })
        }
        let summary = PlacementSummary(
            policy: p, machinesUsed: capacity.machinesUsed, machines: capacity.machines,
            unschedulable: capacity.unschedulable,
            allocation: .init(cpu: capacity.allocation.cpu, memory: capacity.allocation.memory),
            allocationOfUsed: .init(cpu: capacity.allocationOfUsed.cpu, memory: capacity.allocationOfUsed.memory),
            stranded: .init(
                cpu: capacity.stranded.cpu, memory: capacity.stranded.memory, cpuShare: capacity.strandedShare.cpu,
                memoryShare: capacity.strandedShare.memory),
            containersPerMachine: .init(
                min: capacity.containersPerMachine.min, mean: capacity.containersPerMachine.mean,
                max: capacity.containersPerMachine.max),
            coTenancy: .init(
                mean: coTenancy.mean, worst: coTenancy.worst.map { .init(tenant: $0.tenant, neighbours: $0.neighbours) }),
            blastRadius: BlastRadiusSummary(kinds: blast.summaries, machinePair: machinePair),
            placement: placement.containers.map { k in
                .init(
                    container: "\(name(k.service))-\(k.replica)", service: name(k.service),
                    machine: config.machines[k.machine].name)
            },
            unschedulableContainers: result.unschedulable.map {
                .init(container: "\(name($0.service))-\($0.replica)", reason: $0.reason)
            })
        var withExtended = summary
        withExtended.extended = capacity.extended.map { x in
            .init(
                gpus: x.gpus, gpuAllocation: x.gpuAllocation, strandedGPUs: x.strandedGPUs,
                strandedGPUShare: x.strandedGPUShare,
                named: x.allocation.keys.sorted().map { .init(name: $0, allocation: x.allocation[$0] ?? 0) })
        }
        return PolicyPlacement(summary: withExtended, rows: rows, blastRadius: blastRows)
    }

}
