import BulkheadKernel
import BulkheadStochastic

/// The request-level cluster model: machines, containers, balancers and traffic, run on the
/// event kernel. See `docs/model.md` for the semantics and approximations.
///
/// A value type with mutating methods, so that the event queue and the state arrays are accessed
/// without dynamic exclusivity checks in the hot loop.
public struct Simulation {
    let config: ClusterConfig
    let observer: any ModelObserver
    var queue = EventQueue<ModelEvent>(reservingCapacity: 4096)

    // The hot state lives in `StateTable`s (in-place access without copy-on-write checks).
    var machines = StateTable<MachineState>()
    var containers = StateTable<ContainerState>()
    /// Per container: requests resident in it (running or waiting on a downstream call). Apart
    /// from `ContainerState` so that least-connections scans one cache line, not one per replica.
    var inFlight = StateTable<Int32>()
    var balancers = StateTable<BalancerState>()
    /// Per service: its internal balancer (for downstream calls), an index into `balancers`.
    var internalBalancer: [Int32] = []
    /// Downstream calls of all services, flattened: service s calls
    /// `callTargets[callStart[s] ..< callStart[s + 1]]` in order. Flat arrays, because copying an
    /// inner array out of an array of arrays costs a retain/release pair per request.
    var callTargets: [Int32] = []
    var callStart: [Int32] = [0]
    /// Per service: its work distribution (extracted from `config` so that the hot path does not
    /// copy a whole service description).
    var works: [Distribution] = []
    var timeouts: [Int64] = []
    var deadlineQueues = StateTable<DeadlineQueue>()

    var requests = StateTable<RequestState>(reservingCapacity: 1024)
    var freeRequests = StateTable<Int32>(reservingCapacity: 1024)

    // Random streams (named, see StreamFactory): one per purpose. `streams` owns them; the
    // unmanaged references are what the hot path uses, because reading a class reference out of
    // an array costs a retain/release pair per request (measured: ~8% of the run time).
    let ownedStreams: [RandomStream]
    let ownedTraffic: [Traffic]
    /// Per external balancer: its arrival process and stream (see `Traffic`).
    let traffic: [Unmanaged<Traffic>]
    let routeStreams: [Unmanaged<RandomStream>]
    let balancerStreams: [Unmanaged<RandomStream>]
    let workStreams: [Unmanaged<RandomStream>]
    /// Routes of all external balancers, flattened: balancer b's routes are
    /// `routeStart[b] ..< routeStart[b + 1]`, with cumulative weights and target services.
    var routeCumulative: [Double] = []
    var routeService: [Int32] = []
    var routeStart: [Int32] = [0]
    var nextArrival = StateTable<Double>()

    // Scratch space reused across events (no allocation in the hot path).
    var completed = StateTable<Int32>()
    var completedGenerations = StateTable<UInt32>()
    var dueContainers = StateTable<Int32>()
    /// Streams of faults, keyed by `fault index << 32 | target` (the machine of a random crash,
    /// the container of a container crash, 0 for a correlated fault's victims; a release's
    /// badness, errors and dark-canary routing are targets 0, 1, 2).
    var faultStreams: [Int: Unmanaged<RandomStream>] = [:]
    var incidentCount = 0
    /// Per external balancer: active lb-failures not yet failed over (> 0: requests fail `lb-down`).
    var balancerDown: [Int32] = []
    /// Per container: the open container-crash incident, or -1.
    var crashIncident: [Int32] = []
    /// Per service: its containers in replica order.
    var serviceContainers: [[Int32]] = []
    /// Machines a correlated fault took down, by fault index (only those it powered off).
    var correlatedVictims: [Int: [Int32]] = [:]
    /// Releases in progress, and per container the release it runs a new version of (-1: none).
    var releases: [ReleaseState] = []
    var releaseOf: [Int32] = []
    /// Per service: the dark-canary release sending it a share of the service's requests, or -1.
    var darkRelease: [Int32] = []
    /// Per container: taken out of every balancer pool (a dark canary).
    var excludedFromPools: [Bool] = []
    /// Dynamic infrastructure: the rescheduler (nil: static), when each container was lost (ns,
    /// -1: not lost), containers waiting for room, and per-service figures.
    let rescheduler: (any Rescheduler)?
    var lostAt: [Int64] = []
    var pending: [Int32] = []
    var rescheduling: [ServiceRescheduling] = []
    var restoreSeconds: [Double] = []
    /// Connect timeout (ns) per balancer, internal ones included.
    var connectTimeouts: [Int64] = []
    var fillOrder: [Int32] = []
    /// Resource hogs, pinned cores and interference (Simulation+Hogs.swift, +Interference.swift).
    var hogs: HogState
    var interferenceOn: [Bool] = []
    /// Autoscaling (`Simulation+Autoscaling.swift`); empty when no service autoscales.
    var autoscaler = AutoscalerState()

    let end: SimInstant
    var minute = 0
    public private(set) var externalArrivals = 0

    /// Builds the model.
    /// - Parameters:
    ///   - placement: which machine each container runs on; containers not in it are not running.
    ///   - streams: the run's named random streams.
    ///   - observer: receives every request outcome, kill and minute sample.
    ///   - rescheduler: re-places lost containers under dynamic infrastructure (nil: they wait for
    ///     their machine).
    public init(config: ClusterConfig, placement: Placement, streams: StreamFactory, observer: any ModelObserver,
                rescheduler: (any Rescheduler)? = nil) {
        self.config = config
        self.rescheduler = rescheduler
        self.observer = observer
        self.end = .zero + config.duration
        let arrivals = config.balancers.map { streams.stream("arrivals/\($0.name)") }
        let routes = config.balancers.map { streams.stream("routes/\($0.name)") }
        let workOwned = config.services.map { streams.stream("work/\($0.name)") }
        let lbs = config.balancers.map { streams.stream("lb/\($0.name)") }
            + config.services.map { streams.stream("lb/internal/\($0.name)") }
        var faultOwned: [RandomStream] = []
        var faultRefs: [Int: Unmanaged<RandomStream>] = [:]
        func own(_ f: Int, _ target: Int, _ name: String) {
            let s = streams.stream(name)
            faultOwned.append(s)
            faultRefs[f << 32 | target] = Unmanaged.passUnretained(s)
        }
        for (f, fault) in config.faults.enumerated() {
            let suffix = f == 0 ? "" : "#\(f)"
            switch fault {
            case .randomMachineCrash(let ms, _, _):
                for m in ms { own(f, m, "faults/machine-crash/\(config.machines[m].name)" + suffix) }
            case .containerCrash(let s, _):
                for (k, c) in placement.containers.enumerated() where c.service == s {
                    own(f, k, "faults/container-crash/\(config.services[s].name)/\(c.replica)" + suffix)
                }
            case .correlated(let r, _, _, _):
                own(f, 0, "faults/correlated/\(config.racks[r])" + suffix)
            case .release(let rel):
                let name = "faults/release/\(config.services[rel.service].name)"
                own(f, 0, name + suffix)
                own(f, 1, name + "/errors" + suffix)
                own(f, 2, name + "/dark" + suffix)
            default: break
            }
        }
        faultStreams = faultRefs
        ownedStreams = arrivals + routes + workOwned + lbs + faultOwned
        ownedTraffic = zip(config.balancers, arrivals).map { Traffic(process: $0.arrivals, stream: $1) }
        traffic = ownedTraffic.map { Unmanaged.passUnretained($0) }
        routeStreams = routes.map { Unmanaged.passUnretained($0) }
        workStreams = workOwned.map { Unmanaged.passUnretained($0) }
        balancerStreams = lbs.map { Unmanaged.passUnretained($0) }

        machines = StateTable(config.machines.map { MachineState(cpu: $0.cpu, memory: $0.memory) })
        var replicasOfService = [[Int32]](repeating: [], count: config.services.count)
        for c in placement.containers {
            let s = config.services[c.service]
            let id = Int32(containers.count)
            containers.append(ContainerState(
                service: Int32(c.service), machine: Int32(c.machine),
                weight: max(0.002, s.cpuRequest),
                cap: config.cpuIsolation == .quota || config.cpuIsolation == .pinned ? (s.cpuLimit ?? .infinity) : .infinity,
                memoryLimit: config.memoryIsolation == .limits ? (s.memoryLimit ?? .infinity) : .infinity,
                memoryBase: s.memoryBase, memoryPerRequest: s.memoryPerRequest, memoryUsed: s.memoryBase,
                restartBackoff: config.restartBackoff))
            machines[c.machine].containers.append(id)
            crashIncident.append(-1)
            releaseOf.append(-1)
            inFlight.append(0)
            excludedFromPools.append(false)
            lostAt.append(-1)
            machines[c.machine].memoryUsed += s.memoryBase
            replicasOfService[c.service].append(id)
        }
        func pool(_ s: Int) -> Pool {
            let r = replicasOfService[s]
            return Pool(service: Int32(s), replicas: r, believedHealthy: r.map { _ in true }, healthy: StateTable(r),
                        consecutive: r.map { _ in 0 })
        }
        let nServices = config.services.count
        for b in config.balancers {
            var poolOf = [Int32](repeating: -1, count: nServices)
            var pools: [Pool] = []
            for route in b.routes where poolOf[route.service] < 0 {
                poolOf[route.service] = Int32(pools.count)
                pools.append(pool(route.service))
            }
            balancers.append(BalancerState(algorithm: b.algorithm, healthCheck: b.healthCheck, poolOfService: poolOf, pools: StateTable(pools)))
            let total = b.routes.reduce(0) { $0 + $1.weight }
            var acc = 0.0
            for r in b.routes {
                acc += r.weight
                routeCumulative.append(acc / max(total, 1e-300))
                routeService.append(Int32(r.service))
            }
            routeStart.append(Int32(routeCumulative.count))
        }
        for s in 0..<nServices {
            internalBalancer.append(Int32(balancers.count))
            var poolOf = [Int32](repeating: -1, count: nServices)
            poolOf[s] = 0
            balancers.append(BalancerState(algorithm: config.internalAlgorithm, healthCheck: ClusterConfig.HealthCheck(),
                                           poolOfService: poolOf, pools: StateTable([pool(s)])))
            for c in config.services[s].calls { callTargets += Array(repeating: Int32(c.service), count: c.count) }
            callStart.append(Int32(callTargets.count))
            works.append(config.services[s].work)
            timeouts.append(config.services[s].timeout?.nanoseconds ?? .max)
        }
        // One `DeadlineQueue()` per service: a queue's table is a reference, so `repeating:` would share one.
        deadlineQueues = StateTable((0..<nServices).map { _ in DeadlineQueue() })
        serviceContainers = replicasOfService
        darkRelease = Array(repeating: -1, count: nServices)
        rescheduling = config.services.map { ServiceRescheduling(service: $0.name) }
        restoreSeconds = Array(repeating: 0, count: nServices)
        balancerDown = Array(repeating: 0, count: config.balancers.count)
        connectTimeouts = config.balancers.map(\.connectTimeout.nanoseconds) + Array(repeating: 1_000_000_000, count: nServices)
        nextArrival = StateTable(repeating: 0, count: config.balancers.count)
        hogs = HogState(config: config, streams: streams, machines: machines.count, containers: containers.count)
        // Autoscaling appends parked slots to `containers`: the per-container hog, pinning and
        // interference tables are sized after it.
        setUpAutoscaling()
        hogs.addContainers(upTo: containers.count)
        setUpPinning()
        setUpInterference()
    }

    /// CPU-seconds each container (in placement order) has consumed so far.
    public var containerCPUSeconds: [Double] { containers.map(\.cpuSeconds) }

    /// Time-integral of memory in use on each machine (byte-seconds) so far.
    public var machineMemoryIntegral: [Double] { machines.map(\.memoryIntegral) }

    /// What a finished run leaves behind besides what the observer saw.
    public struct Outcome: Sendable {
        /// Events processed by the kernel.
        public var events: Int
        /// External requests generated by the balancers.
        public var externalArrivals: Int
        /// Requests (per service) still in flight at the end and not yet reported.
        public var inFlightAtEnd: [Int]
        /// Per service, under dynamic infrastructure (empty under static).
        public var rescheduling: [ServiceRescheduling] = []
        /// Batch jobs started during the run, in start order (Simulation+Batch.swift).
        public var batchJobs: [BatchJobSummary] = []
        /// Per autoscaled service (empty without autoscaling).
        public var autoscaling: [ServiceAutoscaling] = []
    }

    /// Runs the whole simulation.
    /// - Parameter progress: called at every simulated minute with the current time.
    public mutating func run(progress: ((SimInstant) -> Void)? = nil) -> Outcome {
        for b in config.balancers.indices { scheduleNextArrival(Int32(b)) }
        for b in balancers.indices {
            queue.schedule(after: balancers[b].healthCheck.interval, priority: 64, .healthCheck(balancer: Int32(b)))
        }
        queue.schedule(after: .minutes(1), priority: 255, .minuteTick)
        scheduleFaults()
        scheduleHogs()
        scheduleAutoscaling()
        while let e = queue.next(until: end) {
            switch e.payload {
            case .arrival(let b): externalArrival(b)
            case .cpuDone(let m, let g): if machines[Int(m)].generation == g { cpuDone(Int(m)) }
            case .deadline(let s): deadlineFired(Int(s))
            case .healthCheck(let b): healthCheck(Int(b))
            case .containerStart(let c): containerStart(Int(c))
            case .fault(let f, let target): faultFired(Int(f), target: Int(target))
            case .recover(let id, let target, let f): recover(incident: Int(id), target: Int(target), fault: Int(f))
            case .reschedule(let c): reschedule(Int(c))
            case .faultStep(let f, let target, let step): faultStep(Int(f), target: Int(target), step: Int(step))
            case .hog(let phase, let index, let arg): hogEvent(phase, Int(index), arg)
            case .connectFail(let r, let g):
                if requests[Int(r)].generation == g && requests[Int(r)].phase == .connecting { fail(r, .unreachable) }
            case .autoscale(let s, let c, let g): autoscaleEvent(service: Int(s), container: Int(c), generation: g)
            case .minuteTick:
                minuteTick()
                progress?(queue.now)
            }
        }
        for m in machines.indices { advance(m) }
        for c in containers.indices { fold(c) }
        var unreported = [Int](repeating: 0, count: config.services.count)
        for r in requests where r.phase != .free && !r.reported { unreported[Int(r.service)] += 1 }
        return Outcome(events: queue.processed, externalArrivals: externalArrivals, inFlightAtEnd: unreported,
                       rescheduling: reschedulingSummary(), batchJobs: batchSummary(),
                       autoscaling: autoscalingSummary())
    }

    // MARK: traffic

    mutating func scheduleNextArrival(_ b: Int32) {
        let bi = Int(b)
        let after = nextArrival[bi]
        let t = traffic[bi]._withUnsafeGuaranteedRef { $0.process.next(after: after, $0.stream) }
        nextArrival[bi] = t
        guard t.isFinite, t * 1e9 < Double(end.nanoseconds) + 1 else { return }
        let at = SimInstant(nanoseconds: max(queue.now.nanoseconds, Int64((t * 1e9).rounded(.up))))
        queue.schedule(at: at, .arrival(balancer: b))
    }

    mutating func externalArrival(_ b: Int32) {
        let bi = Int(b)
        scheduleNextArrival(b)
        externalArrivals += 1
        let u = routeStreams[bi]._withUnsafeGuaranteedRef { $0.uniform() }
        var k = Int(routeStart[bi])
        let last = Int(routeStart[bi + 1]) - 1
        while k < last && u >= routeCumulative[k] { k += 1 }
        let r = newRequest(service: routeService[k], parent: -1, external: true)
        if balancerDown[bi] > 0 {
            fail(r, .lbDown)
            return
        }
        dispatch(r, balancer: bi)
    }

    mutating func minuteTick() {
        minute += 1
        var samples: [MachineSample] = []
        samples.reserveCapacity(machines.count)
        for m in machines.indices {
            advance(m)
            let busy = machines[m].busyIntegral - machines[m].busyAtMinuteStart
            let mem = machines[m].memoryIntegral - machines[m].memoryAtMinuteStart
            machines[m].busyAtMinuteStart = machines[m].busyIntegral
            machines[m].memoryAtMinuteStart = machines[m].memoryIntegral
            samples.append(MachineSample(busyCores: busy / 60, memoryUsed: mem / 60))
        }
        observer.minuteEnded(minute: minute - 1, machines: samples)
        if queue.now + .minutes(1) <= end { queue.schedule(after: .minutes(1), priority: 255, .minuteTick) }
    }
}

/// An external balancer's arrival process with its random stream, in one object the hot path
/// reaches through an unmanaged reference: a process read out of an array was copied, retaining
/// and releasing its profile's five arrays on every arrival (~3% of a gilt-japan run, perf).
final class Traffic {
    let process: ArrivalProcess
    let stream: RandomStream
    init(process: ArrivalProcess, stream: RandomStream) {
        self.process = process
        self.stream = stream
    }
}
