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
    /// Writes several files into `directory`: all are staged as temporary files first and renamed
    /// into place only when every one was written, so the folder never holds a half-written file
    /// (if a rename itself fails, earlier files are new and later ones old, each complete).
    public static func writeAll(_ files: [(String, Data)], to directory: String) throws {
        var staged: [(temporary: String, path: String)] = []
        do {
            for (name, data) in files {
                let path = directory + "/" + name
                staged.append((try stage(data, for: path), path))
            }
        } catch {
            for s in staged { discard(s.temporary) }
            throw error
        }
        for (i, s) in staged.enumerated() {
            do {
                try commit(s.temporary, to: s.path)
            } catch {
                for rest in staged[i...] { discard(rest.temporary) }
                throw error
            }
        }
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
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw AtomicFileError(operation: "create", path: temporary, errno: errno) }
        var failure: AtomicFileError?
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count {
                let n = posixWrite(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = AtomicFileError(operation: "write", path: temporary, errno: errno)
                    return
                }
                offset += n
            }
        }
        if failure == nil && fsync(fd) != 0 {
            failure = AtomicFileError(operation: "fsync", path: temporary, errno: errno)
        }
        if close(fd) != 0 && failure == nil {
            failure = AtomicFileError(operation: "close", path: temporary, errno: errno)
        }
        if let failure {
            unlink(temporary)
            throw failure
        }
        return temporary
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

@inline(__always)
private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
        Glibc.write(fd, buffer, count)
    #elseif canImport(Musl)
        Musl.write(fd, buffer, count)
    #else
        Darwin.write(fd, buffer, count)
    #endif
}
