import BulkheadKernel
import Testing

@testable import BulkheadModel

/// `CPUAllocation.allocate` (the flow engine's allocation) against the request engine's CPU
/// component: on random machines, with demand = the runnable threads, both give every container
/// the same cores under each isolation setting.
@Suite("Component: CPU allocation")
struct CPUAllocationTests {
    @Test(arguments: [CPUIsolation.none, .shares, .quota, .pinned])
    func agreesWithTheCPUComponentOnThreadCounts(_ isolation: CPUIsolation) {
        var state: UInt64 = 12345
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        for trial in 0..<200 {
            let cores = Double(1 + next() % 16)
            let k = 1 + next() % 8
            let weights = (0..<k).map { _ in Double(1 + next() % 20) / 10 }
            let caps = (0..<k).map { _ -> Double in
                let limited = isolation == .quota || isolation == .pinned
                return limited && next() % 3 != 0 ? Double(1 + next() % 8) / 2 : .infinity
            }
            let threads = (0..<k).map { _ in next() % 6 }
            var cpu = CPU(isolation: isolation, cores: [cores], weights: weights, caps: caps)
            cpu.setUpPinning(members: [(0..<k).map { ContainerID($0) }])
            var queue = EventQueue<ModelEvent>()
            var id = 0
            for c in 0..<k {
                for _ in 0..<threads[c] {
                    cpu.startJob(
                        .request(RequestID(id), generation: 0), in: ContainerID(c), on: MachineID(0), work: 1000,
                        queue: &queue)
                    id += 1
                }
            }
            var out: [Double] = []
            var order: [Int] = []
            let busy = CPUAllocation.allocate(
                isolation: isolation, cores: cores, sharedPool: cpu.sharedPool(MachineID(0)),
                demand: threads.map(Double.init), weight: weights.map { max(0.002, $0) },
                cap: (0..<k).map { cpu.cap(ContainerID($0)) }, out: &out, order: &order)
            var total = 0.0
            for c in 0..<k {
                let g = cpu.groups[ContainerID(c)]
                let cores = g.running > 0 ? g.rate * Double(g.running) : 0
                total += cores
                #expect(abs(cores - out[c]) < 1e-9, "trial \(trial), container \(c): CPU \(cores), allocate \(out[c])")
            }
            #expect(abs(total - busy) < 1e-9)
            #expect(abs(cpu.busy(MachineID(0)) - busy) < 1e-9, "trial \(trial)")
        }
    }
}
