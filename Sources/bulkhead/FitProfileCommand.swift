import ArgumentParser
import BulkheadScenario
import Foundation

/// `bulkhead fit-profile TRACE`: a `daily`/`weekly` traffic profile fitted to a request-rate
/// trace, printed as YAML to paste into a scenario. The fit lives in `ProfileFit`.
struct FitProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit-profile",
        abstract: "Fit a daily (per hour) and weekly (per weekday) traffic profile to a trace; print it as scenario YAML.",
        discussion: """
            TRACE is read as `traffic.trace` reads it (CSV or blank-separated; `#` comments; an optional \
            header line). The profile is the mean rate per hour of the day and per weekday, each divided by \
            the overall mean; `rate` is the overall mean. Zero runs of at least --gap are left out (outages).
            """)

    @Argument(help: "The trace file.") var trace: String
    @Option(help: "Seconds per row, as a duration (e.g. 1m); needed without --time.") var interval: String?
    @Option(help: "The time column (seconds), by header name or 1-based position.") var time: String?
    @Option(help: "The value column, by header name or 1-based position (default: the last).") var column: String?
    @Option(help: "What the value column holds: counts (per interval) or rates (per second).") var values: String = "counts"
    @Option(help: "Leave out this much of the trace's start (a duration, e.g. 2d), to begin at a midnight.")
    var skip: String = "0s"
    @Option(help: "The weekday of the first row kept (the weekly list is printed Monday first).") var firstDay: String = "monday"
    @Option(help: "Zero runs at least this long are gaps left out of the means (0s keeps them).") var gap: String = "1h"

    func run() throws {
        try reportingInputErrors {
            func seconds(_ text: String, _ option: String) throws -> Double {
                guard let s = TraceFile.seconds(text) else {
                    throw InputError(
                        message: "--\(option): \(text.debugDescription) is not a duration (examples: 60s, 5m, 1h, 2d)")
                }
                return s
            }
            guard let kind = TraceFile.Values(rawValue: values) else {
                throw InputError(message: "--values: \(values.debugDescription) is not counts or rates")
            }
            guard let weekday = ProfileFit.Weekday(rawValue: firstDay.lowercased()) else {
                throw InputError(message: "--first-day: \(firstDay.debugDescription) is not a weekday (monday … sunday)")
            }
            let step = try interval.map { try seconds($0, "interval") }
            if let step, step <= 0 { throw InputError(message: "--interval must be positive") }
            if step == nil && time == nil {
                throw InputError(
                    message: "give --interval (rows at a fixed interval, e.g. 1m) or --time (the column of times in seconds)")
            }
            let text: String
            do { text = try String(contentsOfFile: trace, encoding: .utf8) } catch {
                throw InputError(message: "\(trace): cannot read the trace file")
            }
            let options = TraceFile.Options(
                interval: step, time: time.map(TraceFile.Column.init(text:)), column: column.map(TraceFile.Column.init(text:)),
                values: kind)
            let file: TraceFile
            do throws(TraceFile.Problem) { file = try TraceFile.parse(text, options: options) } catch {
                throw InputError(message: "\(trace):" + (error.line == nil ? " " : "") + "\(error)")
            }
            do {
                let fit = try ProfileFit.fit(
                    file, skip: try seconds(skip, "skip"), firstDay: weekday, gap: try seconds(gap, "gap"))
                print(fit.yaml(source: (trace as NSString).lastPathComponent), terminator: "")
            } catch let e as ProfileFit.Problem {
                throw InputError(message: "\(trace): \(e.message)")
            }
        }
    }
}
