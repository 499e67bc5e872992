import ArgumentParser
import BulkheadRunner
import BulkheadScenario
import Foundation

/// Options shared by every command that reads a scenario.
struct ScenarioOptions: ParsableArguments {
    @Argument(help: "Scenario file (YAML).", completion: .file(extensions: ["yaml", "yml"]))
    var scenario: String

    @Option(
        name: .customLong("set"),
        help: ArgumentHelp(
            "Override a scalar field, e.g. --set loadBalancers[0].traffic.rate=800/s (repeatable).", valueName: "path=value"))
    var overrides: [String] = []

    @Flag(help: "Run even when the work estimate exceeds the guards (see docs/scenarios.md, Limits and guards).")
    var force = false

    @Option(
        help: ArgumentHelp(
            "Simulate every request (request, the reference) or traffic as rates (flow: faster, approximate); overrides the scenario's `fidelity`.",
            valueName: "request|flow"))
    var fidelity: String?

    /// The `--set` overrides with `--fidelity` as the override `fidelity=…` (checked and refused
    /// like the file's key), for commands that load the scenario again themselves.
    var effectiveOverrides: [String] { overrides + (fidelity.map { ["fidelity=\($0)"] } ?? []) }

    /// Loads and validates the scenario; on failure prints every diagnostic and exits with 2.
    func load() throws -> Scenario {
        do {
            let s = try ScenarioLoader.load(path: scenario, overrides: effectiveOverrides)
            for w in s.warnings { FileHandle.standardError.write(Data("warning: \(w)\n".utf8)) }
            return s
        } catch {
            throw InputError(message: "\(error)")
        }
    }
}

extension ScenarioOptions {
    /// Loads the scenario, prints the work estimate of `runs` runs on stderr in one line and, unless
    /// `--force`, refuses (exit 2) when it exceeds `WorkEstimate.Limits`. Cheap: counts come from
    /// the specs, so a refused size is never allocated.
    func loadGuarded(runs: Int = 1) throws -> Scenario {
        let s = try load()
        var e = WorkEstimate.of(s)
        e.requests *= Double(runs)
        e.seconds *= Double(runs)
        try guardWork(e, what: "this scenario", note: runs > 1 ? " (\(runs) runs)" : "", force: force)
        return s
    }
}

/// Prints the work estimate `e` on stderr in one line and, unless `force`, refuses (exit 2) when
/// it exceeds `WorkEstimate.Limits` (run, compare, check, place and sweep share it).
/// - Parameters:
///   - what: the subject of the refusal ("this scenario", "this sweep").
///   - note: appended to the estimate line (" (12 runs)").
func guardWork(_ e: WorkEstimate, what: String, note: String, force: Bool) throws {
    let why = e.refusal(.init())
    FileHandle.standardError.write(Data("estimate: \(e.line)\(note)\n".utf8))
    if let why, !force {
        throw InputError(message: "refusing to start: \(what) is \(why) — pass --force to run it anyway")
    }
}

/// Invalid user input: printed as is (no stack trace), exit status 2.
struct InputError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

extension ParsableCommand {
    /// Runs `body`, turning input errors into a clean message and exit status 2.
    func reportingInputErrors(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let e as InputError {
            FileHandle.standardError.write(Data("error: \(e.message)\n".utf8))
            throw ExitCode(2)
        }
    }
}
