import ArgumentParser
import BulkheadKernel
import BulkheadStochastic
import Foundation

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the engine on this machine.",
        subcommands: [KernelBench.self]
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
            print("{\"benchmark\":\"kernel-hold\",\"pending\":\(pending),\"events\":\(events),\"seconds\":\(result.seconds),\"eventsPerSecond\":\(Int(result.rate))}")
        } else {
            print("kernel hold model: \(pending) pending, \(events) events in \(String(format: "%.3f", result.seconds)) s → \(String(format: "%.2f", result.rate / 1e6)) M events/s")
        }
    }
}
