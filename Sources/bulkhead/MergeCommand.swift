import ArgumentParser
import BulkheadExperiments
import BulkheadReport
import BulkheadResults
import Foundation

/// `bulkhead merge`: one tidy CSV from a sweep folder.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Collect a sweep folder's cells into one tidy sweep.csv and report missing cells.",
        discussion: """
            One row per cell × metric (every number of the cell's summary.json): cell, the axis \
            values, replication, metric, value. Exit 1 if cells are missing or incomplete, unless \
            --allow-missing.
            """)

    @Argument(help: "Sweep folder (the one holding sweep.json).", completion: .directory) var dir: String
    @Option(help: "Output file (default: DIR/sweep.csv).") var out: String?
    @Flag(help: "Write the CSV and exit 0 even if cells are missing or incomplete.") var allowMissing = false

    func run() throws {
        var incomplete = false
        try reportingInputErrors {
            let table: SweepTable
            do { table = try SweepMerge.collect(dir) } catch { throw InputError(message: "\(error)") }
            let path = out ?? dir + "/sweep.csv"
            do { try SweepWriter.writeCSV(table, to: path) } catch {
                FileHandle.standardError.write(Data("error: cannot write \(path): \(error)\n".utf8))
                throw ExitCode(1)
            }
            let cells = Set(table.rows.map(\.cell)).count
            print("\(cells) complete cells, \(table.rows.count) rows written to \(path)")
            func list(_ ids: [String]) -> String { ids.prefix(20).joined(separator: ", ") + (ids.count > 20 ? ", …" : "") }
            if !table.missing.isEmpty { print("missing (\(table.missing.count)): \(list(table.missing))") }
            if !table.incomplete.isEmpty {
                print("incomplete, no complete.json (\(table.incomplete.count)): \(list(table.incomplete))")
            }
            if !table.missing.isEmpty || !table.incomplete.isEmpty {
                print("hint: run the sweep again (every shard) to finish them; complete cells are skipped")
                incomplete = !allowMissing
            }
        }
        if incomplete { throw ExitCode(1) }
    }
}
