import Foundation

/// One service's figures measured on the real kernel in one run.
public struct KernelServiceMeasurement: Codable, Sendable {
    public var service: String
    /// Requests that arrived after the warm-up (those measured).
    public var requests: Int
    public var mean: Double
    public var p50: Double
    public var p90: Double
    public var p99: Double
    public var max: Double
    /// The container's `cpu.stat` over the whole run: periods, throttled periods, throttled time
    /// (the kernel's cgroup v1 `throttled_time`: summed over the CPUs whose run queues were
    /// throttled).
    public var periods: Int
    public var throttledPeriods: Int
    public var throttledSeconds: Double
    /// CPU-seconds the worker process used beyond its requests' work, per request (thread
    /// creation and exit, wakeups: what the model does not charge).
    public var overheadPerRequest: Double
}

/// One run of a plan on the real kernel.
public struct KernelMeasurement: Codable, Sendable {
    public var services: [KernelServiceMeasurement]
    /// Share of the CPU time the hypervisor stole during the run (/proc/stat `steal`).
    public var stealFraction: Double
    /// Wall seconds of the run.
    public var wallSeconds: Double
}

/// Runs a `TestbedPlan` on this machine's kernel: cgroups, one worker process per container
/// (Sources/bulkhead-testbed-worker), every request as a thread burning its CPU work; collects
/// each request's latency and each cgroup's `cpu.stat`; removes its cgroups and processes.
public enum TestbedRun {
    /// Processes and cgroups of the run in progress, for the signal handler.
    nonisolated(unsafe) static var livePIDs: [Int32] = []
    nonisolated(unsafe) static var liveGroups: Cgroups?

    /// Why a run failed (cgroups unavailable, a worker failed).
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Runs `plan` once with the worker executable at `worker`.
    public static func run(_ plan: TestbedPlan, worker: String) throws(Failure) -> KernelMeasurement {
        let cpuset = plan.containers.contains { $0.cpus != nil }
        do { try Cgroups.check(cpuset: cpuset) } catch { throw Failure(description: error.description) }
        removeStaleGroups()
        installSignalHandlers()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bulkhead-testbed-\(getpid())")
        try? FileManager.default.removeItem(at: dir)
        var groups = Cgroups(name: "bulkhead-testbed-\(getpid())", cpuset: cpuset)
        defer {
            for pid in livePIDs { kill(pid, SIGKILL) }
            for pid in livePIDs {
                var s: Int32 = 0
                waitpid(pid, &s, 0)
            }
            livePIDs = []
            groups.removeAll()
            liveGroups = nil
            try? FileManager.default.removeItem(at: dir)
        }
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try groups.createParent()
            let shared = "all"
            if plan.sharedGroup {
                try groups.create(shared, shares: 1024, quota: nil, period: 100_000, burst: 0, cpus: nil)
            }
            for c in plan.containers where !plan.sharedGroup {
                try groups.create(
                    c.name, shares: c.shares, quota: c.quotaMicroseconds, period: c.periodMicroseconds,
                    burst: c.burstMicroseconds, cpus: c.cpus)
            }
            liveGroups = groups
            // The workers sleep until the epoch; by then every one is in its cgroup.
            let epoch = monotonicNanoseconds() + 1_000_000_000
            var outputs: [URL] = []
            for c in plan.containers {
                let schedule = dir.appendingPathComponent("\(c.name).schedule")
                let out = dir.appendingPathComponent("\(c.name).out")
                var text = ""
                text.reserveCapacity(c.requests.count * 24)
                for r in c.requests { text += "\(r.arrival) \(r.work)\n" }
                try text.write(to: schedule, atomically: true, encoding: .utf8)
                outputs.append(out)
                let group = plan.sharedGroup ? shared : c.name
                if !c.requests.isEmpty {
                    try groups.attach(
                        spawn(worker, ["requests", schedule.path, out.path, "\(epoch)"]), to: group)
                }
                for s in c.spinners {
                    try groups.attach(spawn(worker, ["spin", "\(s.threads)", "\(s.start)", "\(s.end)", "\(epoch)"]), to: group)
                }
            }
            let stealBefore = cpuTimes()
            let started = monotonicNanoseconds()
            for pid in livePIDs {
                var status: Int32 = 0
                waitpid(pid, &status, 0)
                if !(status & 0x7f == 0 && (status >> 8) & 0xff == 0) {
                    throw Failure(description: "a testbed worker failed (wait status \(status)); see its message above")
                }
            }
            livePIDs = []
            let wall = Double(monotonicNanoseconds() - max(started, epoch)) * 1e-9
            let stealAfter = cpuTimes()
            let steal = Double(stealAfter.steal - stealBefore.steal) / Double(max(1, stealAfter.total - stealBefore.total))
            var services: [KernelServiceMeasurement] = []
            for (c, out) in zip(plan.containers, outputs) {
                var latencies: [Double] = []
                var cpu: Int64 = 0
                if let text = try? String(contentsOf: out, encoding: .utf8) {
                    for line in text.split(separator: "\n") {
                        let f = line.split(separator: " ")
                        if f.count == 2, f[0] == "cpu", let v = Int64(f[1]) { cpu = v }
                        guard f.count == 2, let a = Int64(f[0]), let e = Int64(f[1]), a >= plan.warmup else { continue }
                        latencies.append(Double(e - a) * 1e-9)
                    }
                }
                let stat = groups.stat(plan.sharedGroup ? shared : c.name)
                var s = summary(c.name, latencies, stat)
                let work = c.requests.reduce(Int64(0)) { $0 + $1.work }
                s.overheadPerRequest = c.requests.isEmpty ? 0 : Double(cpu - work) * 1e-9 / Double(c.requests.count)
                services.append(s)
            }
            return KernelMeasurement(services: services, stealFraction: steal, wallSeconds: wall)
        } catch let f as Failure {
            throw f
        } catch {
            throw Failure(description: "\(error)")
        }
    }

    static func summary(
        _ name: String, _ latencies: [Double], _ stat: (periods: Int, throttled: Int, throttledNanoseconds: Int64)
    ) -> KernelServiceMeasurement {
        let sorted = latencies.sorted()
        func quantile(_ p: Double) -> Double {
            sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int((p * Double(sorted.count)).rounded(.up)) - 1)]
        }
        return KernelServiceMeasurement(
            service: name, requests: sorted.count, mean: sorted.isEmpty ? 0 : sorted.reduce(0, +) / Double(sorted.count),
            p50: quantile(0.5), p90: quantile(0.9), p99: quantile(0.99), max: sorted.last ?? 0,
            periods: stat.periods, throttledPeriods: stat.throttled, throttledSeconds: Double(stat.throttledNanoseconds) * 1e-9,
            overheadPerRequest: 0)
    }

    /// Starts `path args…` (explicit arguments, no shell) and returns its PID.
    static func spawn(_ path: String, _ args: [String]) throws -> Int32 {
        var pid: pid_t = 0
        let argv = ([path] + args).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        let rc = posix_spawn(&pid, path, nil, nil, argv, environ)
        guard rc == 0 else {
            throw Failure(description: "cannot start the testbed worker \(path): \(String(cString: strerror(rc)))")
        }
        livePIDs.append(pid)
        return pid
    }

    static func monotonicNanoseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    /// The machine's CPU time (all fields of /proc/stat's `cpu` line) and its `steal` field, in ticks.
    static func cpuTimes() -> (total: Int64, steal: Int64) {
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
            let line = text.split(separator: "\n").first
        else { return (0, 0) }
        let f = line.split(separator: " ").dropFirst().compactMap { Int64($0) }
        guard f.count >= 8 else { return (0, 0) }
        return (f.prefix(8).reduce(0, +), f[7])
    }

    /// Groups left by a testbed run that was killed (its PID is gone): removed, children first.
    static func removeStaleGroups() {
        for root in [Cgroups.cpuRoot, Cgroups.cpusetRoot] {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: root) else { continue }
            for n in names where n.hasPrefix("bulkhead-testbed-") {
                guard let pid = Int32(n.dropFirst("bulkhead-testbed-".count)), kill(pid, 0) != 0 else { continue }
                let dir = root + "/" + n
                for child in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] {
                    var isDir: ObjCBool = false
                    if FileManager.default.fileExists(atPath: dir + "/" + child, isDirectory: &isDir), isDir.boolValue {
                        rmdir(dir + "/" + child)
                    }
                }
                rmdir(dir)
            }
        }
    }

    /// On SIGINT or SIGTERM: kill the workers, remove the cgroups, exit 130.
    static func installSignalHandlers() {
        for sig in [SIGINT, SIGTERM] {
            signal(sig) { s in
                for pid in TestbedRun.livePIDs { kill(pid, SIGKILL) }
                for pid in TestbedRun.livePIDs {
                    var st: Int32 = 0
                    waitpid(pid, &st, 0)
                }
                TestbedRun.liveGroups?.removeAll()
                _exit(128 + s)
            }
        }
    }
}
