import BulkheadKernel
import BulkheadModel
import BulkheadStochastic

/// What the real-kernel testbed runs for a single-machine scenario: one cgroup per container
/// (one shared group under `none`), the very requests the request engine draws (same named
/// streams, same seed) as one thread each, and the CPU hogs as spinning threads in their
/// container's cgroup.
public struct TestbedPlan: Sendable {
    /// One container of the scenario: a cgroup and a worker process.
    public struct Container: Sendable {
        public var service: Int
        public var name: String
        /// `cpu.shares` (Kubernetes: request in millicores × 1024 / 1000, at least 2).
        public var shares: Int
        /// `cpu.cfs_quota_us`, `cpu.cfs_period_us`, `cpu.cfs_burst_us` (quota nil: unlimited).
        public var quotaMicroseconds: Int?
        public var periodMicroseconds: Int
        public var burstMicroseconds: Int
        /// `cpuset.cpus` under `pinned` (nil: the machine's).
        public var cpus: [Int]?
        /// Its requests: arrival (ns since the start) and CPU work (ns).
        public var requests: [(arrival: Int64, work: Int64)]
        /// Spinning threads: (threads, start ns, end ns).
        public var spinners: [(threads: Int, start: Int64, end: Int64)]
    }

    public var containers: [Container]
    /// Whether every container shares one cgroup (`none`).
    public var sharedGroup: Bool
    public var duration: Int64
    public var warmup: Int64

    /// Why a scenario cannot run on the testbed: each reason names the scenario key.
    public struct Unsupported: Error, CustomStringConvertible, Sendable {
        public var reasons: [String]
        public var description: String {
            "the testbed runs single-machine scenarios of independent services only:\n"
                + reasons.map { "  - \($0)" }.joined(separator: "\n")
        }
    }

    /// The plan of `config` at `seed` on a host of `hostCPUs` CPUs.
    public static func make(config: ClusterConfig, seed: UInt64, hostCPUs: Int) throws(Unsupported) -> TestbedPlan {
        var reasons: [String] = []
        if config.machines.count != 1 {
            reasons.append("racks: the scenario has \(config.machines.count) machines; the testbed is one machine (this host)")
        }
        if let m = config.machines.first, Int(m.cpu) != hostCPUs || m.cpu != m.cpu.rounded() {
            reasons.append(
                "machineTypes: the machine has \(m.cpu) cores but this host has \(hostCPUs) CPUs; give the machine type `cpu: \(hostCPUs)`"
            )
        }
        for (i, s) in config.services.enumerated() {
            if s.replicas != 1 { reasons.append("services[\(i)] (\(s.name)): replicas must be 1 (one cgroup per service)") }
            if !s.calls.isEmpty { reasons.append("services[\(i)] (\(s.name)): downstream calls are not run on the testbed") }
            if s.autoscaling != nil { reasons.append("services[\(i)] (\(s.name)): autoscaling is not run on the testbed") }
            if config.cpuIsolation == .pinned, let l = s.cpuLimit, l != l.rounded() {
                reasons.append("services[\(i)] (\(s.name)): under pinned a CPU limit must be whole cores (got \(l))")
            }
        }
        if !config.faults.isEmpty { reasons.append("faults: not run on the testbed") }
        if !config.releases.isEmpty { reasons.append("releases: not run on the testbed") }
        if !config.interference.isEmpty { reasons.append("interference: the testbed measures real interference; leave it out") }
        var spinners: [Int: [(threads: Int, start: Int64, end: Int64)]] = [:]
        for (i, h) in config.hogs.enumerated() {
            let threads: Int
            switch h.kind {
            case .cpuSpin(let n), .threadStorm(let n): threads = n
            default:
                reasons.append("hogs[\(i)]: only cpu-spin and thread-storm run on the testbed (got \(h.kind.name))")
                continue
            }
            guard case .scheduled(let at, let duration) = h.timing else {
                reasons.append("hogs[\(i)]: only a scheduled hog (`at`, `duration`) runs on the testbed")
                continue
            }
            let end = duration.map { (at + $0).nanoseconds } ?? config.duration.nanoseconds
            spinners[h.service, default: []].append((threads, at.nanoseconds, min(end, config.duration.nanoseconds)))
        }
        if !reasons.isEmpty { throw Unsupported(reasons: reasons) }

        let schedule = Simulation.externalSchedule(
            config: config, streams: StreamFactory(seed: seed, replication: 0))
        var perService: [[(arrival: Int64, work: Int64)]] = Array(repeating: [], count: config.services.count)
        for r in schedule {
            perService[r.service].append((r.time.nanoseconds, Int64((r.work * 1e9).rounded())))
        }
        // Pinned: containers with a limit own that many CPUs, in service order from CPU 0; the rest
        // share the CPUs left (Kubernetes' static CPU manager).
        var nextCPU = 0
        var exclusive: [Int: [Int]] = [:]
        if config.cpuIsolation == .pinned {
            for (i, s) in config.services.enumerated() {
                guard let l = s.cpuLimit else { continue }
                exclusive[i] = Array(nextCPU..<min(hostCPUs, nextCPU + Int(l)))
                nextCPU += Int(l)
            }
        }
        let shared = Array(min(nextCPU, hostCPUs)..<hostCPUs)
        let containers = config.services.enumerated().map { i, s in
            let bandwidth = config.cpuIsolation == .quota || config.cpuIsolation == .quotaFluid
            let period = Int(s.cpuPeriod.nanoseconds / 1000)
            return Container(
                service: i, name: "c\(i)-\(s.name)", shares: max(2, Int((s.cpuRequest * 1024).rounded())),
                quotaMicroseconds: bandwidth ? s.cpuLimit.map { Int(($0 * Double(period)).rounded()) } : nil,
                periodMicroseconds: period,
                burstMicroseconds: bandwidth ? Int(s.cpuBurst.nanoseconds / 1000) : 0,
                cpus: config.cpuIsolation == .pinned ? (exclusive[i] ?? shared) : nil,
                requests: perService[i], spinners: spinners[i] ?? [])
        }
        return TestbedPlan(
            containers: containers, sharedGroup: config.cpuIsolation == .none,
            duration: config.duration.nanoseconds, warmup: config.warmup.nanoseconds)
    }
}
