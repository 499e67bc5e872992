import ArgumentParser
import BulkheadScenario
import BulkheadTestbed
import Foundation

struct TestbedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "testbed",
        abstract: "Run a single-machine scenario on this machine's real kernel (cgroups) and beside the model.",
        discussion: """
            Each service becomes a cgroup (cpu.shares from its CPU request; cpu.cfs_quota_us, \
            cpu.cfs_period_us and cpu.cfs_burst_us from its limit under quota; a cpuset under \
            pinned; one shared group under none) and a worker process whose requests are threads \
            burning the very CPU work the model draws, at the very arrival times (same seed). \
            Needs root and cgroup v1's cpu controller at /sys/fs/cgroup/cpu. Prints per service \
            the kernel's and the model's mean and p99 latency and throttled-period ratio, \
            medians over --runs runs, and writes testbed.json (docs/validation.md).
            """)

    @OptionGroup var options: ScenarioOptions
    @Option(help: "Seed of the first run (default: the scenario's); run k uses seed + k.") var seed: UInt64?
    @Option(help: "Runs (each once on the kernel, once in the model).") var runs = 3
    @Option(help: "The worker executable (default: bulkhead-testbed-worker next to this one).") var worker: String?
    @Option(help: "Output folder (default: results/testbed/<scenario>/).") var out: String?

    func run() throws {
        try reportingInputErrors {
            guard runs >= 1 else { throw InputError(message: "--runs must be at least 1") }
            let scenario = try options.load()
            let workerPath =
                worker
                ?? URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
                .appendingPathComponent("bulkhead-testbed-worker").path
            guard FileManager.default.isExecutableFile(atPath: workerPath) else {
                throw InputError(
                    message:
                        "no testbed worker at \(workerPath); build it with `swift build -c release --product bulkhead-testbed-worker` or pass --worker"
                )
            }
            let comparison: TestbedComparison
            do {
                comparison = try TestbedComparison.run(
                    scenario, seed: seed ?? scenario.seed, runs: runs, worker: workerPath,
                    hostCPUs: ProcessInfo.processInfo.activeProcessorCount
                ) { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
            } catch let e as TestbedPlan.Unsupported {
                throw InputError(message: e.description)
            } catch let e as TestbedRun.Failure {
                FileHandle.standardError.write(Data("error: \(e.description)\n".utf8))
                throw ExitCode(3)
            } catch {
                throw InputError(message: "\(error)")
            }
            print(comparison.table)
            let dir = out ?? "results/testbed/\(scenario.name)"
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            do {
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                try encoder.encode(comparison).write(to: URL(fileURLWithPath: dir + "/testbed.json"), options: .atomic)
            } catch {
                FileHandle.standardError.write(Data("error: cannot write \(dir)/testbed.json: \(error)\n".utf8))
                throw ExitCode(1)
            }
        }
    }
}
