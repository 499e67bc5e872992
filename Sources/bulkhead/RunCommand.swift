import ArgumentParser
import BulkheadReport
import BulkheadResults
import BulkheadRunner
import BulkheadScenario
import Foundation

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Simulate a scenario, print a summary and write results.")

    @OptionGroup var options: ScenarioOptions
    @Option(help: "Random seed (default: the scenario's).") var seed: UInt64?
    @Option(help: "Placement policy (default: the scenario's).") var policy: String?
    @Option(help: "Output folder (default: results/<scenario>/seed-<N>/).") var out: String?
    @Flag(help: "No progress bar.") var quiet = false
    @Flag(help: "Also write report.html (see `bulkhead report`) into the output folder.") var report = false

    func run() throws {
        try reportingInputErrors {
            let scenario = try options.loadGuarded()
            let seed = self.seed ?? scenario.seed
            // The fault-free twin runs beside the run (the outputs are the same) when two runs'
            // memory is at most half the machine's: a second core, not a risk of swapping.
            let concurrentTwin = 2 * WorkEstimate.counts(of: scenario).bytes <= WorkEstimate.Limits().bytes / 2
            let bar = ProgressBar(enabled: !quiet, label: scenario.name)
            let output: Runner.Output
            do {
                output = try Runner.run(
                    scenario, options: .init(seed: seed, policy: policy, concurrentTwin: concurrentTwin), progress: bar.update)
            } catch {
                throw InputError(message: "\(error)")
            }
            bar.finish()
            let dir = out ?? "results/\(scenario.name)/seed-\(seed)"
            let info = RunInfo(
                toolVersion: Bulkhead.version, gitCommit: GitInfo.commit(), wallSeconds: output.wallSeconds,
                result: output.result)
            do {
                // One atomic folder update: the run's files, plus incidents.csv / interference.csv
                // when the scenario has faults / hogs; any of ours not written now (an old
                // incidents.csv, report.html) is dropped, the user's other files are kept.
                let files =
                    try ResultWriter.files(output.result, runInfo: info)
                    + ResultWriter.optionalFiles(output.result, hogs: !output.config.hogs.isEmpty)
                try AtomicFolder.replace(dir, with: files, owned: ResultWriter.ownedFileNames)
            } catch {
                FileHandle.standardError.write(Data("error: cannot write results to \(dir): \(error)\n".utf8))
                throw ExitCode(1)
            }
            print(SummaryTable.render(output.result))
            if !output.incidents.isEmpty { print(IncidentReport.render(output.incidents) + "\n") }
            if !output.config.hogs.isEmpty { print(HoggingReport.render(output.result) + "\n") }
            for u in output.placement.unschedulable {
                print("unschedulable: \(output.config.services[u.service].name) replica \(u.replica): \(u.reason)")
            }
            let twin = output.simulations > 1 ? " in the run and its fault- and hog-free twin" : ""
            print(
                "simulated \(output.simulations * (output.result.requests.total + output.result.internalRequests.total)) requests (\(output.events) events)\(twin) in "
                    + String(format: "%.2f s wall: %.2f M requests/s", output.wallSeconds, output.requestsPerSecond / 1e6))
            print("results written to \(dir)/")
            if report { print("report written to \(try ReportCommand.write(directory: dir))") }
        }
    }
}

/// The git commit of the working directory, if it is a git checkout (for run-info.json only).
enum GitInfo {
    static func commit() -> String? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git", "rev-parse", "--short", "HEAD"]
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return nil }
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { return nil }
        let s = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return s.isEmpty ? nil : s
    }
}
