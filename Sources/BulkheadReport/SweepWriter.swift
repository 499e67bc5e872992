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
/// | `sweep.csv` | the merged table (``SweepTable/Row/csv(axes:)``), written by `bulkhead merge` |
public enum SweepWriter {
    /// Writes `sweep.json` into `root` (atomically).
    public static func writeManifest(_ m: SweepManifest, to root: String) throws {
        try AtomicFile.write(try m.jsonData(), to: root + "/" + SweepManifest.fileName)
    }

    /// Writes one cell: `cell.json` and the run's files staged and renamed together
    /// (``AtomicFile/writeAll(_:to:)``), then the completion marker. A crash before the marker
    /// leaves a folder that counts as incomplete and is redone by the next run of the sweep.
    public static func writeCell(_ cell: SweepCell, result: RunResult, runInfo: RunInfo, to directory: String) throws {
        var files = [(SweepCell.fileName, try cell.jsonData())] + (try ResultWriter.files(result, runInfo: runInfo))
        if !result.incidentImpacts.isEmpty {
            files.append((IncidentImpact.csv.fileName, IncidentImpact.csv.data(result.incidentImpacts)))
        }
        try AtomicFile.writeAll(files, to: directory)
        let marker = SweepCellMarker(cell: cell.id, files: files.map(\.0))
        try AtomicFile.write(try marker.jsonData(), to: directory + "/" + SweepCellMarker.fileName)
    }

    /// Writes `sweep.csv` to `path` (atomically).
    public static func writeCSV(_ t: SweepTable, to path: String) throws {
        try AtomicFile.write(SweepTable.Row.csv(axes: t.axes).data(t.rows), to: path)
    }
}
