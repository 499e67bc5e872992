import BulkheadKernel

/// CPU: processor sharing per machine, computed exactly and event-driven.
///
/// Each container keeps a *virtual time* V (CPU-seconds each of its running threads has received)
/// and a min-heap of finish tags F = V(at arrival) + work. Between changes every thread of a
/// container runs at the same rate r, so V grows at r and its next completion is at
/// (min F − V) / r. V is folded lazily (only when the container's rate or job set changes), and
/// each machine keeps the next completion time of each active container in a flat array and one
/// `cpuDone` event for the earliest (older events are made stale by a generation counter).
///
/// Rates change for one container only, as long as the machine is uncontended before and after a
/// change (every thread gets a full core, capped by the limit under quota): the common case
/// costs O(1) plus an O(k) scan of k integers. When demand exceeds the cores, all rates are
/// recomputed by water-filling (CPU+Rates.swift).
///
/// The CPU knows containers only as job queues on machines: it takes jobs with an opaque owner
/// (`JobOwner`) and returns the owners of completed jobs to the caller; it never calls into
/// requests or batch jobs. The caller passes the machine a container runs on (the cluster owns
/// placement) and brings the machine's meters up to now (`advance`) before a change.
struct CPU {
    /// One container's CPU account (its cgroup): what every change reads, in 64 bytes.
    struct Group {
        /// CPU cap: the limit under `quota` (the pinned cores under `pinned`), `.infinity` otherwise.
        var cap: Double
        /// Min-heap of jobs by finish tag (CPU+JobHeap.swift).
        var jobs = StateTable<Job>(reservingCapacity: 4)
        /// Always-runnable threads of active CPU hogs (cpu-spin, thread-storm): they take CPU like
        /// jobs and never finish.
        var hogThreads: Int32 = 0
        /// Position in its machine's `active` list, or -1.
        var activeIndex: Int32 = -1
        /// Progress per CPU-second: 1 / slowdown under interference (CPU+Interference.swift), else 1.
        var speed: Double = 1
        var virtualTime: Double = 0
        /// CPU rate (cores) each running thread of this container currently gets.
        var rate: Double = 0
        /// When `virtualTime` and `cpuSeconds` were last brought up to date (ns).
        var lastFold: Int64 = 0
        /// CPU-seconds consumed so far.
        var cpuSeconds: Double = 0
        /// Runnable threads: jobs plus hog threads.
        @inline(__always) var running: Int { jobs.count + Int(hogThreads) }
    }

    /// One machine's processors.
    struct Machine {
        var cores: Double
        /// Containers with at least one runnable thread.
        var active = StateTable<ContainerID>()
        /// `activeNext[i]`: when `active[i]`'s earliest job completes at its current rate (ns).
        var activeNext = StateTable<Int64>()
        /// Σ over active containers of their CPU demand (threads, capped at the limit under quota).
        var demand: Double = 0
        /// Whether the rates were last computed in the contended regime (demand > cores); always
        /// true under `pinned`, so that every change recomputes all rates.
        var saturated = false
        /// Busy cores now, and their time-integral up to `lastUpdate` (ns).
        var busy: Double = 0
        var busyIntegral: Double = 0
        var busyAtMinuteStart: Double = 0
        var lastUpdate: Int64 = 0
        var generation: UInt32 = 0
        /// Time of the pending valid `cpuDone` event, `.max` if none.
        var scheduledAt: Int64 = .max
        /// Under `pinned`: cores left to containers without a limit (the shared pool).
        var sharedPool: Double = 0
        /// A container with an interference sensitivity is placed here (CPU+Interference.swift).
        var interference = false
    }

    let isolation: CPUIsolation
    var machines: IDTable<MachineID, Machine>
    var groups: IDTable<ContainerID, Group>
    /// Per container: its CFS weight, the CPU request (at least 2 millicores, CFS's minimum
    /// `cpu.shares` of 2); read only when a machine is contended.
    let weights: [Double]
    /// Per container: interference sensitivity (empty when interference is off).
    var sensitivity: [Double] = []
    /// Per container under `quota`: its CFS bandwidth account (CPU+Bandwidth.swift); empty under
    /// the other isolations.
    var bandwidth: IDTable<ContainerID, Bandwidth>

    // Scratch space reused across events (no allocation in the hot path).
    var due = StateTable<ContainerID>()
    /// Owners of the jobs the last `completeDue` finished (`0 ..< its result`).
    private(set) var completed = StateTable<JobOwner>()
    var fillOrder: [ContainerID] = []

    /// - Parameters:
    ///   - cores: each machine's cores.
    ///   - weights: each container's weight (see `weights`).
    ///   - caps: each container's cap (see `Group.cap`).
    init(isolation: CPUIsolation, cores: [Double], weights: [Double], caps: [Double]) {
        self.isolation = isolation
        machines = IDTable(cores.map { Machine(cores: $0) })
        self.weights = weights
        groups = IDTable(caps.map { Group(cap: $0) })
        bandwidth = IDTable(isolation == .quota ? caps.map { _ in Bandwidth() } : [])
    }

    /// The owner of the `k`-th job the last `completeDue` finished.
    @inline(__always) func completedOwner(_ k: Int) -> JobOwner { completed[k] }

    /// CPU-seconds each container has consumed up to its last fold.
    var cpuSecondsByContainer: [Double] { groups.map(\.cpuSeconds) }

    /// Brings every container's account up to `now` (ns).
    /// - Complexity: O(containers).
    mutating func foldAll(to now: Int64) {
        for c in groups.ids { fold(c, to: now) }
    }

    /// Whether `generation` is machine `m`'s current completion event.
    @inline(__always) func isCurrent(_ m: MachineID, generation: UInt32) -> Bool {
        machines[m].generation == generation
    }

    /// Busy cores on `m` now.
    @inline(__always) func busy(_ m: MachineID) -> Double { machines[m].busy }

    /// Hog threads running in `c`.
    @inline(__always) func hogThreads(_ c: ContainerID) -> Int32 { groups[c].hogThreads }

    /// Brings machine `m`'s busy-core integral up to `now` (ns).
    @inline(__always) mutating func advance(_ m: MachineID, to now: Int64) {
        let dtNs = now - machines[m].lastUpdate
        guard dtNs > 0 else { return }
        let dt = Double(dtNs) * 1e-9
        machines[m].lastUpdate = now
        machines[m].busyIntegral += machines[m].busy * dt
    }

    /// Brings container `c`'s virtual time and CPU account up to `now` (ns).
    @inline(__always) mutating func fold(_ c: ContainerID, to now: Int64) {
        let dtNs = now - groups[c].lastFold
        groups[c].lastFold = now
        guard dtNs > 0 else { return }
        let dt = Double(dtNs) * 1e-9
        let r = groups[c].rate
        groups[c].virtualTime += r * groups[c].speed * dt
        groups[c].cpuSeconds += r * Double(groups[c].running) * dt
        if isolation == .quota {
            foldBandwidth(
                c, from: now - dtNs, to: now, u: r * Double(groups[c].running), active: groups[c].running > 0,
                jobs: groups[c].jobs.count)
        }
    }

    /// Container `c`'s CPU demand in cores: its running threads (jobs' and hogs'), capped at
    /// its limit under quota (its pinned cores under pinned).
    @inline(__always) func demand(_ c: ContainerID) -> Double {
        // `cap` is +∞ unless isolation is `quota` or `pinned`, and under `none` the demand is the
        // thread count: both cases are min(threads, cap).
        min(Double(groups[c].running), groups[c].cap)
    }

    /// Starts `work` CPU-seconds of single-threaded work for `owner` in container `c` on machine `m`.
    /// - Complexity: O(log n) for n jobs of the container, plus O(k) for k active containers on
    ///   the machine (O(k²) when it is contended).
    mutating func startJob(
        _ owner: JobOwner, in c: ContainerID, on m: MachineID, work: Double,
        queue: inout EventQueue<ModelEvent>
    ) {
        fold(c, to: queue.now.nanoseconds)
        let before = demand(c)
        if isolation == .quota { bandwidth[c].jobsStarted += 1 }
        pushJob(c, Job(finish: groups[c].virtualTime + work, owner: owner))
        jobsChanged(c, on: m, demandBefore: before, queue: &queue)
    }

    /// Machine `m`'s earliest completion is due: completes every job whose tag is reached.
    /// - Complexity: O(k + d log n) for k active containers and d jobs done (O(k²) when contended).
    /// - Returns: how many jobs completed; their owners are `completed[0 ..< n]`, valid until the
    ///   next call (nothing the caller does with them re-enters this function).
    mutating func completeDue(on m: MachineID, queue: inout EventQueue<ModelEvent>) -> Int {
        machines[m].scheduledAt = .max
        let now = queue.now.nanoseconds
        var dueCount = 0
        for i in 0..<machines[m].activeNext.count where machines[m].activeNext[i] <= now {
            let c = machines[m].active[i]
            if dueCount < due.count { due[dueCount] = c } else { due.append(c) }
            dueCount += 1
        }
        var done = 0
        for k in 0..<dueCount {
            let c = due[k]
            fold(c, to: now)
            let before = demand(c)
            if isolation == .quota { bandwidthDue(c, now: now) }
            let v = groups[c].virtualTime + 1e-9
            while let top = groups[c].jobs.first, top.finish <= v {
                let owner = popJob(c).owner
                if done < completed.count { completed[done] = owner } else { completed.append(owner) }
                done += 1
            }
            // The last container's update skips its own `scheduleCompletion`: the one just below
            // does the same scan with nothing changed in between (saves one O(k) scan per event).
            jobsChanged(c, on: m, demandBefore: before, schedule: k != dueCount - 1, queue: &queue)
        }
        scheduleCompletion(m, queue: &queue)
        return done
    }

    /// Drops every job of container `c` (it died or stopped).
    /// - Complexity: O(n + k) for n jobs of the container and k active containers on the machine.
    mutating func clearJobs(_ c: ContainerID, on m: MachineID, queue: inout EventQueue<ModelEvent>) {
        fold(c, to: queue.now.nanoseconds)
        let before = demand(c)
        groups[c].jobs.removeAll()
        jobsChanged(c, on: m, demandBefore: before, queue: &queue)
    }

    /// Adds `k` (possibly negative) always-runnable hog threads to container `c`.
    /// - Complexity: O(active containers on the machine) (squared when it is contended).
    mutating func addHogThreads(_ c: ContainerID, on m: MachineID, _ k: Int32, queue: inout EventQueue<ModelEvent>) {
        fold(c, to: queue.now.nanoseconds)
        let before = demand(c)
        groups[c].hogThreads = max(0, groups[c].hogThreads + k)
        jobsChanged(c, on: m, demandBefore: before, queue: &queue)
    }

    /// CPU-seconds container `c` has consumed up to `now` (ns).
    mutating func cpuSeconds(_ c: ContainerID, at now: Int64) -> Double {
        fold(c, to: now)
        return groups[c].cpuSeconds
    }

    /// Container `c` now runs on another machine (or starts afresh): its account restarts from `now`.
    mutating func moved(_ c: ContainerID, at now: Int64) {
        groups[c].lastFold = now
        if isolation == .quota {
            bandwidth[c].restart(at: now)
            groups[c].cap = .infinity
        }
    }

    /// Busy core-seconds of machine `m` since the last call (its meter up to date).
    mutating func takeMinuteBusy(_ m: MachineID) -> Double {
        let busy = machines[m].busyIntegral - machines[m].busyAtMinuteStart
        machines[m].busyAtMinuteStart = machines[m].busyIntegral
        return busy
    }
}
