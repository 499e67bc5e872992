import ArgumentParser
import BulkheadReport
import Foundation

/// `bulkhead report DIR [--out FILE]`: the self-contained HTML report of a results folder.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a self-contained HTML report (inline SVG and CSS) of a results folder.",
        discussion: """
            DIR is a folder written by `bulkhead run` (summary.json, timeseries.csv, …) or by \
            `bulkhead compare` (compare.json, compare.csv). The page is a pure function of the \
            folder: the same files give the same bytes. See docs/report.md.
            """)

    @Argument(help: "Results folder.", completion: .directory) var directory: String
    @Option(help: "Output file (default: DIR/report.html).") var out: String?

    func run() throws {
        try reportingInputErrors {
            let path = try Self.write(directory: directory, to: out)
            print("report written to \(path)")
        }
    }

    /// Writes the report of `directory`; a bad input becomes an ``InputError`` (exit 2), a file
    /// that cannot be written exits 1.
    static func write(directory: String, to out: String? = nil) throws -> String {
        do {
            return try HTMLReport.write(directory: directory, to: out)
        } catch let e as ReportError {
            throw InputError(message: "cannot make the report: \(e)")
        } catch {
            FileHandle.standardError.write(Data("error: cannot write the report: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
