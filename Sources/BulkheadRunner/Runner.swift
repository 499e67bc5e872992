import BulkheadKernel
import BulkheadMetrics
import BulkheadModel
import BulkheadPlacement
import BulkheadResults
import BulkheadScenario
import BulkheadStochastic
import Dispatch
import Foundation

/// Runs one scenario: compile → place → simulate with the metrics observer → result.
public enum Runner {
    /// What the caller may change about a run without editing the scenario.
    public struct Options: Sendable {
        /// Overrides the scenario's seed.
        public var seed: UInt64?
        /// Overrides the scenario's placement policy.
        public var policy: String?
        /// Replication index: a different, reproducible set of named streams for the same seed.
        public var replication: Int
        /// Run the fault-free twin and measure every incident (costs a second simulation).
        public var measureIncidents: Bool
        /// Extra failed requests that make a service count as affected by an incident.
        public var impactThreshold: Int
        /// Run the fault-free twin on a second thread beside the run, when it does not need the
        /// run's result (no hogs: hog incidents give the twin its latency windows). Same outputs;
        /// twice the memory. Off where runs are already parallel (compare, sweep, check).
        public var concurrentTwin: Bool
        /// Under flow fidelity, step the part of the fleet an event disturbs on its own
        /// (`ClusterConfig.flowParts`); off only to measure what that changes.
        public var flowParts: Bool
        /// Under flow fidelity, replay settled steps (`ClusterConfig.flowReplay`); off only to
        /// measure what that changes.
        public var flowReplay: Bool
        public init(
            seed: UInt64? = nil, policy: String? = nil, replication: Int = 0, measureIncidents: Bool = true,
            impactThreshold: Int = 1, concurrentTwin: Bool = false, flowParts: Bool = true, flowReplay: Bool = true
        ) {
            self.flowParts = flowParts
            self.flowReplay = flowReplay
            self.seed = seed
            self.policy = policy
            self.replication = replication
            self.measureIncidents = measureIncidents
            self.impactThreshold = impactThreshold
            self.concurrentTwin = concurrentTwin
        }
    }

    /// Everything a run produced.
    public struct Output: Sendable {
        public var config: ClusterConfig
        public var placement: PlacementResult
        public var result: RunResult
        public var events: Int
        public var externalArrivals: Int
        /// Under flow: passes over a disturbed part, and containers computed over all passes
        /// (the run's, not the twin's).
        public var flowPartPasses = 0
        public var flowContainerPasses = 0
        public var flowReplayedSteps = 0
        /// Wall-clock seconds of the simulation proper (not written to deterministic outputs).
        public var wallSeconds: Double
        /// Measured impact of every incident against the fault-free twin (empty without faults).
        public var incidents: [IncidentImpact] { result.incidentImpacts }
        /// Simulations run: 1, or 2 with the fault-free twin.
        public var simulations = 1
        /// The counterfactual twin's result (without faults and hogs), when it was run.
        public var twin: RunResult?
        /// Simulated requests (external and downstream, twin included) per wall-second.
        public var requestsPerSecond: Double {
            Double(simulations * (result.requests.total + result.internalRequests.total)) / max(wallSeconds, 1e-9)
        }
    }

    /// A run that cannot start: the scenario does not compile or names an unknown policy.
    public enum Failure: Error, CustomStringConvertible {
        case scenario(ScenarioError)
        case placement(PlacementError)
        public var description: String {
            switch self {
            case .scenario(let e): e.description
            case .placement(let e): "\(e)"
            }
        }
    }

    /// Runs `scenario` once.
    /// - Parameter progress: called every simulated minute with the fraction of the run done.
    public static func run(
        _ scenario: Scenario, options: Options = .init(),
        progress: ((Double) -> Void)? = nil
    ) throws(Failure) -> Output {
        var config: ClusterConfig
        do { config = try ScenarioCompiler.compile(scenario) } catch { throw .scenario(error) }
        config.flowParts = options.flowParts
        config.flowReplay = options.flowReplay
        let policy = options.policy ?? scenario.placement.policy
        let seed = options.seed ?? scenario.seed
        let placementSeed = Placer.streamSeed(seed: seed, replication: options.replication)
        let placed: PlacementResult
        do {
            placed = try Placer.place(PlacementRequest(config: config, policy: policy, seed: placementSeed))
        } catch { throw .placement(error) }
        let placing = PlacementStream(seed: placementSeed, generator: placed.generator)
        let total = Double(config.duration.nanoseconds)
        let start = DispatchTime.now().uptimeNanoseconds
        // The counterfactual twin: same placement, seed and replication, no faults, no releases,
        // no hogs; it records latency over the hogs' exact windows.
        let wantsTwin =
            (!config.faults.isEmpty || !config.releases.isEmpty || !config.hogs.isEmpty) && options.measureIncidents
        var twinConfig = config
        twinConfig.faults = []
        twinConfig.releases = []
        twinConfig.hogs = []
        let runTwin: @Sendable ([(id: Int, start: Int64, end: Int64)]) -> RunResult = { [twinConfig] windows in
            simulate(
                twinConfig, placed.placement, scenario: scenario.name, seed: seed, policy: policy,
                replication: options.replication, placing: placing, progress: nil, windows: windows
            ).0
        }
        // Without hogs the twin watches no windows, so it need not wait for the run.
        let early = wantsTwin && options.concurrentTwin && config.hogs.isEmpty ? Background(runTwin, []) : nil
        let (result, outcome) = simulate(
            config, placed.placement, scenario: scenario.name, seed: seed, policy: policy,
            replication: options.replication, placing: placing,
            progress: progress.map { p in { now in p(Double(now.nanoseconds) / total) } })
        var output = Output(
            config: config, placement: placed, result: result, events: outcome.events,
            externalArrivals: outcome.externalArrivals, wallSeconds: 0)
        output.flowPartPasses = outcome.flowPartPasses
        output.flowContainerPasses = outcome.flowContainerPasses
        output.flowReplayedSteps = outcome.flowReplayedSteps
        if wantsTwin {
            let twin: RunResult
            if let early {
                twin = early.wait()
            } else {
                let windows = result.incidents.compactMap { i -> (id: Int, start: Int64, end: Int64)? in
                    guard i.tenant != nil else { return nil }
                    return (i.id, Int64((i.start * 1e9).rounded()), i.end.map { Int64(($0 * 1e9).rounded()) } ?? .max)
                }
                twin = runTwin(windows)
            }
            output.result.incidentImpacts = IncidentAnalysis.measure(
                faulty: result, twin: twin, threshold: options.impactThreshold)
            output.result.hogImpacts = HogAnalysis.measure(run: result, twin: twin, threshold: options.impactThreshold)
            output.twin = twin
            output.simulations = 2
        }
        output.wallSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return output
    }

    /// `body(argument)` computed on its own thread from construction; `wait` returns its value.
    final class Background<Argument: Sendable, Value: Sendable>: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private var value: Value?

        init(_ body: @escaping @Sendable (Argument) -> Value, _ argument: Argument) {
            let thread = Thread { [self] in
                value = body(argument)
                done.signal()
            }
            // A day of a large fleet recurses no deeper than the run on the main thread does.
            thread.stackSize = 8 << 20
            thread.start()
        }

        /// Blocks until the value is ready (the semaphore orders the write before this read).
        func wait() -> Value {
            done.wait()
            guard let value else { preconditionFailure("Background: no value") }
            return value
        }
    }

    /// The placement stream where the initial placement left it; each simulation (the run and its
    /// twin) continues it from there, so the twin re-places as the run does.
    struct PlacementStream {
        var seed: UInt64
        var generator: SplitMix64
    }

    /// One simulation of `config` with the metrics observer.
    static func simulate(
        _ config: ClusterConfig, _ placement: Placement, scenario: String, seed: UInt64, policy: String,
        replication: Int, placing: PlacementStream, progress: ((SimInstant) -> Void)?,
        windows: [(id: Int, start: Int64, end: Int64)] = []
    ) -> (RunResult, Simulation.Outcome) {
        let collector = MetricsCollector(config: config, placement: placement)
        collector.watch(windows: windows)
        // Dynamic infrastructure re-places lost containers with the policy; autoscaling places new
        // replicas with it too, under static infrastructure as well.
        var rescheduler: (any Rescheduler)?
        var dynamic = false
        if case .dynamic = config.infrastructure { dynamic = true }
        // Blue-green releases place their second set with it too.
        if dynamic || config.services.contains(where: { $0.autoscaling != nil })
            || config.releases.contains(where: { $0.blueGreen != nil })
        {
            rescheduler = PolicyRescheduler(
                config: config, policy: policy, seed: placing.seed, generator: placing.generator)
        }
        var sim = Simulation(
            config: config, placement: placement,
            streams: StreamFactory(seed: seed, replication: replication), observer: collector,
            rescheduler: rescheduler)
        let outcome = sim.run(progress: progress)
        var result = collector.result(
            scenario: scenario, seed: seed, policy: policy, inFlightAtEnd: outcome.inFlightAtEnd,
            eventsProcessed: outcome.events)
        result.fidelity = config.fidelity.rawValue
        result.rescheduling = outcome.rescheduling.map {
            ReschedulingResult(
                service: $0.service, lost: $0.lost, replacements: $0.replacements, restored: $0.restored,
                meanRestoreSeconds: $0.meanRestoreSeconds, maxRestoreSeconds: $0.maxRestoreSeconds,
                unplaceableAttempts: $0.unplaceableAttempts, waitingAtEnd: $0.waitingAtEnd)
        }
        result.batchJobs = outcome.batchJobs.map {
            BatchJobResult(
                service: $0.service, start: $0.start, tasks: $0.tasks, completed: $0.completed,
                retries: $0.retries, makespanSeconds: $0.makespan, waitedForSlotSeconds: $0.waitedForSlot)
        }
        result.workflows = Self.workflowResults(config: config, runs: outcome.workflowRuns)
        for (s, t) in outcome.throttling.enumerated() {
            guard let t else { continue }
            result.services[s].cpuThrottling = ThrottlingResult(
                periods: t.periods, throttledPeriods: t.throttledPeriods, throttledSeconds: t.throttledSeconds,
                jobs: t.jobs, throttledJobSeconds: t.throttledJobSeconds)
        }
        result.deploys = outcome.deploys.map {
            DeployResult(
                service: $0.service, strategy: $0.strategy, outcome: $0.outcome.rawValue, startSeconds: $0.startSeconds,
                durationSeconds: $0.durationSeconds, failedRequests: $0.failedRequests,
                extraMachineHours: $0.extraMachineHours, replicaHoursOut: $0.replicaHoursOut,
                unplaceableAttempts: $0.unplaceableAttempts)
        }
        let warmup = config.warmup.nanoseconds
        result.autoscaling = outcome.autoscaling.map { a in
            // Measured minutes only, as `timeseries.csv`: minute m ends after the warm-up.
            let minutes = a.servingPerMinute.indices.filter { Int64($0 + 1) * 60_000_000_000 > warmup }.map {
                AutoscalingResult.Minute(minute: $0, serving: a.servingPerMinute[$0], desired: a.desiredPerMinute[$0])
            }
            return AutoscalingResult(
                service: a.service, scaleUps: a.scaleUps, scaleDowns: a.scaleDowns,
                replicasAdded: a.replicasAdded, replicasRemoved: a.replicasRemoved,
                unplaceableScaleUps: a.unplaceableScaleUps, unplaceableAttempts: a.unplaceableAttempts,
                unplacedAtEnd: a.unplacedAtEnd, minutes: minutes)
        }
        return (result, outcome)
    }

    /// Every workflow hog of `config` in scenario order, with its runs (possibly none).
    /// - Complexity: O(hogs × runs).
    static func workflowResults(config: ClusterConfig, runs: [WorkflowRunSummary]) -> [WorkflowResult] {
        config.hogs.enumerated().compactMap { h, hog in
            guard case .workflow(let w, _) = hog.kind else { return nil }
            return WorkflowResult(
                name: w.name, service: config.services[hog.service].name, tasks: w.tasks.count,
                deadlineSeconds: w.deadline?.seconds,
                runs: runs.filter { $0.hog == h }.map {
                    WorkflowResult.Run(
                        start: $0.start, completed: $0.completed, retries: $0.retries, makespanSeconds: $0.makespan,
                        failedTask: $0.failedTask, deadlineMissed: $0.deadlineMissed, criticalPath: $0.criticalPath,
                        criticalPathSeconds: $0.criticalPathSeconds, waitedForSlotSeconds: $0.waitedForSlot)
                })
        }
    }
}
