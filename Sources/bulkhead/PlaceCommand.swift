import ArgumentParser
import BulkheadExperiments
import BulkheadModel
import BulkheadPlacement
import BulkheadReport
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
            let scenario = try options.load()
            let config: ClusterConfig
            do { config = try ScenarioCompiler.compile(scenario) } catch { throw InputError(message: "\(error)") }
            let names = policies.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
                ?? [policy ?? scenario.placement.policy]
            var reports: [PlacementReport] = []
            for name in names {
                do { reports.append(try PlacementReport(config: config, policy: name, seed: scenario.seed)) }
                catch { throw InputError(message: "\(error)") }
            }
            let dir = out ?? "results/\(scenario.name)/place"
            do {
                let placement = ([PlacementReport.placementHeader] + reports.flatMap(\.placementRows)).joined(separator: "\n") + "\n"
                let blast = ([PlacementReport.blastHeader] + reports.flatMap(\.blastRows)).joined(separator: "\n") + "\n"
                try AtomicFile.write(Data(placement.utf8), to: "\(dir)/placement.csv")
                try AtomicFile.write(Data(blast.utf8), to: "\(dir)/blast-radius.csv")
            } catch {
                FileHandle.standardError.write(Data("error: cannot write results to \(dir): \(error)\n".utf8))
                throw ExitCode(1)
            }
            if json {
                let body = reports.map { "\(quoteJSON($0.result.policy)):\($0.json)" }.joined(separator: ",")
                print("{\"scenario\":\(quoteJSON(scenario.name)),\"policies\":{\(body)}}")
            } else {
                for r in reports {
                    print(r.text)
                    for u in r.result.unschedulable.prefix(10) {
                        print("unschedulable: \(config.services[u.service].name) replica \(u.replica): \(u.reason)")
                    }
                    if r.result.unschedulable.count > 10 { print("… \(r.result.unschedulable.count - 10) more unschedulable") }
                }
                print("results written to \(dir)/")
            }
            anyUnschedulable = reports.contains { !$0.result.unschedulable.isEmpty }
        }
        if strict && anyUnschedulable { throw ExitCode(1) }
    }
}

private func quoteJSON(_ s: String) -> String {
    "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
}
