import BulkheadPlacement
import BulkheadResults
import BulkheadRunner
import BulkheadScenario
import Foundation

/// Capacity planning (`bulkhead plan`): per placement policy, the smallest fleet — the varied
/// counts scaled together — whose runs meet every requirement in every replication.
///
/// A fleet size is a *total* n of the varied counts, split evenly over the varied fields
/// (``CapacitySearch/distribute(_:over:)``). A total passes when, in each replication r (the same
/// seed and streams at every size and for every policy: common random numbers), every container
/// is placed and every requirement holds on the run's `summary.json`. The totals are searched by
/// ``CapacitySearch`` (doubling, then bisection), which assumes passing is monotone in n.
public enum CapacityPlanner {
    /// What the planner needs besides the scenario.
    public struct Request: Sendable {
        /// The scenario file and its `--set` overrides.
        public var scenarioPath: String
        public var overrides: [String]
        /// Integer field paths scaled together, e.g. `racks[0].machines`.
        public var vary: [String]
        public var policies: [String]
        /// Requirements as written (parsed with the guarantee parser).
        public var requirements: [String]
        public var replications: Int
        public var jobs: Int
        /// Largest total tried (default: 8 × the scenario's total, at least 64).
        public var limit: Int?
        /// `--confirm request`: after a flow-level search, confirm each answer and its predecessor
        /// at request level (walking out from the flow answer when they disagree).
        public var confirm = false
        /// The wall time the confirmation may take by its estimate (seconds); beyond it, it is
        /// skipped and says so.
        public var confirmWithin: Double = 3600

        public init(
            scenarioPath: String, overrides: [String] = [], vary: [String], policies: [String],
            requirements: [String], replications: Int = 1,
            jobs: Int = ProcessInfo.processInfo.activeProcessorCount, limit: Int? = nil,
            confirm: Bool = false, confirmWithin: Double = 3600
        ) {
            self.confirm = confirm
            self.confirmWithin = confirmWithin
            self.scenarioPath = scenarioPath
            self.overrides = overrides
            self.vary = vary
            self.policies = policies
            self.requirements = requirements
            self.replications = replications
            self.jobs = jobs
            self.limit = limit
        }
    }

    /// Invalid input, or a run that could not start.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var message: String
        public var description: String { message }
    }

    /// Checks the request and parses the requirements, before any simulation.
    /// - Returns: the base scenario, the canonical policies, the requirements, the varied fields'
    ///   current counts.
    public static func validate(_ q: Request) throws(Failure) -> (Scenario, [String], [GuaranteeSpec], [Int]) {
        guard q.replications >= 1 else { throw Failure(message: "--replications must be at least 1") }
        guard q.jobs >= 1 else { throw Failure(message: "--jobs must be at least 1") }
        guard !q.vary.isEmpty else {
            throw Failure(message: "--vary needs at least one field, e.g. --vary racks[0].machines,racks[1].machines")
        }
        if let dup = q.vary.first(where: { v in q.vary.filter { $0 == v }.count > 1 }) {
            throw Failure(message: "--vary names \(dup) twice")
        }
        guard !q.requirements.isEmpty else {
            throw Failure(message: "at least one --require is needed, e.g. --require 'services.*.sloBadMinutes == 0'")
        }
        var problems: [String] = []
        var specs: [GuaranteeSpec] = []
        for (i, text) in q.requirements.enumerated() {
            do { specs.append(try GuaranteeSpec(parsing: text)) } catch {
                let caret = String(repeating: " ", count: max(0, error.column - 1)) + "^"
                problems.append("--require #\(i + 1) at column \(error.column): \(error.message)\n  \(text)\n  \(caret)")
            }
        }
        let policies: [String]
        do {
            policies = try Comparison.validate(policies: q.policies, baseline: nil, replications: 1, jobs: 1).policies
        } catch {
            problems.append("\(error)")
            policies = []
        }
        let base: Scenario
        do { base = try ScenarioLoader.load(path: q.scenarioPath, overrides: q.overrides) } catch {
            throw Failure(message: (problems + ["\(error)"]).joined(separator: "\n"))
        }
        var current: [Int] = []
        for path in q.vary {
            let text: String?
            do { text = try ScenarioLoader.fieldText(path: path, file: q.scenarioPath, overrides: q.overrides) } catch {
                throw Failure(message: "\(error)")
            }
            guard let text else {
                problems.append(
                    "--vary \(path): the scenario has no such field — use a --set path to a whole number, e.g. racks[0].machines")
                continue
            }
            guard let n = Int(text.trimmingCharacters(in: .whitespaces)), n >= 1 else {
                problems.append("--vary \(path): the scenario's value \"\(text)\" is not a count (a whole number ≥ 1)")
                continue
            }
            current.append(n)
        }
        if q.confirm && base.fidelity != .flow {
            problems.append(
                "--confirm request checks a flow-level search: add --fidelity flow (the scenario runs at request level already)")
        }
        if !(q.confirmWithin > 0) { problems.append("--confirm-within must be a positive duration") }
        guard problems.isEmpty else { throw Failure(message: problems.joined(separator: "\n")) }
        return (base, policies, specs, current)
    }

    /// Runs the searches of all policies in lock-step, each round's simulations in parallel; with
    /// `confirm`, then confirms the flow answers at request level (``confirmAtRequestLevel``).
    /// - Parameters:
    ///   - progress: called after each round with the simulations run so far.
    ///   - announce: told, before the confirmation runs, its estimate (one line).
    /// - Complexity: O(policies · replications · log(answer)) simulations.
    public static func run(
        _ q: Request,
        progress: (@Sendable (_ simulations: Int) -> Void)? = nil,
        announce: ((String) -> Void)? = nil
    ) throws(Failure) -> CapacityPlan {
        let (base, policies, requirements, current) = try validate(q)
        let start = current.reduce(0, +)
        let minimum = q.vary.count
        let limit = max(q.limit ?? max(8 * start, 64), minimum)
        var searches = policies.map { _ in CapacitySearch(start: start, minimum: minimum, limit: limit) }
        var total = 0
        let (outcomes, simulations) = try searchInRounds(
            &searches, active: Array(policies.indices), q, policies: policies, requirements: requirements,
            total: &total, progress: progress)
        var plans = policies.indices.map { p -> PolicyPlan in
            let s = searches[p]
            let evaluations = s.evaluated.map {
                PolicyPlan.Evaluation(total: $0.total, passed: $0.passed, failure: outcomes[p][$0.total]?.failure)
            }
            var plan = PolicyPlan(
                policy: policies[p], feasible: false, total: nil, counts: nil, machines: nil,
                cpuPeak: nil, memoryPeak: nil, costPerHour: nil, predecessorFailure: nil,
                evaluations: evaluations, simulations: simulations[p], limit: limit)
            if let answer = s.answer, let v = outcomes[p][answer] {
                plan.adopt(answer, verdict: v, predecessor: outcomes[p][answer - 1], fields: minimum)
            }
            return plan
        }
        if q.confirm {
            try confirmAtRequestLevel(
                &plans, q, requirements: requirements, minimum: minimum, limit: limit, progress: progress,
                done: total, announce: announce)
        }
        return CapacityPlan(
            scenario: base.name, seed: base.seed, replications: q.replications, vary: q.vary,
            requirements: q.requirements, policies: plans)
    }

    /// Coarse to fine: confirms every feasible flow answer at request level, the reference. First
    /// the estimate — the request-level wall time of the answer and its predecessor, in every
    /// replication (twins included) — is announced; beyond `confirmWithin` nothing runs and each
    /// plan says why. Otherwise each policy's ``ConfirmationSearch`` starts at its flow answer
    /// (lock-step rounds, in parallel), and the request-level answer replaces the plan's figures.
    static func confirmAtRequestLevel(
        _ plans: inout [PolicyPlan], _ q: Request, requirements: [GuaranteeSpec], minimum: Int, limit: Int,
        progress: (@Sendable (_ simulations: Int) -> Void)?, done: Int, announce: ((String) -> Void)?
    ) throws(Failure) {
        var fine = q
        fine.overrides.append("fidelity=request")
        var estimate = 0.0
        for plan in plans {
            guard let n = plan.total else { continue }
            estimate += Double(2 * q.replications) * (try requestSeconds(fine, total: n))
        }
        let feasible = plans.indices.filter { plans[$0].total != nil }
        announce?(
            "confirming \(feasible.count) flow answer\(feasible.count == 1 ? "" : "s") at request level: ≈ \(2 * q.replications * feasible.count) simulations, ≈ \(WorkEstimate.duration(estimate)) (allowed: \(WorkEstimate.duration(q.confirmWithin)))"
        )
        let skipped: String? =
            estimate > q.confirmWithin
            ? "estimated \(WorkEstimate.duration(estimate)) at request level, beyond --confirm-within \(WorkEstimate.duration(q.confirmWithin)): the answers are the flow engine's"
            : nil
        var searches = plans.map { ConfirmationSearch(start: $0.total ?? minimum, minimum: minimum, limit: limit) }
        var total = done
        let (outcomes, simulations) = try searchInRounds(
            &searches, active: skipped == nil ? feasible : [], fine, policies: plans.map(\.policy),
            requirements: requirements, total: &total, progress: progress)
        for p in plans.indices {
            let flowTotal = plans[p].total
            var c = PolicyPlan.Confirmation(
                fidelity: "request", flowTotal: flowTotal, total: nil,
                evaluations: searches[p].evaluated.map {
                    PolicyPlan.Evaluation(total: $0.total, passed: $0.passed, failure: outcomes[p][$0.total]?.failure)
                },
                simulations: simulations[p], estimatedSeconds: estimate,
                skipped: flowTotal == nil ? "the flow search found no passing fleet: nothing to confirm" : skipped)
            if c.skipped == nil {
                plans[p].feasible = false
                plans[p].total = nil
                plans[p].counts = nil
                plans[p].machines = nil
                plans[p].cpuPeak = nil
                plans[p].memoryPeak = nil
                plans[p].costPerHour = nil
                plans[p].predecessorFailure = nil
                if let answer = searches[p].answer, let v = outcomes[p][answer] {
                    c.total = answer
                    plans[p].adopt(answer, verdict: v, predecessor: outcomes[p][answer - 1], fields: minimum)
                }
                plans[p].simulations += simulations[p]
            }
            plans[p].confirmation = c
        }
    }

    /// Advances the searches at `active` in lock-step until each is over: every round evaluates
    /// each one's next total in parallel (``evaluate``) and records the verdicts.
    /// - Returns: per search, the verdict of every total it evaluated and the simulations it ran.
    static func searchInRounds<Search: FleetSizeSearch>(
        _ searches: inout [Search], active: [Int], _ q: Request, policies: [String], requirements: [GuaranteeSpec],
        total: inout Int, progress: (@Sendable (_ simulations: Int) -> Void)?
    ) throws(Failure) -> (outcomes: [[Int: Verdict]], simulations: [Int]) {
        var outcomes = searches.map { _ in [Int: Verdict]() }
        var simulations = searches.map { _ in 0 }
        while true {
            let round: [(p: Int, n: Int)] = active.compactMap { p in searches[p].next.map { (p, $0) } }
            guard !round.isEmpty else { break }
            let verdicts = try evaluate(q, policies: policies, round: round, requirements: requirements)
            for (item, verdict) in zip(round, verdicts) {
                outcomes[item.p][item.n] = verdict
                simulations[item.p] += verdict.simulations
                searches[item.p].record(item.n, passed: verdict.passed)
            }
            total += round.count * q.replications
            progress?(total)
        }
        return (outcomes, simulations)
    }

    /// Estimated wall seconds of one request-level replication at `total` (twice with a twin).
    static func requestSeconds(_ q: Request, total: Int) throws(Failure) -> Double {
        let counts = CapacitySearch.distribute(total, over: q.vary.count)
        let settings = zip(q.vary, counts).map { FieldSetting(path: $0, value: String($1)) }
        let scenario: Scenario
        do { scenario = try ScenarioLoader.load(path: q.scenarioPath, overrides: q.overrides, settings: settings) } catch {
            throw Failure(message: "with \(describe(q.vary, counts)): \(error)")
        }
        let twin = !scenario.faults.isEmpty || !scenario.hogs.isEmpty
        return WorkEstimate.of(scenario).seconds * (twin ? 2 : 1)
    }

    /// Evaluates one round — each (policy, total) pair in every replication — in parallel.
    /// - Returns: the verdicts, in `round` order.
    static func evaluate(
        _ q: Request, policies: [String], round: [(p: Int, n: Int)], requirements: [GuaranteeSpec]
    ) throws(Failure) -> [Verdict] {
        let tasks = round.flatMap { t in (0..<q.replications).map { (t.p, t.n, $0) } }
        let results: [Result<Replicate, Failure>] = WorkPool.map(count: tasks.count, jobs: q.jobs) { i in
            let (p, n, r) = tasks[i]
            return replicate(q, policy: policies[p], total: n, replication: r, requirements: requirements)
        }
        var verdicts: [Verdict] = []
        for t in round.indices {
            var reps: [Replicate] = []
            for r in 0..<q.replications {
                switch results[t * q.replications + r] {
                case .success(let x): reps.append(x)
                case .failure(let e): throw e
                }
            }
            verdicts.append(Verdict(reps))
        }
        return verdicts
    }

    /// One replication at one total.
    struct Replicate: Sendable {
        var passed: Bool
        var failure: String?
        var cpuPeak: Double
        var memoryPeak: Double
        var machines: Int
        var cost: Double?
        var simulations: Int
    }

    /// All replications of one total, folded.
    struct Verdict: Sendable {
        var passed: Bool
        var failure: String?
        var cpuPeak: Double
        var memoryPeak: Double
        var machines: Int
        var cost: Double?
        var simulations: Int
        init(_ reps: [Replicate]) {
            simulations = reps.map(\.simulations).reduce(0, +)
            passed = reps.allSatisfy(\.passed)
            failure = reps.lazy.compactMap(\.failure).first
            cpuPeak = reps.map(\.cpuPeak).max() ?? 0
            memoryPeak = reps.map(\.memoryPeak).max() ?? 0
            machines = reps.first?.machines ?? 0
            cost = reps.first?.cost
        }
    }

    /// Simulates replication `r` of the scenario with the varied counts at `total` under `policy`.
    static func replicate(
        _ q: Request, policy: String, total: Int, replication r: Int, requirements: [GuaranteeSpec]
    ) -> Result<Replicate, Failure> {
        let counts = CapacitySearch.distribute(total, over: q.vary.count)
        let settings = zip(q.vary, counts).map { FieldSetting(path: $0, value: String($1)) }
        let scenario: Scenario
        do { scenario = try ScenarioLoader.load(path: q.scenarioPath, overrides: q.overrides, settings: settings) } catch {
            return .failure(Failure(message: "with \(describe(q.vary, counts)): \(error)"))
        }
        let machines = scenario.racks.reduce(0) { $0 + $1.machines }
        let prices = scenario.racks.map { rack in
            scenario.machineType(named: rack.type)?.costPerHour.map { $0 * Double(rack.machines) }
        }
        let cost: Double? = prices.contains { $0 == nil } ? nil : prices.reduce(0) { $0 + $1! }
        let output: Runner.Output
        do { output = try Runner.run(scenario, options: .init(policy: policy, replication: r)) } catch {
            return .failure(Failure(message: "\(policy) with \(describe(q.vary, counts)): \(error)"))
        }
        var rep = Replicate(
            passed: true, failure: nil, cpuPeak: output.result.cluster.cpuUtilization.peak,
            memoryPeak: output.result.cluster.memoryUtilization.peak, machines: machines, cost: cost,
            simulations: output.simulations)
        if !output.placement.unschedulable.isEmpty {
            rep.passed = false
            let n = output.placement.unschedulable.count
            rep.failure = "\(n) container\(n == 1 ? " does" : "s do") not fit (replication \(r))"
            return .success(rep)
        }
        let tree: MetricTree
        do { tree = try MetricTree(RunSummary(output.result)) } catch {
            return .failure(Failure(message: "cannot read the run's summary: \(error)"))
        }
        for outcome in GuaranteeEvaluator.evaluate(requirements, replication: r, on: tree) {
            let inputProblems = outcome.problems.filter { !$0.contains("has no value in this run") }
            if let problem = inputProblems.first {
                return .failure(Failure(message: "--require \(outcome.spec.source): \(problem)"))
            }
            guard !outcome.passed else { continue }
            rep.passed = false
            let what = outcome.problems.first ?? outcome.measuredText
            rep.failure = "\(outcome.spec.source): \(what) (replication \(r))"
            return .success(rep)
        }
        return .success(rep)
    }

    /// `racks[0].machines=2, racks[1].machines=2`.
    static func describe(_ paths: [String], _ counts: [Int]) -> String {
        zip(paths, counts).map { "\($0)=\($1)" }.joined(separator: ", ")
    }
}

extension PolicyPlan {
    /// Takes `answer` (with its verdict and its predecessor's) as the plan's fleet.
    mutating func adopt(_ answer: Int, verdict v: CapacityPlanner.Verdict, predecessor: CapacityPlanner.Verdict?, fields: Int) {
        feasible = true
        total = answer
        counts = CapacitySearch.distribute(answer, over: fields)
        machines = v.machines
        cpuPeak = v.cpuPeak
        memoryPeak = v.memoryPeak
        costPerHour = v.cost
        predecessorFailure = predecessor?.failure
    }
}
