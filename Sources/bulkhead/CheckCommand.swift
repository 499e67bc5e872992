import ArgumentParser
import BulkheadExperiments
import BulkheadReport
import BulkheadResults
import BulkheadScenario
import Foundation

/// `bulkhead check`: verifies a scenario's `guarantees:` in every replication, optionally against
/// a stored baseline; exit 0 all hold, 1 a guarantee or regression failed, 2 invalid input.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Verify a scenario's guarantees in every replication (exit 0 hold, 1 failed, 2 invalid input).")

    @OptionGroup var options: ScenarioOptions
    @Option(help: "Replications to run (replication r = same seed, r-th set of streams).") var replications = 1
    @Option(help: "Simulations run at once (default: the number of active cores).")
    var jobs = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Write JUnit XML (one test case per guarantee × replication) to this file.") var junit: String?
    @Option(help: "A stored summary.json to compare replication 0 with.") var baseline: String?
    @Option(help: "Allowed move in the bad direction against the baseline, e.g. 5%.") var tolerance = "5%"
    @Option(help: "Store replication 0's summary.json here (atomically) as a new baseline.")
    var writeBaseline: String?

    func run() throws {
        var passed = false
        try reportingInputErrors {
            guard replications >= 1 else { throw InputError(message: "--replications must be at least 1") }
            guard jobs >= 1 else { throw InputError(message: "--jobs must be at least 1") }
            let tol = try Self.parseTolerance(tolerance)
            let scenario = try options.loadGuarded(runs: replications)
            guard !scenario.guarantees.isEmpty else {
                throw InputError(
                    message: "\(options.scenario): the scenario has no `guarantees:` — nothing to check\n"
                        + "hint: add a list of expressions over summary.json metrics, e.g.\n"
                        + "  guarantees:\n    - services.checkout.latency.p99 <= 300ms\n    - requests.failed == 0\n"
                        + "(see docs/scenarios.md, `guarantees`)")
            }
            let base = try baseline.map(Self.loadBaseline)
            let report: CheckReport
            do {
                report = try GuaranteeCheck.run(
                    scenario, replications: replications, jobs: jobs, baseline: base,
                    tolerance: tol)
            } catch {
                throw InputError(message: "\(error)")
            }
            if let base, let baseline {
                let mismatches = BaselineComparison.mismatches(current: report.replications[0].tree, baseline: base)
                guard mismatches.isEmpty else {
                    throw InputError(
                        message: "baseline \(baseline) was recorded under other settings: "
                            + mismatches.joined(separator: "; ")
                            + "\nhint: use the same --set overrides as when it was written, or rewrite it with --write-baseline")
                }
            }
            print(CheckTable.render(report, tolerance: baseline == nil ? nil : tol))
            if let junit {
                do {
                    try JUnitWriter.write(CheckTable.junitSuites(report), name: "bulkhead check \(scenario.name)", to: junit)
                    print("JUnit written to \(junit)")
                } catch {
                    throw InputError(message: "cannot write \(junit): \(error)")
                }
            }
            if let writeBaseline {
                do {
                    try AtomicFile.write(try report.replications[0].summary.jsonData(), to: writeBaseline)
                    print("baseline (replication 0) written to \(writeBaseline)")
                } catch {
                    throw InputError(message: "cannot write \(writeBaseline): \(error)")
                }
            }
            passed = report.passed
        }
        if !passed { throw ExitCode(1) }
    }

    /// `5%` → 0.05, `0.05` → 0.05.
    static func parseTolerance(_ text: String) throws -> Double {
        let t = text.trimmingCharacters(in: .whitespaces)
        let value: Double? = t.hasSuffix("%") ? Double(t.dropLast()).map { $0 / 100 } : Double(t)
        guard let value, value.isFinite, value >= 0 else {
            throw InputError(message: "--tolerance \(text.debugDescription) is not a tolerance (examples: 5%, 0.05)")
        }
        return value
    }

    /// The baseline's metric tree. Read as a tree, not decoded as a ``RunSummary``: a baseline is
    /// kept for releases and may come from a version whose summary lacked later sections; it is
    /// compared path by path, and a metric it lacks is reported as new rather than as an error.
    static func loadBaseline(_ path: String) throws -> MetricTree {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(message: "cannot read baseline \(path)\nhint: create one with --write-baseline \(path)")
        }
        do { return try MetricTree(json: data) } catch {
            throw InputError(
                message: "baseline \(path) is not valid JSON (expected a summary.json): \(error.localizedDescription)")
        }
    }
}
