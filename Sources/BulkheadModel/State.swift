import BulkheadKernel

/// The events the model schedules: plain data, dispatched by `Simulation.handle`.
enum ModelEvent {
    case arrival(balancer: Int32)
    /// The earliest CPU completion on a machine; stale unless `generation` matches.
    case cpuDone(machine: Int32, generation: UInt32)
    /// The earliest pending deadline of a service's requests.
    case deadline(service: Int32)
    case healthCheck(balancer: Int32)
    case containerStart(container: Int32)
    case minuteTick
    /// Fault `index` strikes (`target`: the machine of a random crash, else -1).
    case fault(index: Int32, target: Int32)
    /// Incident `incident` ends: machine `target` is back, or rack −1 − `target` reachable;
    /// `fault` ≥ 0 names the random crash fault to re-arm.
    case recover(incident: Int32, target: Int32, fault: Int32)
    /// A request sent to an unreachable machine gives up.
    case connectFail(request: Int32, generation: UInt32)
    /// Dynamic infrastructure: the rescheduler has noticed that container `container` is lost.
    case reschedule(container: Int32)
    /// A later step of fault `index` (lb-failure, container-crash, correlated, release): `target`
    /// and `step` are the fault's own (see `Simulation.faultStep`).
    case faultStep(index: Int32, target: Int32, step: Int32)
    /// A resource-hog event (`HogEvent` phase; see Simulation+Hogs.swift).
    case hog(phase: UInt8, index: Int32, arg: Int32)
    /// Autoscaling: a minute sample (`service` −1), an evaluation of `service` (`container` −1),
    /// or slot `container`'s start-up or stop, stale unless `generation` matches.
    case autoscale(service: Int32, container: Int32, generation: Int32)
}

/// One CPU job (a request's local work) in a container's processor-sharing queue.
struct Job {
    /// Finish tag in the container's virtual time (CPU-seconds per thread).
    var finish: Double
    var request: Int32
}

struct ContainerState {
    var service: Int32
    var machine: Int32
    var alive = true
    /// Its machine was replaced by a fresh one: the container is gone for good (static infrastructure).
    var evicted = false
    /// CFS weight: the CPU request (at least 2 millicores, CFS's minimum `cpu.shares` of 2).
    var weight: Double
    /// CPU cap under `quota` (the limit), `.infinity` otherwise.
    var cap: Double
    var memoryLimit: Double
    var memoryBase: Double
    var memoryPerRequest: Double
    var memoryUsed: Double
    var residents = StateTable<Int32>(reservingCapacity: 4)
    /// Min-heap of CPU jobs by finish tag.
    var jobs = StateTable<Job>(reservingCapacity: 4)
    /// Always-runnable threads of active CPU hogs (cpu-spin, thread-storm): they take CPU like
    /// jobs and never finish (Simulation+Hogs.swift).
    var hogThreads: Int32 = 0
    /// Progress per CPU-second: 1 / slowdown under interference (Simulation+Interference.swift), else 1.
    var speed: Double = 1
    var virtualTime: Double = 0
    /// CPU rate (cores) each running thread of this container currently gets.
    var rate: Double = 0
    /// When `virtualTime` and `cpuSeconds` were last brought up to date (ns).
    var lastFold: Int64 = 0
    /// Position in its machine's `active` list, or -1.
    var activeIndex: Int32 = -1
    var restartBackoff: SimDuration = .zero
    /// When it last started running (ns): the back-off resets after 10 minutes of running.
    var startedAt: Int64 = 0
    var kills: Int = 0
    /// CPU-seconds consumed so far.
    var cpuSeconds: Double = 0
    /// Runnable threads: request jobs plus hog threads.
    var running: Int { jobs.count + Int(hogThreads) }
}

struct MachineState {
    var cpu: Double
    var memory: Double
    /// Powered and running (false after a crash until repair or replacement).
    var up = true
    /// Reachable over the network (false during a rack outage).
    var reachable = true
    /// When the machine started (for the chaos monkey's "oldest machine").
    var bornAt: Int64 = 0
    /// Killed by the chaos monkey: comes back fresh and empty.
    var replaced = false
    /// Containers with at least one running job.
    var active = StateTable<Int32>()
    /// `activeNext[i]`: when `active[i]`'s earliest job completes at its current rate (ns).
    var activeNext = StateTable<Int64>()
    /// Σ over active containers of their CPU demand (threads, capped at the limit under quota).
    var demand: Double = 0
    /// Whether the rates were last computed in the contended regime (demand > cores).
    var saturated = false
    var containers: [Int32] = []
    var lastUpdate: Int64 = 0
    var generation: UInt32 = 0
    /// Time of the pending valid `cpuDone` event, `.max` if none.
    var scheduledAt: Int64 = .max
    var busy: Double = 0
    var memoryUsed: Double = 0
    var busyIntegral: Double = 0
    var memoryIntegral: Double = 0
    var busyAtMinuteStart: Double = 0
    var memoryAtMinuteStart: Double = 0
}

struct RequestState {
    enum Phase: UInt8 { case free, connecting, cpu, waitingCall }
    var service: Int32 = -1
    var container: Int32 = -1
    var parent: Int32 = -1
    var parentGeneration: UInt32 = 0
    var child: Int32 = -1
    var generation: UInt32 = 0
    var start: Int64 = 0
    var deadline: Int64 = .max
    var nextCall: Int32 = 0
    var residentIndex: Int32 = -1
    var phase: Phase = .free
    /// Already reported to the observer (a timeout: the work goes on, the client has gone).
    var reported = false
    var external = false
}

/// A balancer's view of one service's replicas: which it believes healthy and its cursor.
struct Pool {
    var service: Int32
    var replicas: [Int32]
    var believedHealthy: [Bool]
    var healthy: StateTable<Int32>
    var consecutive: [Int32]
    var cursor: Int = 0
}

struct BalancerState {
    var algorithm: BalancerAlgorithm
    var healthCheck: ClusterConfig.HealthCheck
    /// Pools indexed by service; -1 when this balancer does not route to the service.
    var poolOfService: [Int32]
    var pools: StateTable<Pool>
}

/// FIFO of (deadline, request, generation) for one service: deadlines of one service are
/// non-decreasing in creation order (constant timeout), so a ring buffer replaces a timer per
/// request; completed requests are discarded lazily, when their deadline reaches the head.
///
/// A ring (power-of-two capacity, doubled when full) in a `StateTable`: it spans only the live
/// window (rate × timeout entries), where an append-and-compact array cycled through several
/// times that and missed the cache, and an `Array` append paid a uniqueness check (perf).
struct DeadlineQueue {
    struct Entry {
        var deadline: Int64
        var request: Int32
        var generation: UInt32
    }
    /// `ring.count` (a power of two) slots; entry k (counting appends from 0) is at `k & mask`.
    private var ring = StateTable(repeating: Entry(deadline: 0, request: -1, generation: 0), count: 64)
    /// Appends so far, and removals so far: the queue holds entries `head ..< tail`.
    private var head = 0
    private var tail = 0
    var armed = false

    var isEmpty: Bool { head == tail }

    /// The oldest entry (the queue must not be empty).
    var first: Entry { ring[head & (ring.count &- 1)] }

    mutating func removeFirst() {
        assert(head < tail, "DeadlineQueue: removeFirst on an empty queue")
        head &+= 1
    }

    mutating func append(_ d: Int64, _ r: Int32, _ g: UInt32) {
        if tail &- head == ring.count { grow() }
        ring[tail & (ring.count &- 1)] = Entry(deadline: d, request: r, generation: g)
        tail &+= 1
    }

    /// Doubles the ring, the live entries first in order.
    @inline(never) private mutating func grow() {
        let mask = ring.count &- 1
        let bigger = StateTable(repeating: Entry(deadline: 0, request: -1, generation: 0), count: ring.count * 2)
        for k in head..<tail { bigger[k - head] = ring[k & mask] }
        tail -= head
        head = 0
        ring = bigger
    }
}
