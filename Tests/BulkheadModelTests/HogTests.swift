import BulkheadKernel
import BulkheadStochastic
import Foundation
import Testing

@testable import BulkheadModel

/// Records kills with their times.
final class KillRecorder: ModelObserver {
    struct Kill {
        var container: Int
        var reason: KillReason
        var at: SimInstant
        var innocent: Bool
    }
    var kills: [Kill] = []
    var incidents: [Incident] = []
    func requestFinished(service: Int, start: SimInstant, end: SimInstant, outcome: RequestOutcome, external: Bool) {}
    func containerKilled(container: Int, machine: Int, reason: KillReason, at: SimInstant, innocent: Bool) {
        kills.append(Kill(container: container, reason: reason, at: at, innocent: innocent))
    }
    func minuteEnded(minute: Int, machines: [MachineSample]) {}
    func incidentStarted(_ incident: Incident) { incidents.append(incident) }
    func incidentEnded(id: Int, at: SimInstant) {
        if let k = incidents.firstIndex(where: { $0.id == id }) { incidents[k].end = at }
    }
}

/// One machine, services without traffic (rate 0); containers in service order, one replica each.
func hogMachine(
    cores: Double, memory: Double = 64 * 1_073_741_824, isolation: CPUIsolation,
    memoryIsolation: MemoryIsolation = .limits,
    services: [(request: Double, limit: Double?, memoryBase: Double, memoryLimit: Double?)],
    hogs: [HogConfig] = [], duration: SimDuration = .seconds(3600)
)
    -> (Simulation, KillRecorder)
{
    let svcs = services.enumerated().map { i, s in
        ClusterConfig.Service(
            name: "s\(i)", tenant: "t\(i)", replicas: 1, cpuRequest: s.request, memoryRequest: 0,
            cpuLimit: s.limit, memoryLimit: s.memoryLimit, work: .constant(1000),
            memoryBase: s.memoryBase)
    }
    var config = ClusterConfig(
        racks: ["r"], machines: [.init(name: "r-1", rack: 0, type: "m", cpu: cores, memory: memory)], services: svcs,
        balancers: [.init(name: "front", algorithm: .roundRobin, arrivals: ArrivalProcess(rate: 0), routes: [(0, 1)])],
        cpuIsolation: isolation, memoryIsolation: memoryIsolation, duration: duration)
    config.hogs = hogs
    let placement = Placement(containers: services.indices.map { .init(service: $0, replica: 0, machine: 0) })
    let recorder = KillRecorder()
    return (Simulation(config: config, placement: placement, streams: StreamFactory(seed: 1), observer: recorder), recorder)
}

extension Simulation {
    /// Starts `n` requests of 1000 CPU-seconds in container `c` (its service's work).
    mutating func startRequests(_ n: Int, container c: Int) {
        let c = ContainerID(c)
        for _ in 0..<n {
            let r = newRequest(service: cluster.service(of: c), parent: .none, external: true)
            admit(r, container: c)
        }
    }
    /// Adds `k` (possibly negative) hog threads to container `c`.
    mutating func addHogThreads(_ c: Int, _ k: Int32) { addHogThreads(ContainerID(c), k) }
    /// Cores container `c` gets right now.
    func cores(_ c: Int) -> Double {
        let g = cpu.groups[ContainerID(c)]
        return g.rate * Double(g.running)
    }
}

@Suite("Resource hogs")
struct HogTests {
    /// The hand-computed case: 8 cores, a victim with 4 running requests and a hog with
    /// 12 spinning threads.
    /// - none: per-thread fairness, 16 threads → the victim gets 8·4/16 = 2 cores.
    /// - shares (requests 1.5 and 2.5): the victim's share of the weights, 8·1.5/4 = 3 cores
    ///   (it wants 4, the hog 12: both above their fair share).
    /// - quota-fluid (hog limited to 2 cores): the victim gets all it needs, 4 cores (under
    ///   `quota` the same holds on average over a period: CPUBandwidthTests).
    /// - pinned (victim limit 3, hog limit 2): exactly its 3 pinned cores, though 3 cores idle.
    @Test(arguments: [
        (CPUIsolation.none, 2.0), (.shares, 3.0), (.quotaFluid, 4.0), (.pinned, 3.0),
    ])
    func exactAllocation(isolation: CPUIsolation, expected: Double) {
        let victimLimit: Double? = isolation == .pinned ? 3 : (isolation == .quotaFluid ? 4 : nil)
        let hogLimit: Double? = isolation == .quotaFluid || isolation == .pinned ? 2 : nil
        var (sim, _) = hogMachine(
            cores: 8, isolation: isolation,
            services: [
                (1.5, victimLimit, 0, nil), (2.5, hogLimit, 0, nil),
            ])
        sim.startRequests(4, container: 0)
        sim.addHogThreads(1, 12)
        #expect(abs(sim.cores(0) - expected) < 1e-12, "\(isolation): victim gets \(sim.cores(0)) cores")
        let hog: Double =
            switch isolation {
            case .none: 8.0 * 12 / 16
            case .shares: 5
            case .quota, .quotaFluid, .pinned: 2
            }
        #expect(abs(sim.cores(1) - hog) < 1e-12, "\(isolation): hog gets \(sim.cores(1)) cores")
        // The hog's threads leave with the hog: the victim is back to 4 cores (3 when pinned).
        sim.addHogThreads(1, -12)
        #expect(abs(sim.cores(0) - (isolation == .pinned ? 3 : 4)) < 1e-12)
    }

    /// Pinned: a container without a limit uses only the shared pool (8 − 3 − 2 = 3 cores), even
    /// when the pinned containers are idle; with a busy pool it shares by requests.
    @Test func pinnedNeverUsesOthersIdleCores() {
        var (sim, _) = hogMachine(
            cores: 8, isolation: .pinned,
            services: [
                (1, 3, 0, nil), (1, 2, 0, nil), (1, nil, 0, nil), (3, nil, 0, nil),
            ])
        sim.addHogThreads(2, 12)
        #expect(abs(sim.cores(2) - 3) < 1e-12, "unpinned spinner gets the pool only: \(sim.cores(2))")
        sim.startRequests(8, container: 3)
        #expect(
            abs(sim.cores(2) - 0.75) < 1e-12 && abs(sim.cores(3) - 2.25) < 1e-12,
            "pool split 1:3 by requests: \(sim.cores(2)), \(sim.cores(3))")
        sim.startRequests(1, container: 0)
        #expect(abs(sim.cores(0) - 1) < 1e-12 && abs(sim.cores(2) - 0.75) < 1e-12)
    }

    /// A completion time is exact under a spin: victim alone on 2 cores with 1 request of 1000 s;
    /// a 2-thread spinner under `none` halves its rate from t = 0 → done at 2000 s.
    @Test func spinSlowsCompletionExactly() {
        var (sim, _) = hogMachine(
            cores: 2, isolation: .none, services: [(1, nil, 0, nil), (1, nil, 0, nil)],
            duration: .seconds(5000))
        sim.startRequests(1, container: 0)
        sim.addHogThreads(1, 2)
        // 3 threads on 2 cores: 2/3 core each → 1000 / (2/3) = 1500 s.
        _ = sim.run()
        #expect(abs(sim.containerCPUSeconds[0] - 1000) < 1e-6)
        // The spinner took 2/3·2 cores for 1500 s, then 2 cores until 5000 s.
        #expect(abs(sim.containerCPUSeconds[1] - (1500 * 4.0 / 3 + 3500 * 2)) < 1e-6, "\(sim.containerCPUSeconds)")
    }

    /// A leak with limits kills only the leaker, at the exact crossing: base 1 GiB, limit 2 GiB,
    /// 1 MiB/s → 1024 s after the start at 600 s (the 8 GiB machine never fills).
    @Test func leakWithLimitsKillsOnlyTheLeaker() {
        let gi = 1_073_741_824.0
        let mi = 1_048_576.0
        let leak = HogConfig(
            kind: .memoryLeak(bytesPerSecond: mi), service: 1,
            timing: .scheduled(at: .zero + .seconds(600), duration: nil))
        var (sim, rec) = hogMachine(
            cores: 4, memory: 8 * gi, isolation: .shares, memoryIsolation: .limits,
            services: [
                (1, nil, 2.5 * gi, 3 * gi), (1, nil, 1 * gi, 2 * gi),
            ], hogs: [leak], duration: .seconds(1800))
        _ = sim.run()
        #expect(rec.kills.count == 1)
        let onlyLeaker = rec.kills.allSatisfy { $0.container == 1 && $0.reason == .oomLimit && !$0.innocent }
        #expect(onlyLeaker)
        #expect(rec.kills.first?.at.nanoseconds == 1624_000_000_000)
        #expect(rec.incidents.count == 1 && rec.incidents[0].kind == "hog/memory-leak" && rec.incidents[0].tenant == "t1")
        #expect(rec.incidents[0].end?.nanoseconds == 1624_000_000_000, "the leak's incident ends with the leaker")
    }

    /// Without limits the machine's OOM killer picks the largest container: the 2.5 GiB
    /// neighbour, innocent, when the 4 GiB machine fills (1 GiB free at 1 MiB/s → 1024 s);
    /// the leaker itself dies (not innocent) once it is the largest.
    @Test func leakWithoutLimitsKillsTheLargestInnocent() {
        let gi = 1_073_741_824.0
        let mi = 1_048_576.0
        let leak = HogConfig(
            kind: .memoryLeak(bytesPerSecond: mi), service: 1,
            timing: .scheduled(at: .zero + .seconds(600), duration: nil))
        var (sim, rec) = hogMachine(
            cores: 4, memory: 4 * gi, isolation: .shares, memoryIsolation: .none,
            services: [
                (1, nil, 2.5 * gi, nil), (1, nil, 0.5 * gi, nil),
            ], hogs: [leak], duration: .seconds(7200))
        _ = sim.run()
        let first = rec.kills.first
        #expect(first?.container == 0 && first?.reason == .oomMachine && first?.innocent == true)
        #expect(first?.at.nanoseconds == 1624_000_000_000)
        let leaker = rec.kills.first { $0.container == 1 }
        #expect(leaker?.reason == .oomMachine && leaker?.innocent == false, "the leaker dies once it is the largest")
        let neighbourKills = rec.kills.filter { $0.container == 0 }
        let allInnocent = neighbourKills.allSatisfy { $0.innocent }
        #expect(allInnocent)
    }
}
