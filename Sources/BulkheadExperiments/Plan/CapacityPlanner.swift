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

        public init(
            scenarioPath: String, overrides: [String] = [], vary: [String], policies: [String],
            requirements: [String], replications: Int = 1,
            jobs: Int = ProcessInfo.processInfo.activeProcessorCount, limit: Int? = nil
        ) {
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
        guard problems.isEmpty else { throw Failure(message: problems.joined(separator: "\n")) }
        return (base, policies, specs, current)
    }

    /// Runs the searches of all policies in lock-step, each round's simulations in parallel.
    /// - Parameters:
    ///   - progress: called after each round with the simulations run so far.
    /// - Complexity: O(policies · replications · log(answer)) simulations.
    public static func run(
        _ q: Request,
        progress: (@Sendable (_ simulations: Int) -> Void)? = nil
    ) throws(Failure) -> CapacityPlan {
        let (base, policies, requirements, current) = try validate(q)
        let start = current.reduce(0, +)
        let minimum = q.vary.count
        let limit = max(q.limit ?? max(8 * start, 64), minimum)
        var searches = policies.map { _ in CapacitySearch(start: start, minimum: minimum, limit: limit) }
        var outcomes = policies.map { _ in [Int: Verdict]() }
        var simulations = policies.map { _ in 0 }
        var total = 0
        while true {
            let round: [(p: Int, n: Int)] = searches.indices.compactMap { p in searches[p].next.map { (p, $0) } }
            guard !round.isEmpty else { break }
            let tasks = round.flatMap { t in (0..<q.replications).map { (t.p, t.n, $0) } }
            let results: [Result<Replicate, Failure>] = WorkPool.map(count: tasks.count, jobs: q.jobs) { i in
                let (p, n, r) = tasks[i]
                return replicate(q, policy: policies[p], total: n, replication: r, requirements: requirements)
            }
            for (t, item) in round.enumerated() {
                var reps: [Replicate] = []
                for r in 0..<q.replications {
                    switch results[t * q.replications + r] {
                    case .success(let x): reps.append(x)
                    case .failure(let e): throw e
                    }
                }
                let verdict = Verdict(reps)
                outcomes[item.p][item.n] = verdict
                simulations[item.p] += reps.map(\.simulations).reduce(0, +)
                searches[item.p].record(item.n, passed: verdict.passed)
            }
            total += tasks.count
            progress?(total)
        }
        let plans = policies.indices.map { p -> PolicyPlan in
            let s = searches[p]
            let evaluations = s.evaluated.map {
                PolicyPlan.Evaluation(total: $0.total, passed: $0.passed, failure: outcomes[p][$0.total]?.failure)
            }
            guard let answer = s.answer, let v = outcomes[p][answer] else {
                return PolicyPlan(
                    policy: policies[p], feasible: false, total: nil, counts: nil, machines: nil,
                    cpuPeak: nil, memoryPeak: nil, costPerHour: nil, predecessorFailure: nil,
                    evaluations: evaluations, simulations: simulations[p], limit: limit)
            }
            return PolicyPlan(
                policy: policies[p], feasible: true, total: answer,
                counts: CapacitySearch.distribute(answer, over: minimum), machines: v.machines,
                cpuPeak: v.cpuPeak, memoryPeak: v.memoryPeak, costPerHour: v.cost,
                predecessorFailure: outcomes[p][answer - 1]?.failure, evaluations: evaluations,
                simulations: simulations[p], limit: limit)
        }
        return CapacityPlan(
            scenario: base.name, seed: base.seed, replications: q.replications, vary: q.vary,
            requirements: q.requirements, policies: plans)
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
        init(_ reps: [Replicate]) {
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
