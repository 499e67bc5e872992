import BulkheadKernel
import BulkheadStochastic
import Testing

@testable import BulkheadModel

/// A workflow hog on service `service` at `at` seconds; tasks as (name, work s, after, retries, back-off s).
func workflowHog(
    service: Int, perContainer: Int = 1, at: Double, deadline: Double? = nil,
    _ tasks: [(name: String, work: Double, after: [Int], retries: Int, backoff: Double)]
) -> HogConfig {
    let w = WorkflowConfig(
        name: "wf",
        tasks: tasks.map {
            WorkflowConfig.Task(
                name: $0.name, work: .constant($0.work), after: $0.after, maxRetries: $0.retries,
                backoff: .seconds($0.backoff))
        }, deadline: deadline.map { .seconds($0) })
    return HogConfig(
        kind: .workflow(w, perContainer: perContainer), service: service, allReplicas: true,
        timing: .scheduled(at: .zero + .seconds(at), duration: nil))
}

/// Validation of workflows through the real model (the batch machinery's CPU jobs, slots and
/// kills), with constant work so that every makespan is known exactly: a task alone on an idle
/// machine gets one core, so it takes exactly its work in seconds; the CPU's completion times are
/// whole nanoseconds and every figure below is an integer number of seconds, so `==` is exact.
@Suite("Workflows")
struct WorkflowTests {
    /// A chain a(100 s) → b(50 s) → c(30 s) from 10 s, on one slot or on three: each task starts
    /// when the previous one ends, so the makespan is the sum, 180 s, and the critical path is the
    /// whole chain. The incident `hog/workflow` spans [10 s, 190 s].
    @Test(arguments: [1, 3])
    func chainTakesTheSumOfItsTasks(slots: Int) throws {
        var (sim, rec) = batchCluster(
            cores: 4, machines: 1, isolation: .shares, services: [(1, nil)],
            placement: Array(repeating: (0, 0), count: slots),
            hogs: [workflowHog(service: 0, at: 10, [("a", 100, [], 0, 0), ("b", 50, [0], 0, 0), ("c", 30, [1], 0, 0)])],
            duration: .seconds(500))
        let out = sim.run()
        let run = try #require(out.workflowRuns.first)
        #expect(out.workflowRuns.count == 1 && out.batchJobs.isEmpty)
        #expect(run.makespan == 180, "makespan \(String(describing: run.makespan))")
        #expect(run.completed == 3 && run.retries == 0 && run.failedTask == nil && !run.deadlineMissed)
        #expect(run.criticalPath == ["a", "b", "c"] && run.criticalPathSeconds == 180)
        let incident = try #require(rec.incidents.first)
        #expect(incident.kind == "hog/workflow" && incident.target == "s0")
        #expect(incident.start == .zero + .seconds(10) && incident.end == .zero + .seconds(190))
    }

    /// A fork of k equal tasks (60 s) then a join (10 s) after all of them: on k free slots (k
    /// containers on a machine with more than k cores) the fork takes one task time, so the
    /// makespan is 60 + 10 = 70 s, its critical path; on k/2 slots it takes two waves, 130 s.
    @Test(arguments: [2, 4, 8])
    func forkJoinOnFreeSlotsTakesOneTaskTime(k: Int) throws {
        for slots in [k, k / 2] {
            let fork = (0..<k).map { (name: "f\($0)", work: 60.0, after: [Int](), retries: 0, backoff: 0.0) }
            let join = (name: "join", work: 10.0, after: Array(0..<k), retries: 0, backoff: 0.0)
            var (sim, _) = batchCluster(
                cores: Double(k + 1), machines: 1, isolation: .shares, services: [(1, nil)],
                placement: Array(repeating: (0, 0), count: slots),
                hogs: [workflowHog(service: 0, at: 0, fork + [join])], duration: .seconds(1000))
            let run = try #require(sim.run().workflowRuns.first)
            #expect(run.makespan == (slots == k ? 70 : 130), "k \(k), slots \(slots): \(String(describing: run.makespan))")
            #expect(run.criticalPath == ["f0", "join"] && run.criticalPathSeconds == 70)
            #expect(run.waitedForSlot == 0 && run.completed == k + 1)
        }
    }

    /// A chain a(100 s) → b(50 s) with two slots on two machines: a starts in slot 0; machine 0
    /// crashes at 40 s (never repaired), so a loses 40 s of work, backs off 30 s and runs again
    /// from scratch in slot 1 (70 s → 170 s), then b (170 s → 220 s). The makespan grows from
    /// 150 s by exactly the lost work plus the back-off: 220 = 150 + 40 + 30; one retry.
    @Test(arguments: [0.0, 30.0, 75.0])
    func killedTaskCostsTheLostWorkPlusItsBackoff(backoff: Double) throws {
        func makespan(crash: Bool) throws -> (Double?, Int) {
            var (sim, _) = batchCluster(
                cores: 4, machines: 2, isolation: .shares, services: [(1, nil)], placement: [(0, 0), (0, 1)],
                hogs: [workflowHog(service: 0, at: 0, [("a", 100, [], 1, backoff), ("b", 50, [0], 0, 0)])],
                faults: crash ? [.machineCrash(machine: 0, at: .zero + .seconds(40), repairAfter: nil)] : [],
                duration: .seconds(1000))
            let run = try #require(sim.run().workflowRuns.first)
            return (run.makespan, run.retries)
        }
        let (clean, cleanRetries) = try makespan(crash: false)
        let (killed, retries) = try makespan(crash: true)
        #expect(clean == 150 && cleanRetries == 0)
        #expect(killed == 150 + 40 + backoff, "makespan \(String(describing: killed))")
        #expect(retries == 1)
    }

    /// Retries exhausted: a (retries 0) dies with machine 0 at 40 s, so the run fails on a; its
    /// sibling s (150 s, on machine 1) is left to finish, b (after a) never runs, and the run
    /// ends with s at 150 s (Argo's failFast). With a deadline, a failed run is a miss. With
    /// one retry allowed, the same crash is survived.
    @Test(arguments: [0, 1])
    func retriesExhaustedFailTheRun(retries: Int) throws {
        var (sim, rec) = batchCluster(
            cores: 4, machines: 2, isolation: .shares, services: [(1, nil)], placement: [(0, 0), (0, 1)],
            hogs: [
                workflowHog(
                    service: 0, perContainer: 2, at: 0, deadline: 1000,
                    [("a", 100, [], retries, 5), ("s", 150, [], 0, 0), ("b", 50, [0], 0, 0)])
            ],
            faults: [.machineCrash(machine: 0, at: .zero + .seconds(40), repairAfter: nil)],
            duration: .seconds(1000))
        let out = sim.run()
        let run = try #require(out.workflowRuns.first)
        let incident = try #require(rec.incidents.first { $0.kind == "hog/workflow" })
        if retries == 0 {
            #expect(run.failedTask == "a" && run.makespan == nil && run.deadlineMissed)
            #expect(run.completed == 1 && run.retries == 0)
            #expect(incident.end == .zero + .seconds(150))
        } else {
            // a again from 45 s on slot 1 beside s (two tasks per slot; one core each of 4).
            #expect(run.failedTask == nil && run.makespan == 45 + 100 + 50 && !run.deadlineMissed, "\(run)")
            #expect(run.completed == 3 && run.retries == 1)
        }
    }

    /// A deadline shorter than the makespan is missed; a longer one is not; a run still going
    /// at the end of the simulation past its deadline is a miss with no makespan.
    @Test(arguments: [(150.0, 500.0, true), (200.0, 500.0, false), (100.0, 120.0, true)])
    func deadlines(deadline: Double, duration: Double, missed: Bool) throws {
        var (sim, _) = batchCluster(
            cores: 4, machines: 1, isolation: .shares, services: [(1, nil)], placement: [(0, 0)],
            hogs: [workflowHog(service: 0, at: 0, deadline: deadline, [("a", 100, [], 0, 0), ("b", 80, [0], 0, 0)])],
            duration: .seconds(duration))
        let run = try #require(sim.run().workflowRuns.first)
        #expect(run.deadlineMissed == missed && run.deadline == deadline)
        #expect(run.makespan == (duration > 180 ? 180 : nil))
    }

    /// The critical path follows the longest chain by work, not the longest by task count:
    /// a(10) → b(10) → d(5) is 25 s, c(40) → d(5) is 45 s.
    @Test func criticalPathIsTheLongestChainByWork() {
        let w = WorkflowConfig(
            name: "wf",
            tasks: [
                .init(name: "a", work: .constant(10)), .init(name: "b", work: .constant(10), after: [0]),
                .init(name: "c", work: .constant(40)), .init(name: "d", work: .constant(5), after: [1, 2]),
            ])
        let path = w.criticalPath(work: [10, 10, 40, 5])
        #expect(path.tasks == [2, 3] && path.length == 45)
        #expect(w.order == [0, 1, 2, 3])
    }
}
