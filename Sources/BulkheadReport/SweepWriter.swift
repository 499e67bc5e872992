import BulkheadMetrics
import BulkheadResults
import Foundation

/// Writes a sweep folder:
///
/// | file | content |
/// |---|---|
/// | `sweep.json` | ``SweepManifest``: every cell and its axis values |
/// | `<cell-id>/cell.json` | ``SweepCell``: the cell's axis values and replication |
/// | `<cell-id>/…` | the run's files (``ResultWriter``; `incidents.csv` with faults) |
/// | `<cell-id>/complete.json` | ``SweepCellMarker``, written last |
/// | `sweep.csv` | the merged table (``csv(_:)``), written by `bulkhead merge` |
public enum SweepWriter {
    /// Writes `sweep.json` into `root` (atomically).
    public static func writeManifest(_ m: SweepManifest, to root: String) throws {
        try AtomicFile.write(try json(m), to: root + "/sweep.json")
    }

    /// Writes one cell: `cell.json` and the run's files staged and renamed together
    /// (``AtomicFile/writeAll(_:to:)``), then the completion marker. A crash before the marker
    /// leaves a folder that counts as incomplete and is redone by the next run of the sweep.
    public static func writeCell(_ cell: SweepCell, result: RunResult, runInfo: RunInfo, to directory: String) throws {
        var files = [("cell.json", try json(cell))] + (try ResultWriter.files(result, runInfo: runInfo))
        if !result.incidentImpacts.isEmpty {
            files.append((IncidentReport.fileName, Data(IncidentReport.csv(result.incidentImpacts).utf8)))
        }
        try AtomicFile.writeAll(files, to: directory)
        let marker = SweepCellMarker(cell: cell.id, files: files.map(\.0))
        try AtomicFile.write(try json(marker), to: directory + "/" + SweepCellMarker.fileName)
    }

    /// `sweep.csv`: `cell,<axis paths…>,replication,metric,value`, cells in index order, metrics in
    /// the order of the summary's numeric leaves.
    /// - Complexity: O(rows).
    public static func csv(_ t: SweepTable) -> String {
        var csv = CSV(header: ["cell"] + t.axes + ["replication", "metric", "value"])
        for r in t.rows {
            csv.row([.text(r.cell)] + r.values.map(CSV.Cell.text) + [.int(r.replication), .text(r.metric), .double(r.value)])
        }
        return csv.text
    }

    /// Writes `sweep.csv` to `path` (atomically).
    public static func writeCSV(_ t: SweepTable, to path: String) throws {
        try AtomicFile.write(Data(csv(t).utf8), to: path)
    }

    static func json(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var data = try encoder.encode(value)
        data.append(0x0A)
        return data
    }
}
