import BulkheadResults
import Foundation

/// Collects a sweep folder into one tidy table (`bulkhead merge`).
public enum SweepMerge {
    /// Why a folder cannot be merged at all.
    public enum Failure: Error, CustomStringConvertible {
        case noManifest(String)
        case unreadable(String, String)
        public var description: String {
            switch self {
            case .noManifest(let root):
                "\(root) has no \(SweepFolder.manifestName) — is it a sweep folder? (bulkhead sweep writes one at the start)"
            case .unreadable(let path, let why): "cannot read \(path): \(why)"
            }
        }
    }

    /// Every complete cell's `summary.json` numbers as rows (cells in index order, metrics in
    /// ``MetricTree/numericLeaves`` order); cells without a folder are `missing`, cells without a
    /// completion marker `incomplete`. Each summary is decoded as the ``RunSummary`` it was
    /// written from, so a file of another shape is reported rather than merged.
    /// - Complexity: O(cells · metrics), one summary read per complete cell.
    public static func collect(_ root: String) throws(Failure) -> SweepTable {
        let found: SweepManifest?
        do { found = try SweepFolder.manifest(in: root) } catch { throw .unreadable(error.file, error.message) }
        guard let manifest = found else { throw .noManifest(root) }
        var table = SweepTable(axes: manifest.axes, rows: [], missing: [], incomplete: [])
        for cell in manifest.cells {
            let dir = SweepFolder.cellDirectory(root, cell.id)
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
                table.missing.append(cell.id)
                continue
            }
            guard SweepFolder.isComplete(dir, id: cell.id) else {
                table.incomplete.append(cell.id)
                continue
            }
            let path = dir + "/" + RunSummary.fileName
            let tree: MetricTree
            do {
                guard let data = FileManager.default.contents(atPath: path) else { throw Failure.unreadable(path, "missing") }
                tree = try MetricTree(try RunSummary(jsonData: data, file: path))
            } catch let e as ResultFileError {
                throw .unreadable(path, e.message)
            } catch {
                throw .unreadable(path, "\(error)")
            }
            let values = cell.axes.map(\.value)
            for m in tree.numericLeaves {
                table.rows.append(
                    .init(
                        cell: cell.id, values: values, replication: cell.replication, metric: m.path,
                        value: m.value))
            }
        }
        return table
    }
}
