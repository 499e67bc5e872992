import BulkheadKernel
import BulkheadStochastic
import Testing

@testable import BulkheadModel

/// Machines of `cores` cores; services without traffic (rate 0); `placement` lists (service, machine).
func batchCluster(
    cores: Double, machines: Int, isolation: CPUIsolation,
    services: [(request: Double, limit: Double?)], placement: [(service: Int, machine: Int)],
    hogs: [HogConfig], faults: [FaultConfig] = [], duration: SimDuration
)
    -> (Simulation, KillRecorder)
{
    let svcs = services.enumerated().map { i, s in
        ClusterConfig.Service(
            name: "s\(i)", tenant: "t\(i)", replicas: 1, cpuRequest: s.request, memoryRequest: 0,
            cpuLimit: s.limit, work: .constant(1000))
    }
    var config = ClusterConfig(
        racks: ["r"], machines: (0..<machines).map { .init(name: "r-\($0)", rack: 0, type: "m", cpu: cores, memory: 1e12) },
        services: svcs,
        balancers: [.init(name: "front", algorithm: .roundRobin, arrivals: ArrivalProcess(rate: 0), routes: [(0, 1)])],
        cpuIsolation: isolation, duration: duration)
    config.hogs = hogs
    config.faults = faults
    var replica = [Int](repeating: 0, count: services.count)
    let placed = Placement(
        containers: placement.map { p in
            defer { replica[p.service] += 1 }
            return .init(service: p.service, replica: replica[p.service], machine: p.machine)
        })
    let recorder = KillRecorder()
    return (Simulation(config: config, placement: placed, streams: StreamFactory(seed: 1), observer: recorder), recorder)
}

func batchHog(service: Int, tasks: Int, work: Double, perContainer: Int = 1, at: Double) -> HogConfig {
    HogConfig(
        kind: .batch(tasks: tasks, work: .constant(work), perContainer: perContainer), service: service,
        allReplicas: true, timing: .scheduled(at: .zero + .seconds(at), duration: nil))
}

@Suite("Batch jobs")
struct BatchTests {
    /// One task of 100 CPU-seconds, alone on an idle 4-core machine, starting at 10 s: one core
    /// for exactly 100 s → the incident `hog/batch` is [10 s, 110 s], makespan 100 s, no retry.
    @Test func singleTaskTakesExactlyItsWork() throws {
        var (sim, rec) = batchCluster(
            cores: 4, machines: 1, isolation: .shares, services: [(1, nil)],
            placement: [(0, 0)], hogs: [batchHog(service: 0, tasks: 1, work: 100, at: 10)],
            duration: .seconds(500))
        let out = sim.run()
        let job = try #require(out.batchJobs.first)
        #expect(out.batchJobs.count == 1)
        #expect(job.tasks == 1 && job.completed == 1 && job.retries == 0 && job.waitedForSlot == 0)
        #expect(job.makespan == 100, "makespan \(String(describing: job.makespan))")
        let incident = try #require(rec.incidents.first)
        #expect(incident.kind == "hog/batch" && incident.tenant == "t0" && incident.target == "s0")
        #expect(incident.start == .zero + .seconds(10) && incident.end == .zero + .seconds(110))
        #expect(abs(sim.containerCPUSeconds[0] - 100) < 1e-9)
    }

    /// Tasks queue for slots: 3 tasks of 50 s, one slot → run one after another, makespan 150 s;
    /// with 3 slots per container (`threads: 3`) on 4 cores, all at once → 50 s.
    @Test(arguments: [(1, 150.0), (3, 50.0)])
    func slotsBoundConcurrency(perContainer: Int, makespan: Double) throws {
        var (sim, _) = batchCluster(
            cores: 4, machines: 1, isolation: .shares, services: [(1, nil)],
            placement: [(0, 0)],
            hogs: [batchHog(service: 0, tasks: 3, work: 50, perContainer: perContainer, at: 0)],
            duration: .seconds(500))
        let job = try #require(sim.run().batchJobs.first)
        #expect(job.makespan == makespan && job.completed == 3)
    }

    /// Shares on 2 cores: a victim (request 1) with 2 requests of 1000 s and a batch service
    /// (request 3) running 2 tasks of 300 s at once. Both want 2 cores; weighted max-min gives the
    /// victim 2·1/4 = 0.5 core and the batch 1.5 cores (0.75 per task) → the tasks finish at
    /// 300/0.75 = 400 s; after that the victim has both cores. At 1000 s the victim has used
    /// 0.5·400 + 2·600 = 1400 CPU-seconds, the batch 1.5·400 = 600.
    @Test func sharesSlowTheVictimByTheHandComputedShare() throws {
        var (sim, _) = batchCluster(
            cores: 2, machines: 1, isolation: .shares, services: [(1, nil), (3, nil)],
            placement: [(0, 0), (1, 0)],
            hogs: [batchHog(service: 1, tasks: 2, work: 300, perContainer: 2, at: 0)],
            duration: .seconds(1000))
        sim.startRequests(2, container: 0)
        let out = sim.run()
        let job = try #require(out.batchJobs.first)
        #expect(abs((job.makespan ?? 0) - 400) < 1e-6, "makespan \(String(describing: job.makespan))")
        #expect(abs(sim.containerCPUSeconds[0] - 1400) < 1e-6, "victim \(sim.containerCPUSeconds[0])")
        #expect(abs(sim.containerCPUSeconds[1] - 600) < 1e-6, "batch \(sim.containerCPUSeconds[1])")
    }

    /// A task of 100 s starts at 0 in slot 0 (machine 0); machine 0 crashes at 50 s, so the task
    /// is retried from scratch in slot 1 (machine 1) → done at 150 s, exactly one retry.
    @Test func crashedTaskIsRetriedElsewhere() throws {
        var (sim, rec) = batchCluster(
            cores: 4, machines: 2, isolation: .shares, services: [(1, nil)],
            placement: [(0, 0), (0, 1)],
            hogs: [batchHog(service: 0, tasks: 1, work: 100, at: 0)],
            faults: [.machineCrash(machine: 0, at: .zero + .seconds(50), repairAfter: nil)],
            duration: .seconds(500))
        let out = sim.run()
        let job = try #require(out.batchJobs.first)
        #expect(job.retries == 1 && job.completed == 1)
        #expect(job.makespan == 150, "makespan \(String(describing: job.makespan))")
        #expect(abs(sim.containerCPUSeconds[0] - 50) < 1e-9 && abs(sim.containerCPUSeconds[1] - 100) < 1e-9)
        #expect(rec.incidents.first { $0.kind == "hog/batch" }?.end == .zero + .seconds(150))
    }

    /// The only slot's machine is down from 5 s to 105 s (then the container starts after its 5 s
    /// start-up): a job at 10 s fits nowhere, waits 100 s, runs its 50 s task → makespan 150 s.
    /// A job whose slot never comes back reports no makespan and its tasks not done.
    @Test(arguments: [true, false])
    func jobThatFitsNowhereWaits(repaired: Bool) throws {
        var (sim, _) = batchCluster(
            cores: 4, machines: 1, isolation: .shares, services: [(1, nil)], placement: [(0, 0)],
            hogs: [batchHog(service: 0, tasks: 2, work: 25, at: 10)],
            faults: [.machineCrash(machine: 0, at: .zero + .seconds(5), repairAfter: repaired ? .seconds(100) : nil)],
            duration: .seconds(500))
        let job = try #require(sim.run().batchJobs.first)
        if repaired {
            #expect(job.waitedForSlot == 100 && job.makespan == 150 && job.completed == 2 && job.retries == 0)
        } else {
            #expect(job.waitedForSlot == nil && job.makespan == nil && job.completed == 0 && job.tasks == 2)
        }
    }
}
