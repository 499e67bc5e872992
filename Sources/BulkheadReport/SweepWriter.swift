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

    /// Writes one cell as one atomic folder update (``AtomicFolder``): `cell.json`, the run's
    /// files and the completion marker appear together or not at all, so a kill never leaves a
    /// cell that looks complete but is not; an incomplete cell is redone by the next run.
    public static func writeCell(_ cell: SweepCell, result: RunResult, runInfo: RunInfo, to directory: String) throws {
        var files = [OutputFile(SweepCell.fileName, data: try cell.jsonData())] + (try ResultWriter.files(result, runInfo: runInfo))
        if !result.incidentImpacts.isEmpty {
            files.append(OutputFile(IncidentImpact.csv.fileName, data: IncidentImpact.csv.data(result.incidentImpacts)))
        }
        let marker = SweepCellMarker(cell: cell.id, files: files.map(\.name))
        files.append(OutputFile(SweepCellMarker.fileName, data: try marker.jsonData()))
        try AtomicFolder.replace(
            directory, with: files, owned: ResultWriter.ownedFileNames.union([SweepCell.fileName, SweepCellMarker.fileName]))
    }

    /// Writes `sweep.csv` to `path` (atomically).
    public static func writeCSV(_ t: SweepTable, to path: String) throws {
        try AtomicFile.write(SweepTable.Row.csv(axes: t.axes).data(t.rows), to: path)
    }
}
