import BulkheadKernel
import BulkheadStochastic
import Testing

@testable import BulkheadModel

/// The balancing component driven directly: picks, health checks, exclusion, lb failures.
@Suite("Component: balancing")
struct BalancingTests {
    let replicas = (0..<3).map(ContainerID.init)
    let front = BalancerID(0)

    func balancing(_ algorithm: BalancerAlgorithm, excluded: [Bool] = [false, false, false]) -> Balancing {
        let svc = ClusterConfig.Service(name: "s", tenant: "t", replicas: 3, cpuRequest: 1, memoryRequest: 0, work: .constant(0))
        let lb = ClusterConfig.Balancer(name: "front", algorithm: algorithm, arrivals: ArrivalProcess(rate: 1), routes: [(0, 1)])
        let config = ClusterConfig(racks: ["r"], machines: [], services: [svc], balancers: [lb], duration: .seconds(1))
        let streams = StreamFactory(seed: 1)
        return Balancing(
            config: config, replicas: [replicas], excluded: excluded,
            streams: [streams.stream("lb/front"), streams.stream("lb/internal/s")])
    }

    func pick(_ b: inout Balancing, _ loads: inout [Int32]) -> ContainerID? {
        loads.withUnsafeMutableBufferPointer { buffer in
            b.pick(front, pool: b.pool(of: front, for: ServiceID(0)), inFlight: InFlightCounts(base: buffer.baseAddress!))
        }
    }

    @Test func roundRobinTakesTurns() {
        var b = balancing(.roundRobin)
        var loads: [Int32] = [0, 0, 0]
        #expect((0..<4).map { _ in pick(&b, &loads)?.raw } == [0, 1, 2, 0])
    }

    /// Least-connections: the fewest in flight, ties broken by a rotating start.
    @Test func leastConnectionsTakesTheLeastLoaded() {
        var b = balancing(.leastConnections)
        var loads: [Int32] = [3, 1, 2]
        #expect(pick(&b, &loads) == ContainerID(1))
        loads = [1, 1, 1]
        #expect(pick(&b, &loads) == ContainerID(1), "the second pick starts its scan at the second replica")
    }

    /// A probe that finds every belief right records the cluster epoch (later checks at that epoch
    /// are skipped); one that finds a replica disagreeing, or a probe without an epoch, does not.
    @Test func settledEpoch() {
        var b = balancing(.roundRobin)
        _ = b.probe(front, epoch: 5, isUp: { _ in true })
        #expect(b.isSettled(front, at: 5))
        #expect(!b.isSettled(front, at: 6), "another epoch: something changed, probe again")
        let changed = b.probe(front, epoch: 6, isUp: { $0 != ContainerID(1) })
        #expect(!changed, "one failed probe changes no belief yet")
        #expect(!b.isSettled(front, at: 6), "a failed streak under way is not settled")
        _ = b.probe(front, epoch: nil, isUp: { _ in true })
        #expect(!b.isSettled(front, at: 6))
    }

    /// A replica leaves after `unhealthyThreshold` (3) failed probes and returns after
    /// `healthyThreshold` (2) good ones; an excluded replica is never picked.
    @Test func healthChecksAndExclusion() {
        var b = balancing(.roundRobin)
        var loads: [Int32] = [0, 0, 0]
        for _ in 0..<2 { b.healthCheck(front) { $0 != ContainerID(1) } }
        #expect((0..<3).map { _ in pick(&b, &loads)?.raw } == [0, 1, 2], "two failed probes: still believed healthy")
        b.healthCheck(front) { $0 != ContainerID(1) }
        #expect((0..<4).map { _ in pick(&b, &loads)?.raw } == [2, 0, 2, 0], "the cursor goes on over the two left")
        b.healthCheck(front) { _ in true }
        b.healthCheck(front) { _ in true }
        b.setExcluded(ContainerID(0), of: ServiceID(0), true)
        #expect(Set((0..<4).compactMap { _ in pick(&b, &loads)?.raw }) == [1, 2])
        b.setExcluded(ContainerID(0), of: ServiceID(0), false)
        #expect(Set((0..<3).compactMap { _ in pick(&b, &loads)?.raw }) == [0, 1, 2])
    }

    /// A replica that starts out of the pools (a parked slot) is neither sent to nor believed healthy.
    @Test func parkedReplicasStartOut() {
        var b = balancing(.roundRobin, excluded: [false, false, true])
        var loads: [Int32] = [0, 0, 0]
        #expect((0..<4).map { _ in pick(&b, &loads)?.raw } == [0, 1, 0, 1])
        b.fail(front, by: 1)
        #expect(b.isDown(front))
        b.fail(front, by: -1)
        #expect(!b.isDown(front) && b.internalBalancer(of: ServiceID(0)) == BalancerID(1))
    }
}
