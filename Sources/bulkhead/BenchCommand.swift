import ArgumentParser
import BulkheadKernel
import BulkheadRunner
import BulkheadStochastic
import Foundation

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the engine on this machine.",
        subcommands: [KernelBench.self, ModelBench.self, PlacementBench.self]
    )
}

/// The classic hold model: N pending events; pop the earliest, schedule one at now + Exp(1).
struct KernelBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "kernel", abstract: "Hold-model benchmark of the event queue.")

    @Option(help: "Pending events held in the queue.") var pending: Int = 1000
    @Option(help: "Events to process.") var events: Int = 10_000_000
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Flag(help: "Print one JSON object.") var json = false

    func validate() throws {
        guard pending >= 1 else { throw ValidationError("--pending must be at least 1") }
        guard events >= 1 else { throw ValidationError("--events must be at least 1") }
    }

    func run() throws {
        let result = HoldModel.run(pending: pending, events: events, seed: seed)
        if json {
            print(
                "{\"benchmark\":\"kernel-hold\",\"pending\":\(pending),\"events\":\(events),\"seconds\":\(result.seconds),\"eventsPerSecond\":\(Int(result.rate))}"
            )
        } else {
            print(
                "kernel hold model: \(pending) pending, \(events) events in \(String(format: "%.3f", result.seconds)) s → \(String(format: "%.2f", result.rate / 1e6)) M events/s"
            )
        }
    }
}

/// Simulated requests and events per wall-second for a scenario (one run, single-threaded).
struct ModelBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Model throughput on a scenario: one simulation (faults and hogs included, no counterfactual twin).")

    @OptionGroup var options: ScenarioOptions
    @Flag(help: "Print one JSON object.") var json = false

    func run() throws {
        try reportingInputErrors {
            let scenario = try options.load()
            let out: Runner.Output
            do { out = try Runner.run(scenario, options: .init(measureIncidents: false)) } catch {
                throw InputError(message: "\(error)")
            }
            let requests = out.result.requests.total + out.result.internalRequests.total
            let rss = PeakMemory.residentMegabytes()
            if json {
                print(
                    "{\"benchmark\":\"model\",\"scenario\":\"\(scenario.name)\",\"simulatedSeconds\":\(out.result.durationSeconds),\"requests\":\(requests),\"events\":\(out.events),\"seconds\":\(out.wallSeconds),\"requestsPerSecond\":\(Int(out.requestsPerSecond)),\"eventsPerSecond\":\(Int(Double(out.events) / out.wallSeconds)),\"peakRSSMegabytes\":\(rss)}"
                )
            } else {
                // Counts by interpolation: `%d` is 32 bits and a fleet day's requests are not.
                print(
                    "\(scenario.name): \(requests) requests, \(out.events) events in "
                        + String(
                            format: "%.2f s → %.2f M requests/s, %.2f M events/s, peak RSS %ld MB",
                            out.wallSeconds, out.requestsPerSecond / 1e6, Double(out.events) / out.wallSeconds / 1e6, rss))
                if scenario.fidelity == .flow {
                    // The flow engine's work (docs/model.md: disturbed parts, replayed steps).
                    print(
                        "flow: \(out.flowContainerPasses) container computations, \(out.flowPartPasses) passes over a disturbed part, \(out.flowReplayedSteps) steps replayed"
                    )
                }
            }
        }
    }
}

/// Peak resident set size of this process (VmHWM from /proc/self/status), in MB.
enum PeakMemory {
    static func residentMegabytes() -> Int {
        guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
        for line in s.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kb = Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
            return kb / 1024
        }
        return -1
    }
}
