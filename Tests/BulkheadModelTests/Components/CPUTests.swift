import BulkheadKernel
import Testing

@testable import BulkheadModel

/// The CPU component driven directly: jobs in, completion events out, owners back.
@Suite("Component: CPU")
struct CPUTests {
    typealias Queue = EventQueue<ModelEvent>
    let m = MachineID(0)

    func cpu(_ isolation: CPUIsolation, cores: Double, groups: [(weight: Double, cap: Double)]) -> CPU {
        CPU(isolation: isolation, cores: [cores], weights: groups.map(\.weight), caps: groups.map(\.cap))
    }

    /// Cores container `c` gets now.
    func cores(_ cpu: CPU, _ c: Int) -> Double {
        let g = cpu.groups[ContainerID(c)]
        return g.rate * Double(g.running)
    }

    /// Within the nanosecond a completion time is rounded up to.
    func near(_ t: SimInstant, seconds: Double) -> Bool { abs(Double(t.nanoseconds) - seconds * 1e9) <= 1 }

    /// Runs the queue's `cpuDone` events until `limit`, collecting (time, owner) of every completion.
    func drain(_ cpu: inout CPU, _ queue: inout Queue, until limit: SimInstant) -> [(SimInstant, JobOwner)] {
        var done: [(SimInstant, JobOwner)] = []
        while let e = queue.next(until: limit) {
            guard case .cpuDone(let machine, let g) = e.payload, cpu.isCurrent(machine, generation: g) else { continue }
            let n = cpu.completeDue(on: machine, queue: &queue)
            for k in 0..<n { done.append((queue.now, cpu.completedOwner(k))) }
        }
        return done
    }

    /// Two jobs of 1 s and 3 s in one container on 2 idle cores: one core each, so they finish at
    /// 1 s and 3 s, and the CPU hands back their owners in that order.
    @Test func processorSharingCompletesJobsAtTheirExactTimes() {
        var cpu = cpu(.shares, cores: 2, groups: [(1, .infinity)])
        var queue = Queue()
        let a = JobOwner.request(RequestID(7), generation: 3)
        let b = JobOwner.request(RequestID(9), generation: 0)
        cpu.startJob(a, in: ContainerID(0), on: m, work: 1, queue: &queue)
        cpu.startJob(b, in: ContainerID(0), on: m, work: 3, queue: &queue)
        let done = drain(&cpu, &queue, until: .zero + .seconds(10))
        #expect(done.map { $0.1 } == [a, b])
        #expect(done.map { $0.0.nanoseconds } == [1_000_000_000, 3_000_000_000])
    }

    /// Three threads on one core under `none`: each gets a third, so a 1 s job takes 3 s.
    @Test func noneSharesPerThread() {
        var cpu = cpu(.none, cores: 1, groups: [(1, .infinity), (1, .infinity)])
        var queue = Queue()
        let first = JobOwner.request(RequestID(0), generation: 0)
        cpu.startJob(first, in: ContainerID(0), on: m, work: 1, queue: &queue)
        cpu.startJob(.request(RequestID(1), generation: 0), in: ContainerID(1), on: m, work: 10, queue: &queue)
        cpu.startJob(.request(RequestID(2), generation: 0), in: ContainerID(1), on: m, work: 10, queue: &queue)
        #expect(abs(cores(cpu, 0) - 1.0 / 3) < 1e-12 && abs(cores(cpu, 1) - 2.0 / 3) < 1e-12)
        let done = drain(&cpu, &queue, until: .zero + .seconds(4))
        // 1 / (1/3) is 3 plus one ulp: completion times are rounded up to the nanosecond.
        #expect(done.first.map { $0.1 == first && near($0.0, seconds: 3) } == true)
    }

    /// Weighted max-min (water-filling) on 2 cores: weights 1 and 3, four threads each: 0.5 and 1.5 cores.
    @Test func sharesWaterFillByWeight() {
        var cpu = cpu(.shares, cores: 2, groups: [(1, .infinity), (3, .infinity)])
        var queue = Queue()
        for c in 0..<2 {
            for r in 0..<4 {
                cpu.startJob(.request(RequestID(c * 4 + r), generation: 0), in: ContainerID(c), on: m, work: 100, queue: &queue)
            }
        }
        #expect(abs(cores(cpu, 0) - 0.5) < 1e-12 && abs(cores(cpu, 1) - 1.5) < 1e-12)
        #expect(cpu.busy(m) == 2)
    }

    /// quota-fluid caps a container at its limit even on an idle machine: 3 threads, limit 1 → a third each.
    @Test func quotaCapsAtTheLimit() {
        var cpu = cpu(.quotaFluid, cores: 4, groups: [(1, 1)])
        var queue = Queue()
        for r in 0..<3 { cpu.startJob(.request(RequestID(r), generation: 0), in: ContainerID(0), on: m, work: 1, queue: &queue) }
        #expect(abs(cores(cpu, 0) - 1) < 1e-12 && abs(cpu.groups[ContainerID(0)].rate - 1.0 / 3) < 1e-12)
    }

    /// Pinned: a container with a limit of 1 owns one core; the one without a limit gets the
    /// other 3 (the shared pool) and no more, even while the pinned core idles.
    @Test func pinnedKeepsThePoolApart() {
        var cpu = cpu(.pinned, cores: 4, groups: [(1, 1), (1, .infinity)])
        cpu.setUpPinning(members: [[ContainerID(0), ContainerID(1)]])
        var queue = Queue()
        for r in 0..<4 { cpu.startJob(.request(RequestID(r), generation: 0), in: ContainerID(1), on: m, work: 1, queue: &queue) }
        #expect(abs(cores(cpu, 1) - 3) < 1e-12 && cores(cpu, 0) == 0)
        cpu.startJob(.request(RequestID(9), generation: 0), in: ContainerID(0), on: m, work: 1, queue: &queue)
        cpu.startJob(.request(RequestID(10), generation: 0), in: ContainerID(0), on: m, work: 1, queue: &queue)
        #expect(abs(cores(cpu, 0) - 1) < 1e-12 && abs(cores(cpu, 1) - 3) < 1e-12)
    }

    /// Interference: sensitivity 1 next to one busy core of 2 → 1.5× slower: a 1 s job ends at 1.5 s.
    @Test func interferenceSlowsTheSensitiveContainer() {
        var cpu = cpu(.shares, cores: 2, groups: [(1, .infinity), (1, .infinity)])
        cpu.setUpInterference(sensitivity: [1, 0], machineOf: [m, m])
        var queue = Queue()
        let victim = JobOwner.request(RequestID(0), generation: 0)
        cpu.startJob(.request(RequestID(1), generation: 0), in: ContainerID(1), on: m, work: 100, queue: &queue)
        cpu.startJob(victim, in: ContainerID(0), on: m, work: 1, queue: &queue)
        let done = drain(&cpu, &queue, until: .zero + .seconds(2))
        #expect(done.count == 1 && done[0].1 == victim && near(done[0].0, seconds: 1.5))
    }

    /// Hog threads take CPU like jobs and never complete; cleared jobs never complete either.
    @Test func hogThreadsAndClearedJobs() {
        var cpu = cpu(.none, cores: 1, groups: [(1, .infinity)])
        var queue = Queue()
        cpu.startJob(.request(RequestID(0), generation: 0), in: ContainerID(0), on: m, work: 1, queue: &queue)
        cpu.addHogThreads(ContainerID(0), on: m, 1, queue: &queue)
        #expect(cpu.hogThreads(ContainerID(0)) == 1 && abs(cpu.groups[ContainerID(0)].rate - 0.5) < 1e-12)
        cpu.clearJobs(ContainerID(0), on: m, queue: &queue)
        #expect(drain(&cpu, &queue, until: .zero + .seconds(100)).isEmpty)
        // The spinner alone: a full core for 100 s.
        #expect(abs(cpu.cpuSeconds(ContainerID(0), at: 100_000_000_000) - 100) < 1e-9)
    }

    /// A job owner is plain data: what goes in comes back out, for requests and batch tasks alike.
    @Test func jobOwnersRoundTrip() {
        let r = JobOwner.request(RequestID(Int(Int32.max)), generation: .max)
        guard case .request(let id, let g) = r.kind else {
            Issue.record("not a request")
            return
        }
        #expect(id.raw == .max && g == .max)
        let task = BatchTaskID(hog: HogID(BatchTaskID.maxHogs - 1), task: Int32(BatchTaskID.maxTasks - 1))
        guard case .batchTask(let t, let attempt) = JobOwner.batchTask(task, attempt: 42).kind else {
            Issue.record("not a batch task")
            return
        }
        #expect(t == task && attempt == 42)
        #expect(MemoryLayout<Job>.stride == 16)
    }
}
