import ArgumentParser
import BulkheadModel
import BulkheadReport
import BulkheadResults
import BulkheadRunner
import BulkheadScenario
import Foundation

/// `bulkhead place`: places a scenario with one or more policies, without simulating traffic, and
/// prints the capacity view and the static blast radius (N-1) of each.
struct PlaceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "place",
        abstract: "Place a scenario's containers and analyse capacity and single-failure blast radius.")

    @OptionGroup var options: ScenarioOptions
    @Option(help: "Placement policy (default: the scenario's).") var policy: String?
    @Option(help: "Comma-separated placement policies to compare.") var policies: String?
    @Flag(help: "Print one JSON object.") var json = false
    @Flag(help: "Exit with status 1 when any container is unschedulable.") var strict = false
    @Option(help: "Output folder (default: results/<scenario>/place/).") var out: String?

    func validate() throws {
        if policy != nil && policies != nil { throw ValidationError("use either --policy or --policies, not both") }
    }

    func run() throws {
        var anyUnschedulable = false
        try reportingInputErrors {
            let scenario = try options.loadGuarded(runs: 0)
            let config: ClusterConfig
            do { config = try ScenarioCompiler.compile(scenario) } catch { throw InputError(message: "\(error)") }
            let names =
                policies.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
                ?? [policy ?? scenario.placement.policy]
            var placements: [PolicyPlacement] = []
            for name in names {
                do { placements.append(try PlacementAnalysis.analyse(config: config, policy: name, seed: scenario.seed)) } catch {
                    throw InputError(message: "\(error)")
                }
            }
            let dir = out ?? "results/\(scenario.name)/place"
            do {
                try PlacementWriter.write(placements, to: dir)
            } catch {
                FileHandle.standardError.write(Data("error: cannot write results to \(dir): \(error)\n".utf8))
                throw ExitCode(1)
            }
            if json {
                do { print(try PlacementWriter.json(scenario: scenario.name, placements)) } catch {
                    throw InputError(message: "cannot encode the placement: \(error)")
                }
            } else {
                for p in placements {
                    print(PlacementWriter.render(p))
                    let unschedulable = p.rows.filter { $0.status == .unschedulable }
                    for u in unschedulable.prefix(10) {
                        print("unschedulable: \(u.service) replica \(u.replica): \(u.reason ?? "")")
                    }
                    if unschedulable.count > 10 { print("… \(unschedulable.count - 10) more unschedulable") }
                }
                print("results written to \(dir)/")
            }
            anyUnschedulable = placements.contains { $0.summary.unschedulable > 0 }
        }
        if strict && anyUnschedulable { throw ExitCode(1) }
    }
}
