import BulkheadResults
import Foundation

/// Writes a run's output directory, each file encoded from its BulkheadResults type:
///
/// | file | content |
/// |---|---|
/// | `summary.json` | ``RunSummary`` (sorted keys, pretty-printed) |
/// | `services.csv` | ``ServiceResult/csv``: one row per service, configuration order |
/// | `machines.csv` | ``MachineResult/csv``: one row per machine, configuration order |
/// | `placement.csv` | ``ContainerResult/csv``: `container,service,tenant,replica,machine,rack`, container order |
/// | `timeseries.csv` | ``TimeSeriesRow/csv``: tidy long format `minute,kind,name,metric,value` |
/// | `run-info.json` | ``RunInfo``: the only file with wall-clock facts |
/// | `incidents.csv` | ``IncidentImpact/csv``, with ``optionalFiles(_:)``: runs with faults or hogs |
/// | `interference.csv` | ``InterferenceCell/csv``, with ``optionalFiles(_:)``: runs with hogs |
///
/// All files are encoded in memory first, then each is written to a temporary file in the
/// directory, and only when all were written are they renamed into place. If anything fails, the
/// temporary files are removed and existing files are untouched (a failure during the final
/// renames — which do not allocate space — can leave some files updated, each one whole).
public enum ResultWriter {
    public static let fileNames = ResultFiles.run

    /// Writes all output files of `r` into `directory` (created if missing).
    public static func write(_ r: RunResult, to directory: String, runInfo: RunInfo) throws {
        try AtomicFile.writeAll(try files(r, runInfo: runInfo), to: directory)
    }

    /// The output files of `r` (``fileNames``, in that order) as bytes, ready for ``AtomicFile/writeAll(_:to:)``.
    public static func files(_ r: RunResult, runInfo: RunInfo) throws -> [(String, Data)] {
        [
            (RunSummary.fileName, try RunSummary(r).jsonData()),
            (ServiceResult.csv.fileName, ServiceResult.csv.data(r.services)),
            (MachineResult.csv.fileName, MachineResult.csv(for: r.machines).data(r.machines)),
            (ContainerResult.csv.fileName, ContainerResult.csv.data(r.containers)),
            (TimeSeriesRow.csv.fileName, TimeSeriesRow.csv.data(r.timeSeriesRows)),
            (RunInfo.fileName, try runInfo.jsonData()),
        ]
    }

    /// `incidents.csv` when the run measured incidents, `interference.csv` when it had hogs.
    /// - Parameter hogs: whether the scenario has hogs (the matrix is written even if no hog ran).
    public static func optionalFiles(_ r: RunResult, hogs: Bool) -> [(String, Data)] {
        var files: [(String, Data)] = []
        if !r.incidentImpacts.isEmpty {
            files.append((IncidentImpact.csv.fileName, IncidentImpact.csv.data(r.incidentImpacts)))
        }
        if hogs { files.append((InterferenceCell.csv.fileName, InterferenceCell.csv.data(r.interference))) }
        return files
    }

    /// The files ``optionalFiles(_:hogs:)`` may write (removed when a run does not write them, so
    /// that a folder never holds one left from an earlier run).
    public static let optionalFileNames = ResultFiles.runOptional
}
