import Foundation

/// The testbed's cgroups (v1): one parent group per run under the `cpu` controller (and `cpuset`
/// under `pinned`), a child per container. Created, filled and removed by `TestbedRun`.
struct Cgroups {
    static let cpuRoot = "/sys/fs/cgroup/cpu"
    static let cpusetRoot = "/sys/fs/cgroup/cpuset"

    /// Why the testbed cannot create cgroups here.
    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    let parent: String
    let usesCpuset: Bool
    private(set) var created: [String] = []

    /// Checks that cgroup v1's `cpu` controller is mounted and writable (root).
    static func check(cpuset: Bool) throws(Unavailable) {
        let fm = FileManager.default
        guard fm.fileExists(atPath: cpuRoot + "/cpu.cfs_quota_us") else {
            throw Unavailable(
                description:
                    "no cgroup v1 cpu controller at \(cpuRoot) (the testbed drives cpu.shares and cpu.cfs_quota_us there)")
        }
        guard fm.isWritableFile(atPath: cpuRoot) else {
            throw Unavailable(description: "\(cpuRoot) is not writable: run the testbed as root")
        }
        if cpuset && !fm.isWritableFile(atPath: cpusetRoot) {
            throw Unavailable(description: "\(cpusetRoot) is not writable: `pinned` needs the cpuset controller, as root")
        }
    }

    init(name: String, cpuset: Bool) {
        parent = name
        usesCpuset = cpuset
    }

    func path(_ child: String?, cpuset: Bool = false) -> String {
        let root = cpuset ? Self.cpusetRoot : Self.cpuRoot
        return child.map { "\(root)/\(parent)/\($0)" } ?? "\(root)/\(parent)"
    }

    /// Creates the parent groups (the cpuset parent gets every CPU and memory node of the root).
    mutating func createParent() throws {
        try make(path(nil))
        if usesCpuset {
            try make(path(nil, cpuset: true))
            try write(read(Self.cpusetRoot + "/cpuset.cpus"), to: path(nil, cpuset: true) + "/cpuset.cpus")
            try write(read(Self.cpusetRoot + "/cpuset.mems"), to: path(nil, cpuset: true) + "/cpuset.mems")
        }
    }

    /// Creates container `name`'s group with its settings.
    mutating func create(_ name: String, shares: Int, quota: Int?, period: Int, burst: Int, cpus: [Int]?) throws {
        let dir = path(name)
        try make(dir)
        try write("\(shares)", to: dir + "/cpu.shares")
        try write("\(period)", to: dir + "/cpu.cfs_period_us")
        if let quota {
            // The burst must not exceed the quota (the kernel refuses it), and is set after it.
            try write("\(quota)", to: dir + "/cpu.cfs_quota_us")
            if burst > 0 { try write("\(burst)", to: dir + "/cpu.cfs_burst_us") }
        }
        if let cpus, usesCpuset {
            let c = path(name, cpuset: true)
            try make(c)
            try write(cpus.map(String.init).joined(separator: ","), to: c + "/cpuset.cpus")
            try write(read(path(nil, cpuset: true) + "/cpuset.mems"), to: c + "/cpuset.mems")
        }
    }

    /// Moves process `pid` (and the threads it will create) into container `name`'s group.
    func attach(_ pid: Int32, to name: String) throws {
        try write("\(pid)", to: path(name) + "/cgroup.procs")
        if usesCpuset, FileManager.default.fileExists(atPath: path(name, cpuset: true)) {
            try write("\(pid)", to: path(name, cpuset: true) + "/cgroup.procs")
        }
    }

    /// Container `name`'s `cpu.stat`: nr_periods, nr_throttled, throttled_time (ns).
    func stat(_ name: String) -> (periods: Int, throttled: Int, throttledNanoseconds: Int64) {
        var out = (periods: 0, throttled: 0, throttledNanoseconds: Int64(0))
        guard let text = try? read(path(name) + "/cpu.stat") else { return out }
        for line in text.split(separator: "\n") {
            let f = line.split(separator: " ")
            guard f.count == 2, let v = Int64(f[1]) else { continue }
            switch f[0] {
            case "nr_periods": out.periods = Int(v)
            case "nr_throttled": out.throttled = Int(v)
            case "throttled_time": out.throttledNanoseconds = v
            default: break
            }
        }
        return out
    }

    /// Removes every group created, children first (their processes must have exited).
    mutating func removeAll() {
        for dir in created.reversed() { rmdir(dir) }
        created.removeAll()
    }

    private mutating func make(_ dir: String) throws {
        if mkdir(dir, 0o755) != 0 && errno != EEXIST {
            throw Unavailable(description: "cannot create cgroup \(dir): \(String(cString: strerror(errno)))")
        }
        created.append(dir)
    }

    private func write(_ value: String, to file: String) throws {
        let fd = open(file, O_WRONLY)
        guard fd >= 0 else { throw Unavailable(description: "cannot open \(file): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let bytes = Array(value.utf8)
        if Foundation.write(fd, bytes, bytes.count) != bytes.count {
            throw Unavailable(description: "cannot write \(value) to \(file): \(String(cString: strerror(errno)))")
        }
    }

    private func read(_ file: String) throws -> String {
        try String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
