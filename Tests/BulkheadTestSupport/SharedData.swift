import Foundation

/// The team's shared data sets (../shared/data/README.md), read in place, never copied: the
/// folder `$BULKHEAD_SHARED_DATA`, else `../shared/data` next to the checkout, else the team's
/// `/work/shared/data` (a CI clone may live elsewhere). When none exists, the first candidate next
/// to the checkout is returned, so that the tests reading it fail naming that path: a validation
/// against real data must not silently disappear.
public enum SharedData {
    public static let path: String = {
        let root = URL(fileURLWithPath: #filePath)  // Tests/BulkheadTestSupport/SharedData.swift
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var candidates: [String] = []
        if let env = ProcessInfo.processInfo.environment["BULKHEAD_SHARED_DATA"] { candidates.append(env) }
        let beside = root.appendingPathComponent("../shared/data").standardizedFileURL.path
        candidates.append(beside)
        candidates.append("/work/shared/data")
        return candidates.first { FileManager.default.fileExists(atPath: $0 + "/README.md") } ?? beside
    }()
}
