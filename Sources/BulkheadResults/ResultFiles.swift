/// Every output file of Bulkhead and the BulkheadResults type it is written and read through —
/// the module's table of contents. A CSV file's columns are the `CSVColumn` cases of its row type
/// (named once, for the writer and the reader); a JSON file is the `Codable` encoding of its
/// document type.
///
/// | file | type | written by | read by |
/// |---|---|---|---|
/// | `summary.json` | ``RunSummary`` | `run`, sweep cells | report, `merge`, `check`, `plan` |
/// | `services.csv` | ``ServiceResult/csv`` | `run`, sweep cells | report |
/// | `machines.csv` | ``MachineResult/csv`` | `run`, sweep cells | report |
/// | `placement.csv` (run) | ``ContainerResult/csv`` | `run`, sweep cells | report |
/// | `timeseries.csv` | ``TimeSeriesRow/csv`` (metric names: ``TimeSeriesRow/Metric``) | `run`, sweep cells | report |
/// | `incidents.csv` | ``IncidentImpact/csv`` | `run` and cells with faults or hogs | report |
/// | `interference.csv` | ``InterferenceCell/csv`` | `run` with hogs | report |
/// | `run-info.json` | ``RunInfo`` | `run`, sweep cells | — (wall-clock facts) |
/// | `placement.csv` (place) | ``PlacementRow/csv`` | `place` | — |
/// | `blast-radius.csv` | ``BlastRadiusRow/csv`` | `place` | — |
/// | `place --json` | ``PlacementDocument`` (``CompactJSONEncoder``) | `place` | — |
/// | `compare.json` | ``ComparisonDocument`` | `compare` | report |
/// | `compare.csv` | ``CompareRow/csv`` | `compare` | report |
/// | `sweep.json` | ``SweepManifest`` | `sweep` | `sweep` (resume), `merge` |
/// | `cell.json`, `complete.json` | ``SweepCell``, ``SweepCellMarker`` | `sweep` | `sweep` (resume), `merge` |
/// | `sweep.csv` | ``SweepTable/Row/csv(axes:)`` | `merge` | — |
/// | `plan.json` | ``CapacityPlan`` | `plan` | — |
/// | `plan.csv` | ``PolicyPlan/csv(vary:)`` (a table view of `plan.json`) | `plan` | — |
public enum ResultFiles {
    /// The files of every run folder, in the order they are written.
    public static let run = [
        RunSummary.fileName, ServiceResult.csv.fileName, MachineResult.csv.fileName, ContainerResult.csv.fileName,
        TimeSeriesRow.csv.fileName, RunInfo.fileName,
    ]
    /// The files a run folder holds only with faults or hogs (`incidents.csv`) or with hogs
    /// (`interference.csv`).
    public static let runOptional = [IncidentImpact.csv.fileName, InterferenceCell.csv.fileName]
}
