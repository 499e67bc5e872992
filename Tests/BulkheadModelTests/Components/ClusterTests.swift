import BulkheadKernel
import Testing

@testable import BulkheadModel

/// The cluster component driven directly: back-off, power, placement moves, the oldest machine.
@Suite("Component: cluster")
struct ClusterTests {
    func cluster() -> Cluster {
        let machines = (1...3).map { ClusterConfig.Machine(name: "r-\($0)", rack: $0 == 3 ? 1 : 0, type: "m", cpu: 4, memory: 8) }
        let config = ClusterConfig(racks: ["r", "s"], machines: machines, services: [], balancers: [], duration: .seconds(1))
        let containers = (0..<3).map {
            Cluster.Container(
                service: ServiceID(0), replica: Int32($0), machine: MachineID($0 % 2), alive: $0 < 2,
                evicted: $0 == 2, restartBackoff: config.restartBackoff)
        }
        return Cluster(config: config, containers: containers, replicas: [containers.indices.map(ContainerID.init)])
    }

    /// CrashLoopBackOff: 10 s doubling to a 5 min cap, plus 5 s start-up; reset after 10 minutes running.
    @Test func restartBackOff() {
        var cluster = cluster()
        let c = ContainerID(0)
        let delays = (0..<7).map { _ in cluster.restartDelay(c, at: 60_000_000_000).nanoseconds / 1_000_000_000 }
        #expect(delays == [15, 25, 45, 85, 165, 305, 305])
        cluster.markStarted(c, at: 0)
        let reset = cluster.restartDelay(c, at: 600_000_000_000)
        #expect(reset == .seconds(15))
    }

    @Test func placementMovesAndPower() {
        var cluster = cluster()
        #expect(
            cluster.members(of: MachineID(0)) == [ContainerID(0)] && cluster.machines(inRack: 0) == [MachineID(0), MachineID(1)])
        cluster.move(ContainerID(2), to: MachineID(0))
        #expect(cluster.members(of: MachineID(0)) == [ContainerID(0), ContainerID(2)] && !cluster.isEvicted(ContainerID(2)))
        cluster.move(ContainerID(0), to: MachineID(2))
        #expect(cluster.members(of: MachineID(0)) == [ContainerID(2)] && cluster.machine(of: ContainerID(0)) == MachineID(2))
        cluster.unplace(ContainerID(2))
        #expect(cluster.members(of: MachineID(0)).isEmpty && cluster.isEvicted(ContainerID(2)))
        let off = cluster.powerOff(MachineID(0))
        let again = cluster.powerOff(MachineID(0))
        #expect(off && !again && cluster.downMachines() == [0])
        #expect(cluster.oldestRunningMachine() == MachineID(1))
        cluster.markReplaced(MachineID(0))
        let on = cluster.powerOn(MachineID(0))
        let renewed = cluster.renewIfReplaced(MachineID(0), at: 5)
        #expect(on && renewed)
        #expect(cluster.oldestRunningMachine() == MachineID(1), "a replaced machine is the youngest")
    }

    /// Every change of what a probe sees is logged (`changedContainers`, `changedMachines`: the
    /// sleeping health checks wake only for those): after each change, a container whose answer
    /// moved is logged or sits on a logged machine.
    @Test func changesOfAnswersAreLogged() {
        var cluster = cluster()
        let all = (0..<3).map(ContainerID.init)
        let changes: [(String, (inout Cluster) -> Void)] = [
            ("kill", { $0.markKilled(ContainerID(0)) }),
            ("start", { $0.markStarted(ContainerID(0), at: 1) }),
            ("cut off", { $0.setReachable(MachineID(1), false) }),
            ("reconnect", { $0.setReachable(MachineID(1), true) }),
            ("move", { $0.move(ContainerID(2), to: MachineID(0)) }),
            ("start moved", { $0.markStarted(ContainerID(2), at: 2) }),
            ("move to an unreachable machine", { c in c.setReachable(MachineID(2), false); c.clearChanges(); c.move(ContainerID(1), to: MachineID(2)) }),
            ("stop", { $0.markStopped(ContainerID(0)) }),
            ("unplace", { $0.unplace(ContainerID(2)) }),
            ("power off", { _ = $0.powerOff(MachineID(0)) }),
        ]
        for (name, change) in changes {
            let before = all.map { cluster.answers($0) }
            cluster.clearChanges()
            change(&cluster)
            let logged = Set(cluster.changedContainers).union(cluster.changedMachines.flatMap { cluster.members(of: $0) })
            let moved = all.filter { before[$0.index] != cluster.answers($0) }
            // (A dead container moved, or taken off its machine, and a power-off alone change no answer.)
            #expect(!moved.isEmpty || ["move", "power off", "unplace"].contains(name), "\(name): no answer moved")
            #expect(Set(moved).isSubset(of: logged), "\(name): \(moved) moved, \(logged) logged")
        }
        cluster.clearChanges()
        #expect(cluster.changedContainers.isEmpty && cluster.changedMachines.isEmpty)
    }

    /// What a health probe sees: alive and reachable.
    @Test func answers() {
        var cluster = cluster()
        #expect(cluster.answers(ContainerID(1)))
        cluster.setReachable(MachineID(1), false)
        #expect(!cluster.answers(ContainerID(1)))
        cluster.setReachable(MachineID(1), true)
        cluster.markKilled(ContainerID(1))
        #expect(!cluster.answers(ContainerID(1)) && cluster.kills(ContainerID(1)) == 1)
    }
}
