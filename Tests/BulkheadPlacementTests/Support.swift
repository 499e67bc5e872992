import BulkheadKernel
import BulkheadModel
import BulkheadPlacement
import BulkheadStochastic
import Testing

let gibibyte = 1024.0 * 1024 * 1024

func machine(_ name: String, cpu: Double, memory: Double, role: String? = nil, rack: Int = 0) -> ClusterConfig.Machine {
    .init(name: name, rack: rack, type: "t", cpu: cpu, memory: memory, role: role)
}

func service(
    _ name: String, replicas: Int, cpu: Double, memory: Double, role: String? = nil, tenant: String = "t",
    antiAffinity: ClusterConfig.AntiAffinity = .init(),
    spread: [ClusterConfig.TopologySpread] = []
) -> ClusterConfig.Service {
    var s = ClusterConfig.Service(
        name: name, tenant: tenant, role: role, replicas: replicas, cpuRequest: cpu,
        memoryRequest: memory, work: .constant(0.01))
    s.antiAffinity = antiAffinity
    s.topologySpread = spread
    return s
}

func cluster(
    _ machines: [ClusterConfig.Machine], _ services: [ClusterConfig.Service], maxContainers: Int = 110,
    overcommit: ClusterConfig.Overcommit = .init()
) -> ClusterConfig {
    let racks = (0...(machines.map(\.rack).max() ?? 0)).map { "r\($0)" }
    var c = ClusterConfig(
        racks: racks, machines: machines, services: services, balancers: [],
        maxContainersPerMachine: maxContainers, duration: .seconds(60))
    c.overcommit = overcommit
    return c
}

/// A random small cluster with roles, heterogeneous machines, tight max-containers and some failures.
func randomInstance(seed: UInt64) -> (ClusterConfig, Set<Int>) {
    var g = SplitMix64(seed: seed)
    let roles: [String?] = [nil, nil, "db", "web"]
    let nm = Int.random(in: 1...25, using: &g)
    let nr = Int.random(in: 1...4, using: &g)
    let machines = (0..<nm).map { i in
        machine(
            "m\(i)", cpu: [1, 2, 4, 8, 16].randomElement(using: &g)!,
            memory: [2, 4, 8, 32].randomElement(using: &g)! * gibibyte,
            role: roles.randomElement(using: &g)!, rack: Int.random(in: 0..<nr, using: &g))
    }
    let ns = Int.random(in: 0...12, using: &g)
    let services = (0..<ns).map { i in
        let aa = ClusterConfig.AntiAffinity(
            maxPerMachine: Int.random(in: 0..<4, using: &g) == 0 ? Int.random(in: 1...2, using: &g) : nil,
            maxPerRack: Int.random(in: 0..<5, using: &g) == 0 ? Int.random(in: 1...3, using: &g) : nil)
        var spread: [ClusterConfig.TopologySpread] = []
        if Int.random(in: 0..<3, using: &g) == 0 {
            spread.append(
                .init(
                    key: Bool.random(using: &g) ? .rack : .machine, maxSkew: Int.random(in: 1...2, using: &g),
                    whenUnsatisfiable: Bool.random(using: &g) ? .refuse : .allow))
        }
        return service(
            "s\(i)", replicas: Int.random(in: 0...8, using: &g),
            cpu: [0, 0.1, 0.25, 0.5, 1, 1.5, 3].randomElement(using: &g)!,
            memory: [0, 0.25, 0.5, 1, 3, 6].randomElement(using: &g)! * gibibyte,
            role: roles.randomElement(using: &g)!, tenant: "t\(i % 3)", antiAffinity: aa, spread: spread)
    }
    var failed = Set<Int>()
    for m in 0..<nm where Int.random(in: 0..<8, using: &g) == 0 { failed.insert(m) }
    if Bool.random(using: &g) { failed.insert(nm + 3) }  // out of range: ignored
    let oc = Int.random(in: 0..<4, using: &g) == 0 ? ClusterConfig.Overcommit(cpu: 1.5, memory: 1.25) : .init()
    var c = cluster(machines, services, maxContainers: Int.random(in: 1...8, using: &g), overcommit: oc)
    c.shardSize = Int.random(in: 1...6, using: &g)
    return (c, failed)
}

/// Checks every invariant a valid placement must satisfy; returns problems (empty = fine).
func violations(_ res: PlacementResult, _ config: ClusterConfig, failed: Set<Int>) -> [String] {
    var problems: [String] = []
    let n = config.machines.count
    var cpu = [Double](repeating: 0, count: n)
    var mem = cpu
    var count = [Int](repeating: 0, count: n)
    var seen = Set<[Int]>()
    for c in res.placement.containers {
        let svc = config.services[c.service]
        if !seen.insert([c.service, c.replica]).inserted { problems.append("duplicate \(c)") }
        guard (0..<n).contains(c.machine) else {
            problems.append("bad machine \(c)")
            continue
        }
        cpu[c.machine] += svc.cpuRequest
        mem[c.machine] += svc.memoryRequest
        count[c.machine] += 1
        if failed.contains(c.machine) { problems.append("failed machine used \(c)") }
        if config.machines[c.machine].role != svc.role { problems.append("wrong role \(c)") }
    }
    for u in res.unschedulable {
        if !seen.insert([u.service, u.replica]).inserted { problems.append("duplicate unschedulable \(u)") }
        if !u.reason.contains("0/\(n) machines: ") { problems.append("reason \(u.reason)") }
        if u.counts.values.reduce(0, +) != n { problems.append("counts \(u.counts) do not cover \(n) machines") }
    }
    let total = config.services.reduce(0) { $0 + max(0, $1.replicas) }
    if seen.count != total { problems.append("accounted \(seen.count) of \(total)") }
    for (i, s) in config.services.enumerated() where s.replicas > 0 {
        for k in 0..<s.replicas where !seen.contains([i, k]) { problems.append("missing \(i)/\(k)") }
    }
    let oc = config.overcommit
    for m in 0..<n {
        let tol = 1 + ClusterSnapshot.relativeTolerance
        if cpu[m] > config.machines[m].cpu * oc.cpu * tol { problems.append("cpu over on \(m): \(cpu[m])") }
        if mem[m] > config.machines[m].memory * oc.memory * tol { problems.append("memory over on \(m)") }
        if count[m] > config.maxContainersPerMachine { problems.append("count over on \(m)") }
    }
    problems += constraintViolations(res, config, failed: failed)
    return problems
}

/// Anti-affinity bounds and hard (`refuse`) topology spread over eligible domains (healthy machines
/// of the service's role, and their racks or zones): max − min ≤ maxSkew at the end of placement.
func constraintViolations(_ res: PlacementResult, _ config: ClusterConfig, failed: Set<Int>) -> [String] {
    var problems: [String] = []
    for (i, svc) in config.services.enumerated() {
        let mine = res.placement.containers.filter { $0.service == i }
        var perMachine: [Int: Int] = [:]
        var perRack: [Int: Int] = [:]
        var perZone: [Int: Int] = [:]
        for c in mine {
            perMachine[c.machine, default: 0] += 1
            perRack[config.machines[c.machine].rack, default: 0] += 1
            perZone[max(0, config.machines[c.machine].zone), default: 0] += 1
        }
        if let k = svc.antiAffinity.maxPerMachine, let worst = perMachine.values.max(), worst > k {
            problems.append("\(svc.name): \(worst) on one machine > \(k)")
        }
        if let k = svc.antiAffinity.maxPerRack, let worst = perRack.values.max(), worst > k {
            problems.append("\(svc.name): \(worst) in one rack > \(k)")
        }
        let eligible = config.machines.indices.filter { !failed.contains($0) && config.machines[$0].role == svc.role }
        for t in svc.topologySpread where t.whenUnsatisfiable == .refuse {
            let counts: [Int] =
                switch t.key {
                case .machine: eligible.map { perMachine[$0] ?? 0 }
                case .rack: Set(eligible.map { config.machines[$0].rack }).map { perRack[$0] ?? 0 }
                case .zone: Set(eligible.map { max(0, config.machines[$0].zone) }).map { perZone[$0] ?? 0 }
                }
            if let hi = counts.max(), let lo = counts.min(), hi - lo > t.maxSkew {
                problems.append("\(svc.name): skew \(hi - lo) over \(t.key) > \(t.maxSkew)")
            }
        }
    }
    return problems
}

/// Canonical presets plus the aliases.
let allPolicyNames = Placer.presets
