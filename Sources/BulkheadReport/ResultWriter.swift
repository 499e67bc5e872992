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
/// The files are written into a new folder beside the target, which is then swapped in as a whole
/// (``AtomicFolder``): a kill at any instant leaves every old output or every new one. Files that
/// are not a run's (``ownedFileNames``) are kept. `timeseries.csv` is streamed minute by minute
/// from the run's series (a long run's file is hundreds of MB; it is never held in memory).
public enum ResultWriter {
    public static let fileNames = ResultFiles.run

    /// Writes all output files of `r` into `directory` (created if missing).
    public static func write(_ r: RunResult, to directory: String, runInfo: RunInfo) throws {
        try AtomicFolder.replace(directory, with: try files(r, runInfo: runInfo), owned: ownedFileNames)
    }

    /// The output files of `r` (``fileNames``, in that order), ready for ``AtomicFolder``.
    public static func files(_ r: RunResult, runInfo: RunInfo) throws -> [OutputFile] {
        let series = TimeSeriesRow.csv
        return [
            OutputFile(RunSummary.fileName, data: try RunSummary(r).jsonData()),
            OutputFile(ServiceResult.csv.fileName, data: ServiceResult.csv.data(r.services)),
            OutputFile(MachineResult.csv.fileName, data: MachineResult.csv(for: r.machines).data(r.machines)),
            OutputFile(ContainerResult.csv.fileName, data: ContainerResult.csv.data(r.containers)),
            OutputFile(series.fileName) { sink in
                try sink.write(series.headerLine)
                try r.forEachTimeSeriesCSVChunk { try sink.write(bytes: $0) }
            },
            OutputFile(RunInfo.fileName, data: try runInfo.jsonData()),
        ]
    }

    /// `incidents.csv` when the run measured incidents, `interference.csv` when it had hogs.
    /// - Parameter hogs: whether the scenario has hogs (the matrix is written even if no hog ran).
    public static func optionalFiles(_ r: RunResult, hogs: Bool) -> [OutputFile] {
        var files: [OutputFile] = []
        if !r.incidentImpacts.isEmpty {
            files.append(OutputFile(IncidentImpact.csv.fileName, data: IncidentImpact.csv.data(r.incidentImpacts)))
        }
        if hogs { files.append(OutputFile(InterferenceCell.csv.fileName, data: InterferenceCell.csv.data(r.interference))) }
        return files
    }

    /// The files ``optionalFiles(_:hogs:)`` may write.
    public static let optionalFileNames = ResultFiles.runOptional

    /// Every name a run owns in its folder: its files, the optional ones and `report.html`. A
    /// rewrite replaces all of them (one not written again is dropped, so a folder never holds a
    /// file left from an earlier run); anything else in the folder is the user's and is kept.
    public static let ownedFileNames = Set(fileNames + optionalFileNames + [HTMLReport.fileName])
}
