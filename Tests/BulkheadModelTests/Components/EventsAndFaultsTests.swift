import BulkheadKernel
import BulkheadStochastic
import Testing

@testable import BulkheadModel

/// Event kinds and their order; faults and releases as configured (timing × victims × effect,
/// stream names); traffic and retry processes.
@Suite("Component: events, faults, releases, traffic")
struct EventsAndFaultsTests {
    /// The priority table orders simultaneous events as documented, and an event stays small
    /// plain data (a queue entry is 32 bytes).
    @Test func priorityTable() {
        let m = MachineID(0)
        let c = ContainerID(0)
        let inOrder: [ModelEvent] = [
            .faultStrikes(FaultID(0), victim: -1), .releaseStep(ReleaseID(0), .nextStage), .hog(.start(HogID(0))),
            .autoscaleEvaluation(ServiceID(0)), .containerStart(c, generation: 0), .healthCheck(BalancerID(0)),
            .deadline(ServiceID(0)), .cpuDone(m, generation: 0), .arrival(BalancerID(0)), .leakFold(m), .minuteTick,
        ]
        let priorities = inOrder.map(\.priority.rawValue)
        #expect(priorities == priorities.sorted() && Set(priorities).count == inOrder.count)
        #expect(ModelEvent.retryArrival(RetryID(0)).priority == .arrival)
        #expect(ModelEvent.reschedule(c).priority == .reaction && ModelEvent.leakCrossing(m, generation: 0).priority == .reaction)
        #expect(ModelEvent.slotTransition(c, generation: 0).priority == .containerStart)
        #expect(ModelEvent.releaseStarts(ReleaseID(0)).priority == .fault)
        #expect(MemoryLayout<EventQueue<ModelEvent>.Entry>.stride == 32)
    }

    /// The scenario's fault kinds as timing × victims × effect, with their output kind names.
    @Test func faultPresets() {
        let at = SimInstant.zero + .seconds(60)
        let kinds = [
            FaultConfig.machineCrash(machine: 0, at: at, repairAfter: nil),
            .randomMachineCrash(machines: [0, 1], mtbf: .constant(1), mttr: .constant(1)),
            .rackOutage(rack: 0, at: at, duration: .seconds(1)),
            .chaosMonkey(first: at, every: .seconds(1), replaceAfter: .seconds(1)),
            .lbFailure(balancer: 0, at: at, duration: .seconds(1)), .containerCrash(service: 0, rate: 1),
            .correlated(rack: 0, fraction: 0.5, at: at, duration: .seconds(1)),
            .zoneOutage(zone: 0, at: at, duration: .seconds(1)),
        ]
        #expect(
            kinds.map(\.kind) == [
                "machine-crash", "machine-crash", "rack-outage", "chaos-monkey", "lb-failure",
                "container-crash", "correlated", "zone-outage",
            ])
        #expect(kinds.allSatisfy(Faults.supports))
        #expect(!Faults.supports(FaultConfig(timing: .once(at: at, lasting: nil), victims: .balancer(0), effect: .crash)))
        #expect(!Faults.supports(FaultConfig(timing: .poisson(ratePerSecond: 1), victims: .machine(0), effect: .crash)))
    }

    /// Streams keep their names: `faults/<kind>/<victim>` with `#<index>` after the first fault, and
    /// a release numbered after the faults (as when it was the last entry of `faults:`).
    @Test func streamNames() {
        let machines = ["r-1", "r-2"].map { ClusterConfig.Machine(name: $0, rack: 0, type: "m", cpu: 4, memory: 8) }
        let svc = ClusterConfig.Service(
            name: "api", tenant: "t", replicas: 2, cpuRequest: 1, memoryRequest: 0, work: .constant(0))
        var config = ClusterConfig(racks: ["r"], machines: machines, services: [svc], balancers: [], duration: .seconds(1))
        config.faults = [
            .containerCrash(service: 0, rate: 1), .randomMachineCrash(machines: [1], mtbf: .constant(1), mttr: .constant(1)),
            .correlated(rack: 0, fraction: 1, at: .zero, duration: .seconds(1)),
        ]
        config.releases = [
            ReleaseConfig(
                service: 0, at: .zero, stages: [.canary(soak: .seconds(1))], badProbability: 1,
                errorRate: 0.5, cpuFactor: 1, rollbackErrorRate: nil, rollbackWindow: .seconds(1))
        ]
        let placement = Placement(containers: [
            .init(service: 0, replica: 0, machine: 0), .init(service: 0, replica: 1, machine: 1),
        ])
        let streams = StreamFactory(seed: 3)
        let faults = Faults(config: config, placement: placement, streams: streams, containers: 2)
        func same(_ s: RandomStream, _ name: String) -> Bool { s.uniform() == streams.stream(name).uniform() }
        #expect(same(faults.stream(FaultID(0), 1), "faults/container-crash/api/1"))
        #expect(same(faults.stream(FaultID(1), 1), "faults/machine-crash/r-2#1"))
        #expect(same(faults.stream(FaultID(2), 0), "faults/correlated/r#2"))
        var releases = Releases(config: config, streams: streams, containers: 2, greens: [])
        let first = releases.states[0].errorStream._withUnsafeGuaranteedRef { $0.uniform() }
        #expect(first == streams.stream("faults/release/api/errors#3").uniform())
        // A bad version fails about half of its requests, each counted in the window.
        releases.states[0].bad = true
        let admitted = (0..<1000).filter { _ in releases.admits(ReleaseID(0)) }.count
        #expect(releases.states[0].requests == 1000 && releases.states[0].failures == 1000 - admitted)
        #expect(admitted > 400 && admitted < 600)
    }

    /// Traffic: arrivals stop at the end of the run; routes follow the weights.
    @Test func trafficRoutesAndStops() {
        let lb = ClusterConfig.Balancer(
            name: "front", algorithm: .roundRobin, arrivals: ArrivalProcess(rate: 100),
            routes: [(0, 0.25), (1, 0.75)])
        let streams = StreamFactory(seed: 1)
        var traffic = Traffic(
            balancers: [lb], sources: [ArrivalSource(process: lb.arrivals, stream: streams.stream("arrivals/front"))],
            routeStreams: [streams.stream("routes/front")])
        let b = BalancerID(0)
        var now = SimInstant.zero
        var count = 0
        while let t = traffic.nextArrival(b, now: now, end: .zero + .seconds(10)) {
            #expect(t >= now)
            now = t
            count += 1
        }
        #expect(count > 900 && count < 1100, "\(count) arrivals in 10 s at 100/s")
        let toOne = (0..<4000).filter { _ in traffic.route(b) == ServiceID(1) }.count
        #expect(toOne > 2800 && toOne < 3200)
    }
}
