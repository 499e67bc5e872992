import BulkheadKernel
import Testing

@testable import BulkheadModel

/// The memory component driven directly: accounts, leaks, and the OOM killer's decisions.
@Suite("Component: memory")
struct MemoryTests {
    let m = MachineID(0)
    let c0 = ContainerID(0), c1 = ContainerID(1)

    func memory(capacity: Double, _ accounts: [(limit: Double, base: Double)]) -> Memory {
        // One service per container, so that each has its own limit and base.
        var memory = Memory(
            capacities: [capacity], profiles: accounts.map { Memory.Profile(limit: $0.limit, base: $0.base, perRequest: 0) },
            services: accounts.indices.map(ServiceID.init))
        for k in accounts.indices { memory.start(ContainerID(k), on: m) }
        return memory
    }

    /// A container over its own limit is the only victim of its allocation.
    @Test func allocationOverTheLimitKillsTheAllocatorOnly() {
        var memory = memory(capacity: 1000, [(100, 10), (.infinity, 10)])
        let over = memory.charge(c0, on: m, 95)
        #expect(over)
        var check = Memory.OOMCheck.allocation(c0, on: m)
        let kill = memory.nextKill(&check, among: [c0, c1])
        #expect(kill?.victim == c0 && kill?.reason == .oomLimit && kill?.innocent == false)
        #expect(memory.nextKill(&check, among: [c0, c1]) == nil, "nothing else after a limit kill")
    }

    /// A full machine: the largest live container dies, innocent when it is not the allocator;
    /// once it is stopped memory fits and the killer stops.
    @Test func machineOOMKillsTheLargest() {
        var memory = memory(capacity: 100, [(.infinity, 60), (.infinity, 30)])
        let over = memory.charge(c1, on: m, 20)
        #expect(over)
        var check = Memory.OOMCheck.allocation(c1, on: m)
        let kill = memory.nextKill(&check, among: [c0, c1])
        #expect(kill?.victim == c0 && kill?.reason == .oomMachine && kill?.innocent == true)
        memory.stop(c0, on: m)
        #expect(memory.nextKill(&check, among: [c0, c1]) == nil && memory.used(on: m) == 50)
    }

    /// While a leak runs on the machine, the victim is innocent exactly when it is not leaking.
    @Test func aLeakIsTheCulprit() {
        var memory = memory(capacity: 100, [(.infinity, 60), (.infinity, 30)])
        memory.startLeak(c1, on: m, rate: 1, owner: HogID(0), now: 0)
        let over = memory.charge(c1, on: m, 20)
        #expect(over)
        var check = Memory.OOMCheck.allocation(c1, on: m)
        #expect(memory.nextKill(&check, among: [c0, c1])?.innocent == true, "the largest is the innocent neighbour")
        memory.stop(c0, on: m)
        let overAgain = memory.charge(c1, on: m, 60)
        #expect(overAgain)
        var again = Memory.OOMCheck.allocation(c1, on: m)
        let kill = memory.nextKill(&again, among: [c0, c1])
        #expect(kill?.victim == c1 && kill?.innocent == false)
    }

    /// Leaks grow linearly; the crossing is scheduled at the exact time (rounded up to the ns), and
    /// folding adds the exact triangle to the integral.
    @Test func leakCrossingIsExact() {
        var memory = memory(capacity: 1000, [(100, 50)])
        var queue = EventQueue<ModelEvent>()
        memory.startLeak(c0, on: m, rate: 10, owner: HogID(0), now: 0)
        memory.scheduleCrossing(on: m, members: [c0], end: .zero + .seconds(60), queue: &queue)
        guard let e = queue.next(), case .leakCrossing(let machine, let g) = e.payload else {
            Issue.record("no crossing scheduled")
            return
        }
        #expect(e.time.nanoseconds == 5_000_000_000 && machine == m && memory.isCurrentCrossing(m, generation: g))
        memory.advance(m, to: e.time.nanoseconds)
        memory.foldLeaks(on: m, members: [c0], now: e.time.nanoseconds)
        #expect(memory.used(on: m) == 100 && memory.integrals == [50 * 5 + 50 * 5 / 2])
        var check = Memory.OOMCheck.leakCrossing(on: m)
        let kill = memory.nextKill(&check, among: [c0])
        #expect(kill?.victim == c0 && kill?.reason == .oomLimit, "one byte of slack for the rounding")
    }
}
