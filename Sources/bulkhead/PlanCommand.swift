import ArgumentParser
import BulkheadExperiments
import BulkheadReport
import BulkheadResults
import BulkheadScenario
import Foundation

/// `bulkhead plan`: the smallest fleet meeting every requirement, per policy.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Find, per policy, the smallest fleet that meets every requirement in every replication.",
        discussion: """
            The --vary counts are scaled together (a total split evenly over them) and the total is \
            searched: the scenario's own total, doubled while it fails, then bisection. This assumes \
            that a larger fleet never does worse (see docs/experiments.md). Writes plan.csv and plan.json.
            """)

    @OptionGroup var options: ScenarioOptions
    @Option(help: ArgumentHelp("Comma-separated whole-number fields scaled together.", valueName: "path,path,..."))
    var vary: String
    @Option(help: ArgumentHelp("Comma-separated placement policies.", valueName: "p1,p2,...")) var policies: String
    @Option(
        name: .customLong("require"),
        help: ArgumentHelp(
            "A requirement over summary.json metrics (repeatable), e.g. 'services.*.sloBadMinutes == 0'.", valueName: "expr"))
    var requirements: [String] = []
    @Option(help: "Replications per fleet size (replication r = same streams at every size).") var replications = 1
    @Option(help: "Simulations run at once (default: the number of cores).") var jobs: Int?
    @Option(help: "Largest total of the varied counts to try (default: 8 × the scenario's, at least 64).")
    var maxTotal: Int?
    @Option(
        help: ArgumentHelp(
            "With --fidelity flow: confirm each answer and its predecessor at this fidelity (request), walking out from the flow answer when they disagree.",
            valueName: "request"))
    var confirm: String?
    @Option(
        help: ArgumentHelp(
            "The wall time the confirmation may take by its estimate (printed first); beyond it, it is skipped.",
            valueName: "duration"))
    var confirmWithin = "1h"
    @Option(help: "Output folder (default: results/<scenario>/plan/).") var out: String?

    func run() throws {
        try reportingInputErrors {
            func list(_ s: String) -> [String] {
                s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            }
            if let confirm, confirm != "request" {
                throw InputError(message: "--confirm \(confirm): the only fidelity that confirms is `request` (--confirm request)")
            }
            let within: Double
            do { within = try CommandLineQuantity.seconds(duration: confirmWithin) } catch {
                throw InputError(message: "--confirm-within: \(error)")
            }
            let request = CapacityPlanner.Request(
                scenarioPath: options.scenario, overrides: options.effectiveOverrides, vary: list(vary),
                policies: list(policies), requirements: requirements, replications: replications,
                jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount, limit: maxTotal, confirm: confirm != nil,
                confirmWithin: within)
            let start = DispatchTime.now().uptimeNanoseconds
            let plan: CapacityPlan
            do {
                plan = try CapacityPlanner.run(
                    request,
                    announce: { line in FileHandle.standardError.write(Data((line + "\n").utf8)) })
            } catch {
                throw InputError(message: "\(error)")
            }
            let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let dir = out ?? "results/\(plan.scenario)/plan"
            do { try PlanWriter.write(plan, to: dir) } catch {
                FileHandle.standardError.write(Data("error: cannot write results to \(dir): \(error)\n".utf8))
                throw ExitCode(1)
            }
            print(PlanWriter.render(plan))
            let sims = plan.policies.map(\.simulations).reduce(0, +)
            print(String(format: "%d simulations in %.2f s wall", sims, wall))
            print("results written to \(dir)/")
        }
    }
}
