import ArgumentParser
import BulkheadImport
import BulkheadResults
import BulkheadRunner
import BulkheadScenario
import Foundation

/// `bulkhead import FORMAT FILES… --out scenario.yaml`: writes a scenario from a public trace,
/// prints what it kept, dropped and assumed, then places it with the scenario's policy and prints
/// the containers per machine.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Write a scenario from a public cluster trace (openb, borg2019, roadef2012).")

    @Argument(
        help:
            "Trace format: openb (node list, pod list), borg2019 (shape histogram, task requests), roadef2012 (model, assignment)."
    )
    var format: String
    @Argument(help: "The trace's files.", completion: .file()) var files: [String]
    @Option(help: "Scenario file to write.") var out: String
    @Option(help: "Keep this many containers (pods, tasks, processes), sampled with --seed.") var sample: Int?
    @Option(help: "Seed of --sample.") var seed: UInt64 = 1
    @Option(help: "borg2019: cores of a 1.0 machine.") var cores: Double = 128
    @Option(help: "borg2019: GiB of memory of a 1.0 machine.") var memoryGiB: Double = 512
    @Option(help: "borg2019: machines in the fleet (default: enough for the tasks to ask half the cores).") var machines: Int?
    @Option(help: "The scenario's name (default: the format).") var name: String?

    func run() throws {
        try reportingInputErrors {
            var o = Importer.Options(sample: sample, seed: seed)
            o.cores = cores
            o.memory = memoryGiB * 1_073_741_824
            o.machines = machines
            o.name = name
            let cluster: ImportedCluster
            do { cluster = try Importer.read(format: format, files: files, o) } catch { throw InputError(message: "\(error)") }
            let text = ScenarioText.yaml(cluster)
            do { try text.write(toFile: out, atomically: true, encoding: .utf8) } catch {
                throw InputError(message: "cannot write \(out): \(error.localizedDescription)")
            }
            print(
                "wrote \(out): \(cluster.machineCount) machines, \(cluster.containerCount) containers of \(cluster.services.count) services"
            )
            for (title, lines) in [("kept", cluster.kept), ("dropped", cluster.dropped), ("assumed", cluster.assumed)] {
                print("\(title):")
                for l in lines { print("  - \(l)") }
            }
            let scenario: Scenario
            do { scenario = try ScenarioLoader.load(path: out) } catch {
                throw InputError(message: "the written scenario does not load (a bug in the importer): \(error)")
            }
            let p: PolicyPlacement
            do {
                p = try PlacementAnalysis.analyse(
                    config: try ScenarioCompiler.compile(scenario), policy: scenario.placement.policy, seed: scenario.seed)
            } catch { throw InputError(message: "\(error)") }
            let c = p.summary
            print(
                "placed with \(p.policy): containers per used machine min \(c.containersPerMachine.min) mean \(String(format: "%.1f", c.containersPerMachine.mean)) max \(c.containersPerMachine.max); machines used \(c.machinesUsed)/\(c.machines); unschedulable \(c.unschedulable)"
            )
            if let x = c.extended, x.gpus > 0 {
                print(String(format: "gpu allocation %.1f %% of %d GPUs", 100 * x.gpuAllocation, x.gpus))
            }
        }
    }
}
