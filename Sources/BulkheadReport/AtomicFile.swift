import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file system operation that failed, with the path and the C `errno`.
public struct AtomicFileError: Error, CustomStringConvertible, Sendable {
    public var operation: String
    public var path: String
    public var errno: Int32
    public var description: String {
        "cannot \(operation) \(path): \(String(cString: strerror(errno)))"
    }
}

/// Whole-file writes that never leave a half-written file: the data goes to a temporary file in
/// the destination's directory (same file system), is flushed with `fsync`, then `rename(2)`d over
/// the destination, which POSIX makes atomic. On failure the temporary file is removed and any
/// existing destination is untouched.
public enum AtomicFile {
    /// Writes several files into `directory` as one atomic update of the folder
    /// (``AtomicFolder/replace(_:with:owned:)``; only these names count as ours, every other entry
    /// is kept).
    public static func writeAll(_ files: [(String, Data)], to directory: String) throws {
        try AtomicFolder.replace(directory, with: files.map { OutputFile($0.0, data: $0.1) }, owned: [])
    }

    /// Writes `data` to `path` atomically, creating the parent directory if missing.
    public static func write(_ data: Data, to path: String) throws {
        let temporary = try stage(data, for: path)
        do {
            try commit(temporary, to: path)
        } catch {
            discard(temporary)
            throw error
        }
    }

    /// Writes `data` to a new temporary file next to `path` and returns the temporary file's path.
    /// Nothing is left behind if this throws.
    static func stage(_ data: Data, for path: String) throws -> String {
        try stage(OutputFile("", data: data), for: path)
    }

    /// Writes `file`'s bytes to a new temporary file next to `path` (creating the directory if
    /// missing) and returns the temporary file's path. Nothing is left behind if this throws.
    static func stage(_ file: OutputFile, for path: String) throws -> String {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw AtomicFileError(operation: "create directory", path: directory, errno: EIO)
        }
        let temporary =
            directory + "/." + url.lastPathComponent + ".tmp-\(getpid())-"
            + String(UInt64.random(in: 0...UInt64.max), radix: 36)
        try writeNew(file, at: temporary)
        return temporary
    }

    /// Creates `path` (which must not exist), writes `file` into it and `fsync`s it; removes it
    /// if anything fails.
    static func writeNew(_ file: OutputFile, at path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw AtomicFileError(operation: "create", path: path, errno: errno) }
        var failure: Error?
        do {
            let sink = FileSink(fd: fd, path: path)
            try file.produce(sink)
            try sink.flush()
        } catch {
            failure = error
        }
        if failure == nil && fsync(fd) != 0 {
            failure = AtomicFileError(operation: "fsync", path: path, errno: errno)
        }
        if close(fd) != 0 && failure == nil {
            failure = AtomicFileError(operation: "close", path: path, errno: errno)
        }
        if let failure {
            unlink(path)
            throw failure
        }
    }

    /// Renames a staged temporary file over `path` (atomic replacement).
    static func commit(_ temporary: String, to path: String) throws {
        guard rename(temporary, path) == 0 else {
            throw AtomicFileError(operation: "rename \(temporary) to", path: path, errno: errno)
        }
    }

    /// Removes a staged temporary file.
    static func discard(_ temporary: String) {
        unlink(temporary)
    }
}
