import ArgumentParser
import BulkheadExperiments
import BulkheadReport
import BulkheadResults
import BulkheadScenario
import Foundation

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare placement policies with common random numbers and paired confidence intervals.",
        discussion: """
            Runs every policy × replication (replication r uses the same random streams under every \
            policy), in parallel, then prints each metric's mean ± 95 % CI per policy, the winner, and \
            the paired difference to the baseline. Writes compare.csv and compare.json.
            """)

    @OptionGroup var options: ScenarioOptions
    @Option(
        help: ArgumentHelp(
            "Comma-separated placement policies, e.g. binpack,spread,rack-spread.",
            valueName: "p1,p2,..."))
    var policies: String?
    @Option(
        name: .customLong("variant"),
        help: ArgumentHelp(
            "Compare variants of the scenario instead of policies (repeatable, instead of --policies): a name and its --set overrides, e.g. --variant 'tight: isolation.cpu=quota; services[0].resources.limits.cpu=800m'.",
            valueName: "name: k=v; k=v"))
    var variants: [String] = []
    @Option(help: "Replications per policy (at least 2 for confidence intervals).") var replications = 10
    @Option(help: "Simulations run at once (default: the number of cores).") var jobs: Int?
    @Option(help: "Policy the paired differences are taken against (default: the first).") var baseline: String?
    @Option(help: "Random seed (default: the scenario's).") var seed: UInt64?
    @Option(help: "Output folder (default: results/<scenario>/compare/).") var out: String?
    @Flag(help: "No progress line.") var quiet = false
    @Flag(help: "Also write report.html (see `bulkhead report`) into the output folder.") var report = false
    @Option(
        help: ArgumentHelp(
            "Do not simulate: read the runs from a sweep folder whose one axis is placement.policy (what bulkhead-dask compare runs); same outputs as simulating here.",
            valueName: "dir"))
    var fromSweep: String?
    @Option(
        help: ArgumentHelp(
            "Coarse to fine, with --fidelity flow: compare every policy at flow level (written to <out>/screen/), then re-run the best K by --screen-by at request level, the reference.",
            valueName: "K"))
    var screenTop: Int?
    @Option(
        help: ArgumentHelp("The compare metric that ranks policies in a screening (its better direction).", valueName: "metric"))
    var screenBy = "sloBadMinutes"

    func run() throws {
        try reportingInputErrors {
            if !variants.isEmpty {
                try runVariants()
                return
            }
            guard let policies else {
                throw InputError(message: "give --policies p1,p2 (placement policies) or --variant 'name: k=v' (repeatable)")
            }
            let names = policies.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
            let jobs = self.jobs ?? ProcessInfo.processInfo.activeProcessorCount
            // Check policies and counts before loading or running anything.
            do {
                _ = try Comparison.validate(policies: names, baseline: baseline, replications: replications, jobs: jobs)
            } catch {
                throw InputError(message: "\(error)")
            }
            if replications < 2 {
                FileHandle.standardError.write(
                    Data(
                        "warning: with one replication there are no confidence intervals and no winners\n".utf8))
            }
            let scenario = try options.loadGuarded(runs: names.count * replications)
            if let screenTop {
                try screen(scenario, policies: names, top: screenTop, jobs: jobs)
                return
            }
            let bar = ProgressBar(enabled: !quiet, label: "\(scenario.name) compare")
            let start = DispatchTime.now().uptimeNanoseconds
            let result: PolicyComparison
            do {
                if let fromSweep {
                    result = try Comparison.collect(
                        fromSweep: fromSweep, scenario: scenario, policies: names, replications: replications,
                        baseline: baseline, seed: seed)
                } else {
                    result = try Comparison.run(
                        scenario: scenario, policies: names, replications: replications,
                        jobs: jobs, baseline: baseline, seed: seed
                    ) { done, total in
                        bar.update(Double(done) / Double(total))
                    }
                }
            } catch {
                throw InputError(message: "\(error)")
            }
            bar.finish()
            let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let dir = out ?? "results/\(scenario.name)/compare"
            do {
                try CompareWriter.write(result, to: dir)
            } catch {
                FileHandle.standardError.write(Data("error: cannot write results to \(dir): \(error)\n".utf8))
                throw ExitCode(1)
            }
            print(CompareTable.render(result))
            if let fromSweep {
                print("\(names.count * replications) runs read from \(fromSweep)/")
            } else {
                print(String(format: "%d runs on %d jobs in %.2f s wall", names.count * replications, jobs, wall))
            }
            print("results written to \(dir)/")
            if report { print("report written to \(try ReportCommand.write(directory: dir))") }
        }
    }

    /// `--screen-top K`: every policy compared at flow level (written to `<out>/screen/`), ranked
    /// by `--screen-by`; the best K compared again at request level (written to `<out>/`).
    func screen(_ flowScenario: Scenario, policies names: [String], top: Int, jobs: Int) throws {
        guard variants.isEmpty, fromSweep == nil else {
            throw InputError(message: "--screen-top screens placement policies: leave out --variant and --from-sweep")
        }
        guard flowScenario.fidelity == .flow else {
            throw InputError(message: "--screen-top screens at flow level: add --fidelity flow (or `fidelity: flow` in the scenario)")
        }
        guard top >= 1, top < names.count else {
            throw InputError(message: "--screen-top \(top): keep between 1 and \(names.count - 1) of the \(names.count) policies")
        }
        let dir = out ?? "results/\(flowScenario.name)/compare"
        let coarse = try compare(flowScenario, policies: names, baseline: baseline, jobs: jobs, label: "flow screening")
        try write(coarse, to: dir + "/screen")
        guard let ranked = Comparison.screen(coarse, by: screenBy, top: top) else {
            let known = coarse.metrics.map(\.name).joined(separator: ", ")
            throw InputError(message: "--screen-by \(screenBy): not a metric of this comparison (one of: \(known))")
        }
        let selected = ranked.filter(\.selected).map(\.policy)
        print("screened \(names.count) policies at flow level by \(screenBy) (\(coarse.replications) replications each):")
        for (i, p) in ranked.enumerated() {
            let mean = p.mean.map { String(format: "%.4g", $0) } ?? "-"
            print("  \(i + 1). \(p.policy)  \(mean)\(p.selected ? "  → request level" : "")")
        }
        print("flow comparison written to \(dir)/screen/\n")
        var fine = options
        fine.fidelity = "request"
        let scenario = try fine.loadGuarded(runs: selected.count * replications)
        // The baseline stays if it survived the screening; otherwise the best screened policy.
        let canonical = baseline.flatMap { try? Comparison.validate(policies: [$0], baseline: nil, replications: 1, jobs: 1) }
        let base = canonical.flatMap { c in selected.contains(c.baseline) ? c.baseline : nil }
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try compare(scenario, policies: selected, baseline: base, jobs: jobs, label: "request level")
        let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        try write(result, to: dir)
        print(CompareTable.render(result))
        print(String(format: "%d request-level runs on %d jobs in %.2f s wall", selected.count * replications, jobs, wall))
        print("results written to \(dir)/")
        if report { print("report written to \(try ReportCommand.write(directory: dir))") }
    }

    /// One comparison of `names` on `scenario`, with a progress bar.
    func compare(_ scenario: Scenario, policies names: [String], baseline: String?, jobs: Int, label: String) throws
        -> PolicyComparison
    {
        let bar = ProgressBar(enabled: !quiet, label: "\(scenario.name) \(label)")
        defer { bar.finish() }
        do {
            return try Comparison.run(
                scenario: scenario, policies: names, replications: replications, jobs: jobs, baseline: baseline, seed: seed
            ) { done, total in bar.update(Double(done) / Double(total)) }
        } catch {
            throw InputError(message: "\(error)")
        }
    }

    /// Writes a comparison's files to `dir`, exiting with 1 when it cannot.
    func write(_ result: PolicyComparison, to dir: String) throws {
        do { try CompareWriter.write(result, to: dir) } catch {
            FileHandle.standardError.write(Data("error: cannot write results to \(dir): \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    /// `--variant`: each variant loaded with the scenario's and its own overrides, compared with
    /// common random numbers; the same outputs as a policy comparison, variants in the policy column.
    func runVariants() throws {
        guard policies == nil, fromSweep == nil else {
            throw InputError(message: "--variant compares variants of the scenario; leave out --policies and --from-sweep")
        }
        var list: [Comparison.Variant] = []
        for text in variants {
            guard let (name, overrides) = Comparison.parseVariant(text) else {
                throw InputError(
                    message:
                        "--variant \(text.debugDescription) is not `name: key=value; key=value` (e.g. 'tight: isolation.cpu=quota')"
                )
            }
            var options = self.options
            options.overrides += overrides
            let scenario: Scenario
            do { scenario = try options.loadGuarded(runs: replications) } catch let e as InputError {
                throw InputError(message: "variant \(name): \(e.message)")
            }
            list.append(Comparison.Variant(name: name, scenario: scenario))
        }
        let jobs = self.jobs ?? ProcessInfo.processInfo.activeProcessorCount
        let bar = ProgressBar(enabled: !quiet, label: "\(list[0].scenario.name) compare")
        let start = DispatchTime.now().uptimeNanoseconds
        let result: PolicyComparison
        do {
            result = try Comparison.run(
                variants: list, replications: replications, jobs: jobs, baseline: baseline, seed: seed
            ) { done, total in bar.update(Double(done) / Double(total)) }
        } catch {
            throw InputError(message: "\(error)")
        }
        bar.finish()
        let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let dir = out ?? "results/\(list[0].scenario.name)/compare"
        do { try CompareWriter.write(result, to: dir) } catch {
            FileHandle.standardError.write(Data("error: cannot write results to \(dir): \(error)\n".utf8))
            throw ExitCode(1)
        }
        print(CompareTable.render(result))
        print(String(format: "%d runs on %d jobs in %.2f s wall", list.count * replications, jobs, wall))
        print("results written to \(dir)/")
        if report { print("report written to \(try ReportCommand.write(directory: dir))") }
    }
}
