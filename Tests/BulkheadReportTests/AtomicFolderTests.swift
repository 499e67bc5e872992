import BulkheadResults
import BulkheadTestSupport
import Foundation
import Testing

@testable import BulkheadReport

/// Issue 16, crash safety: a results folder is replaced as a whole (see `AtomicFolder`).
@Suite struct AtomicFolderTests {
    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "bulkhead-atomic-\(UInt64.random(in: 0...UInt64.max))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func text(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The swap: new files replace ours, ours not written again are dropped, the user's files and
    /// folders are kept, and nothing is left beside the folder.
    @Test func replacesOursKeepsTheUsersAndLeavesNothingBehind() throws {
        let root = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let dir = root + "/run"
        try AtomicFolder.replace(
            dir, with: [OutputFile("a.csv", data: Data("old a".utf8)), OutputFile("b.csv", data: Data("old b".utf8))],
            owned: ["a.csv", "b.csv"])
        #expect(Self.text(dir + "/b.csv") == "old b")
        // The user's note, a folder of theirs and a link, beside our files.
        try Data("mine".utf8).write(to: URL(fileURLWithPath: dir + "/notes.txt"))
        try FileManager.default.createDirectory(atPath: dir + "/plots", withIntermediateDirectories: true)
        try Data("png".utf8).write(to: URL(fileURLWithPath: dir + "/plots/p.png"))
        try FileManager.default.createSymbolicLink(atPath: dir + "/latest", withDestinationPath: "notes.txt")
        var before = stat()
        stat(dir, &before)

        try AtomicFolder.replace(dir, with: [OutputFile("a.csv", data: Data("new a".utf8))], owned: ["a.csv", "b.csv"])

        #expect(Self.text(dir + "/a.csv") == "new a")
        #expect(!FileManager.default.fileExists(atPath: dir + "/b.csv"))  // ours, not written again: dropped
        #expect(Self.text(dir + "/notes.txt") == "mine")
        #expect(Self.text(dir + "/plots/p.png") == "png")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: dir + "/latest")) == "notes.txt")
        var after = stat()
        stat(dir, &after)
        #expect(before.st_ino != after.st_ino)  // a new folder was swapped in, not files renamed into the old one
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["run"])
    }

    /// A staging folder left by a killed writer (its process gone) is removed by the next write;
    /// one that still holds a user's entry is left for the user.
    @Test func removesLeftoversOfKilledWritersButNotTheUsersFiles() throws {
        let root = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        // pid 2^22 + 1 is above Linux's largest pid: no such process.
        let dead = root + "/.run.new-4194305-x"
        let deadWithUsers = root + "/.run.new-4194305-y"
        for d in [dead, deadWithUsers] {
            try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
            try Data("x".utf8).write(to: URL(fileURLWithPath: d + "/a.csv"))
        }
        try FileManager.default.createDirectory(atPath: deadWithUsers + "/plots", withIntermediateDirectories: true)
        try AtomicFolder.replace(root + "/run", with: [OutputFile("a.csv", data: Data("a".utf8))], owned: ["a.csv"])
        #expect(!FileManager.default.fileExists(atPath: dead))
        #expect(FileManager.default.fileExists(atPath: deadWithUsers + "/plots"))
    }

    /// A failure while writing leaves the old folder as it was and no staging folder.
    @Test func aFailedWriteLeavesTheOldFolder() throws {
        let root = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let dir = root + "/run"
        try AtomicFolder.replace(dir, with: [OutputFile("a.csv", data: Data("old".utf8))], owned: [])
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try AtomicFolder.replace(
                dir,
                with: [OutputFile("a.csv", data: Data("new".utf8)), OutputFile("b.csv", stream: { _ in throw Boom() })],
                owned: [])
        }
        #expect(Self.text(dir + "/a.csv") == "old")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["run"])
    }

    /// timeseries.csv streamed by the writer is the same text as the rows encoded in memory.
    @Test func streamedTimeSeriesEqualsTheEncodedRows() throws {
        let root = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let r = Fixture.sampleRun()
        try ResultWriter.write(
            r, to: root + "/run", runInfo: RunInfo(toolVersion: "t", gitCommit: nil, wallSeconds: 0, result: r))
        #expect(Self.text(root + "/run/" + TimeSeriesRow.csv.fileName) == TimeSeriesRow.csv.text(r.timeSeriesRows))
    }
}
