import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Replaces an output folder's files as a whole: a reader (or a kill at any instant) sees either
/// every old output or every new one, never a mix.
///
/// How: the new files are written (and `fsync`ed) into a new folder beside the target,
/// `.<name>.new-<pid>-<random>`; the user's own entries of the old folder are carried into it;
/// then the two folders are exchanged in one step with `renameat2(RENAME_EXCHANGE)` (Linux ≥ 3.15;
/// <https://man7.org/linux/man-pages/man2/rename.2.html>), and the old folder, now under the
/// hidden name, is removed. Where the exchange is not available (another OS, or a file system
/// without it) the old folder is renamed aside and the new one renamed in — two renames, with an
/// instant in which the folder is missing (but never mixed).
///
/// **Whose files.** A folder's entries are *ours* when their names are in `owned` (every file the
/// command may write there, e.g. a run's `summary.json` … `interference.csv` and `report.html`),
/// or are staging litter (`.*.tmp-*`). Ours are replaced by the new set: one the new run does not
/// write is dropped (an `incidents.csv` of an earlier run with faults would contradict the new
/// summary). Every other entry is the user's and is kept: files and symbolic links are hard-linked
/// (or copied) into the new folder before the exchange, so they are in both; directories are moved
/// into the new folder right after it. A kill in that instant leaves them in the hidden sibling,
/// which is never removed while it holds anything that is not ours.
///
/// Leftovers of killed writers (hidden siblings whose process is gone) are removed at the next
/// replacement of the same folder when they hold only our files.
public enum AtomicFolder {
    /// Replaces the outputs in `directory` (created with its parents if missing) by `files`.
    /// - Parameters:
    ///   - owned: the names this command owns in such a folder (`files`' names are added).
    /// - Throws: ``AtomicFileError``; then the folder is untouched and no staging folder is left.
    public static func replace(_ directory: String, with files: [OutputFile], owned: Set<String>) throws {
        var target = directory
        // A symbolic link to a folder: replace the folder it points to, not the link.
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: directory) {
            target =
                resolved.hasPrefix("/")
                ? resolved : URL(fileURLWithPath: directory).deletingLastPathComponent().path + "/" + resolved
        }
        let url = URL(fileURLWithPath: target)
        let parent = url.deletingLastPathComponent().path
        let name = url.lastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw AtomicFileError(operation: "create directory", path: parent, errno: EIO)
        }
        let owned = owned.union(files.map(\.name))
        removeLeftovers(parent: parent, name: name, owned: owned)
        let staging =
            parent + "/." + name + ".new-\(getpid())-" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
        guard mkdir(staging, 0o755) == 0 else {
            throw AtomicFileError(operation: "create directory", path: staging, errno: errno)
        }
        var foreignDirectories: [String] = []
        var exists = false
        do {
            for f in files { try AtomicFile.writeNew(f, at: staging + "/" + f.name) }
            var st = stat()
            exists = stat(target, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
            if exists {
                for entry in try entries(target) where !isOurs(entry, owned) {
                    if try isDirectory(target + "/" + entry) {
                        foreignDirectories.append(entry)
                    } else {
                        try carry(target + "/" + entry, to: staging + "/" + entry)
                    }
                }
            }
            syncDirectory(staging)
            PauseForCrashTest.now()
            if exists {
                try exchange(staging, target)
            } else if rename(staging, target) != 0 {
                throw AtomicFileError(operation: "rename \(staging) to", path: target, errno: errno)
            }
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        }
        guard exists else {
            syncDirectory(parent)
            return
        }
        // `staging` now holds the old folder.
        PauseForCrashTest.now()
        var moved = true
        for d in foreignDirectories where rename(staging + "/" + d, target + "/" + d) != 0 { moved = false }
        syncDirectory(parent)
        if moved { try? FileManager.default.removeItem(atPath: staging) }
    }

    /// Whether `entry` is one of ours (replaced, not carried over).
    static func isOurs(_ entry: String, _ owned: Set<String>) -> Bool {
        owned.contains(entry) || (entry.hasPrefix(".") && entry.contains(".tmp-"))
    }

    static func entries(_ directory: String) throws -> [String] {
        do { return try FileManager.default.contentsOfDirectory(atPath: directory).sorted() } catch {
            throw AtomicFileError(operation: "list", path: directory, errno: EIO)
        }
    }

    /// Whether `path` is a directory itself (a symbolic link is not).
    static func isDirectory(_ path: String) throws -> Bool {
        var st = stat()
        guard lstat(path, &st) == 0 else { throw AtomicFileError(operation: "stat", path: path, errno: errno) }
        return (st.st_mode & S_IFMT) == S_IFDIR
    }

    /// Puts the user's file (or link) `from` at `to` as well: a hard link, or a copy where links
    /// are not possible.
    static func carry(_ from: String, to: String) throws {
        if link(from, to) == 0 { return }
        do { try FileManager.default.copyItem(atPath: from, toPath: to) } catch {
            throw AtomicFileError(operation: "keep the user's file", path: from, errno: EIO)
        }
    }

    /// Exchanges the folders `a` and `b` (both exist) atomically, or — without `renameat2` —
    /// moves `b` aside to `a`'s name after moving `a`'s content in under `b`'s.
    static func exchange(_ a: String, _ b: String) throws {
        if let renameat2 = Renameat2.function {
            if renameat2(Renameat2.atFDCWD, a, Renameat2.atFDCWD, b, Renameat2.exchange) == 0 { return }
            let e = errno
            guard e == EINVAL || e == ENOSYS || e == ENOTSUP else {
                throw AtomicFileError(operation: "exchange \(a) with", path: b, errno: e)
            }
        }
        let aside = a + "-old"
        guard rename(b, aside) == 0 else { throw AtomicFileError(operation: "rename \(b) to", path: aside, errno: errno) }
        guard rename(a, b) == 0 else {
            let e = errno
            _ = rename(aside, b)
            throw AtomicFileError(operation: "rename \(a) to", path: b, errno: e)
        }
        guard rename(aside, a) == 0 else { throw AtomicFileError(operation: "rename \(aside) to", path: a, errno: errno) }
    }

    /// Removes hidden siblings `.<name>.new-<pid>-…` left by writers that were killed, when they
    /// hold only our files (a user's directory caught in one is left for the user).
    static func removeLeftovers(parent: String, name: String, owned: Set<String>) {
        let prefix = "." + name + ".new-"
        guard let siblings = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return }
        for s in siblings where s.hasPrefix(prefix) {
            let pidText = s.dropFirst(prefix.count).prefix { $0 != "-" }
            if let pid = Int32(pidText), pid == getpid() || kill(pid, 0) == 0 || errno != ESRCH { continue }
            let path = parent + "/" + s
            guard let inside = try? entries(path), inside.allSatisfy({ isOurs($0, owned) }) else { continue }
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    /// `fsync` of a directory, so that the renames into it are on disk (best effort).
    static func syncDirectory(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }
}

/// `renameat2(2)`, looked up at run time: Swift's Glibc module does not declare it, and a libc
/// without it (or a kernel that refuses the flag) falls back to two renames.
enum Renameat2 {
    typealias Function = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
    static let atFDCWD: Int32 = -100
    /// `RENAME_EXCHANGE` from `<linux/fs.h>`.
    static let exchange: UInt32 = 2
    static let function: Function? = {
        #if os(Linux)
            guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "renameat2") else { return nil }
            return unsafeBitCast(symbol, to: Function.self)
        #else
            return nil
        #endif
    }()
}

/// A test hook for `scripts/crash-test.sh`: with `BULKHEAD_CRASH_TEST_PAUSE_MS=n` in the
/// environment, writers pause n ms just before and just after swapping a folder in, so that kills
/// land in the instants where a non-atomic update would show a mix. Unset: no effect.
enum PauseForCrashTest {
    static let microseconds: UInt32 = {
        guard let v = ProcessInfo.processInfo.environment["BULKHEAD_CRASH_TEST_PAUSE_MS"], let ms = UInt32(v) else { return 0 }
        return min(ms, 10_000) * 1000
    }()
    static func now() { if microseconds > 0 { usleep(microseconds) } }
}
