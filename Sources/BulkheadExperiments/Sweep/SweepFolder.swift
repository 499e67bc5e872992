import BulkheadResults
import Foundation

/// The layout of a sweep folder: `sweep.json` (``SweepManifest``) at the root, one folder per
/// cell named by its id, each with `cell.json`, the run's files and `complete.json` last.
public enum SweepFolder {
    public static let manifestName = SweepManifest.fileName
    public static let cellFileName = SweepCell.fileName

    /// `<root>/<id>`.
    public static func cellDirectory(_ root: String, _ id: String) -> String { root + "/" + id }

    /// Whether the cell folder holds a complete cell: the marker names this cell and every file
    /// it lists exists.
    /// - Complexity: one small file read and one `stat` per listed file.
    public static func isComplete(_ directory: String, id: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: directory + "/" + SweepCellMarker.fileName),
            let marker = try? SweepCellMarker(jsonData: data), marker.cell == id
        else { return false }
        return marker.files.allSatisfy { FileManager.default.fileExists(atPath: directory + "/" + $0) }
    }

    /// The manifest stored in `root`, nil if there is none.
    /// - Throws: ``ResultFileError`` if the file exists but is not a manifest.
    public static func manifest(in root: String) throws(ResultFileError) -> SweepManifest? {
        let path = root + "/" + manifestName
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try SweepManifest(jsonData: data, file: path)
    }
}
