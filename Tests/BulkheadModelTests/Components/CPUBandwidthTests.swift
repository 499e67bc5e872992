import BulkheadKernel
import Testing

@testable import BulkheadModel

/// CFS bandwidth control (`quota`) against the period arithmetic worked out by hand: every time
/// below follows from quota L·P per period P, consumed by all the container's threads at once,
/// throttling until the boundary, and refills of min(runtime + L·P, L·P + burst).
@Suite("Component: CPU bandwidth (CFS quota per period)")
struct CPUBandwidthTests {
    typealias Queue = EventQueue<ModelEvent>
    let m = MachineID(0)
    let c0 = ContainerID(0)
    static let period: Int64 = 100_000_000

    /// One container with `limit` cores per 100 ms (and `burst` ns) on a machine of `cores`.
    func cpu(cores: Double, limit: Double, burst: Int64 = 0, others: Int = 0) -> CPU {
        var cpu = CPU(
            isolation: .quota, cores: [cores], weights: Array(repeating: 1, count: 1 + others),
            caps: Array(repeating: .infinity, count: 1 + others))
        cpu.setBandwidth(c0, limit: limit, period: Self.period, burst: burst)
        return cpu
    }

    /// Runs the `cpuDone` events until `limit`; the completion time (ns) of every job, in order.
    func drain(_ cpu: inout CPU, _ queue: inout Queue, until limit: Int64) -> [Int64] {
        var done: [Int64] = []
        while let e = queue.next(until: SimInstant(nanoseconds: limit)) {
            guard case .cpuDone(let machine, let g) = e.payload, cpu.isCurrent(machine, generation: g) else { continue }
            let n = cpu.completeDue(on: machine, queue: &queue)
            for _ in 0..<n { done.append(queue.now.nanoseconds) }
        }
        return done
    }

    func job(_ i: Int) -> JobOwner { .request(RequestID(i), generation: 0) }

    /// Two threads of 240 ms in a 1-core quota on 4 idle cores: they burn the period's 100 ms in
    /// 50 ms (both cores), are throttled until the boundary, and so get 50 ms each per period:
    /// 4 full periods (200 ms each) and 40 ms into the fifth → both finish at 440 ms, throttled in
    /// 4 periods for 50 ms each. A rate cap of 1 core would finish them at 480 ms.
    @Test func twoThreadsBurstAcrossCoresAndAreThrottled() {
        var cpu = cpu(cores: 4, limit: 1)
        var queue = Queue()
        cpu.startJob(job(0), in: c0, on: m, work: 0.24, queue: &queue)
        cpu.startJob(job(1), in: c0, on: m, work: 0.24, queue: &queue)
        let done = drain(&cpu, &queue, until: 2_000_000_000)
        #expect(done == [440_000_000, 440_000_000])
        let stat = cpu.throttling(at: 2_000_000_000)[0]
        #expect(stat.throttledPeriods == 4)
        #expect(abs(stat.throttledSeconds - 0.2) < 1e-12)
        // Periods 0–4 had runnable threads; the timer fires once more at the end of period 5.
        #expect(stat.periods == 6)
        // Latency attribution: each job's 440 ms = 240 ms of work + 200 ms throttled, exactly.
        #expect(stat.jobs == 2)
        #expect(abs(stat.throttledJobSeconds - 2 * (0.44 - 0.24)) < 1e-12)
    }

    /// One thread of 230 ms under half a core: 50 ms per period → 4 periods and 30 ms → 430 ms.
    @Test func oneThreadUnderHalfACore() {
        var cpu = cpu(cores: 2, limit: 0.5)
        var queue = Queue()
        cpu.startJob(job(0), in: c0, on: m, work: 0.23, queue: &queue)
        #expect(drain(&cpu, &queue, until: 2_000_000_000) == [430_000_000])
        let stat = cpu.throttling(at: 2_000_000_000)[0]
        #expect(stat.throttledPeriods == 4)
        // 430 ms = 230 ms of work + 4 × 50 ms throttled: the whole delay is the `throttled` cause.
        #expect(stat.jobs == 1 && abs(stat.throttledJobSeconds - 0.2) < 1e-12)
    }

    /// The throttled delay counts only jobs, and only while throttled: a request that arrives
    /// while a spinner keeps its container throttled waits the rest of that period, then shares
    /// the runtime with the spinner's threads. Half a core, one spinner thread and one 30 ms
    /// request at 60 ms: the spinner spends the 50 ms runtime by 50 ms; throttled 50–100 (the
    /// request waits 40 ms of it); from 100 both threads run at 1 core each (2 idle cores) and
    /// spend 50 ms of runtime in 25 ms (request at 25 ms of work); throttled 125–200 (75 ms);
    /// from 200, 5 ms of work left at 1 core: done at 205 ms. Delay 40 + 75 = 115 ms, and
    /// latency 145 ms = 30 ms work + 115 ms throttled.
    @Test func throttledDelayCountsJobsNotHogThreads() {
        var cpu = cpu(cores: 2, limit: 0.5)
        var queue = Queue()
        cpu.addHogThreads(c0, on: m, 1, queue: &queue)
        queue.schedule(.minuteTick, at: SimInstant(nanoseconds: 60_000_000))  // brings the clock to 60 ms
        _ = drain(&cpu, &queue, until: 60_000_000)
        cpu.startJob(job(0), in: c0, on: m, work: 0.03, queue: &queue)
        #expect(drain(&cpu, &queue, until: 1_000_000_000) == [205_000_000])
        cpu.foldAll(to: 1_000_000_000)
        let stat = cpu.throttling(at: 1_000_000_000)[0]
        #expect(stat.jobs == 1)
        #expect(abs(stat.throttledJobSeconds - 0.115) < 1e-12, "\(stat.throttledJobSeconds)")
    }

    /// A thread that never uses more than the quota (1 thread, 1-core limit) is never throttled
    /// and needs no event per period: it finishes after exactly its work.
    @Test func aContainerWithinItsQuotaIsNeverThrottled() {
        var cpu = cpu(cores: 2, limit: 1)
        var queue = Queue()
        cpu.startJob(job(0), in: c0, on: m, work: 1.0, queue: &queue)
        #expect(drain(&cpu, &queue, until: 3_000_000_000) == [1_000_000_000])
        #expect(queue.processed <= 2, "one completion event, no per-period events: \(queue.processed)")
        let stat = cpu.throttling(at: 3_000_000_000)[0]
        #expect(stat.throttledPeriods == 0 && stat.periods == 11)
    }

    /// Burst: idle for three periods, a half-core container with 50 ms of burst starts a 200 ms
    /// thread at 300 ms with 100 ms of runtime (50 ms quota + 50 ms carried over). It runs
    /// 300–400 ms (the runtime lasts exactly to the boundary), refills 50 ms (nothing left to
    /// carry), runs 400–450, is throttled to 500, runs 500–550: done at 550 ms. Without burst:
    /// 300–350, 400–450, 500–550, 600–650 → 650 ms.
    @Test(arguments: [(Int64(50_000_000), Int64(550_000_000)), (0, 650_000_000)])
    func burstCarriesUnusedRuntimeOver(burst: Int64, finish: Int64) {
        var cpu = cpu(cores: 2, limit: 0.5, burst: burst)
        var queue = Queue()
        queue.schedule(.minuteTick, at: SimInstant(nanoseconds: 300_000_000))
        _ = queue.next(until: SimInstant(nanoseconds: 300_000_000))
        cpu.startJob(job(0), in: c0, on: m, work: 0.2, queue: &queue)
        #expect(drain(&cpu, &queue, until: 2_000_000_000) == [finish])
    }

    /// Long-run throughput is the quota: four spinning threads in a 1.5-core quota on 4 cores use
    /// 1.5 CPU-seconds per second (to the nanosecond's overrun per throttling), throttled in every
    /// period, while the long-run cap is what `quota-fluid` enforces directly.
    @Test func longRunThroughputIsQuotaOverPeriod() {
        var cpu = cpu(cores: 4, limit: 1.5)
        var queue = Queue()
        cpu.addHogThreads(c0, on: m, 4, queue: &queue)
        _ = drain(&cpu, &queue, until: 10_000_000_000)
        let used = cpu.cpuSeconds(c0, at: 10_000_000_000)
        #expect(abs(used - 15) < 1e-6, "CPU-seconds over 10 s: \(used)")
        let stat = cpu.throttling(at: 10_000_000_000)[0]
        #expect(stat.periods == 100 && stat.throttledPeriods == 100)
        // Each period: 150 ms of runtime on 4 cores lasts 37.5 ms, then 62.5 ms throttled.
        #expect(abs(stat.throttledSeconds - 6.25) < 1e-6)
    }

    /// Under contention the quota and the shares combine: a 1-core quota with 4 threads next to a
    /// neighbour of equal weight with 4 threads on 2 cores gets 1 core by shares (2 threads' worth
    /// would need 2), uses its 100 ms in 100 ms, and is never throttled.
    @Test func sharesBindBeforeTheQuotaUnderContention() {
        var cpu = cpu(cores: 2, limit: 1, others: 1)
        var queue = Queue()
        cpu.addHogThreads(c0, on: m, 4, queue: &queue)
        cpu.addHogThreads(ContainerID(1), on: m, 4, queue: &queue)
        _ = drain(&cpu, &queue, until: 1_000_000_000)
        #expect(abs(cpu.cpuSeconds(c0, at: 1_000_000_000) - 1) < 1e-6)
        #expect(cpu.throttling(at: 1_000_000_000)[0].throttledPeriods == 0)
    }
}
