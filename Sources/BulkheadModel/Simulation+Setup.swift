import BulkheadKernel
import BulkheadStochastic

extension Simulation {
    /// Builds the model.
    /// - Parameters:
    ///   - placement: which machine each container runs on; containers not in it are not running.
    ///   - streams: the run's named random streams.
    ///   - observer: receives every request outcome, kill and minute sample.
    ///   - rescheduler: re-places lost containers under dynamic infrastructure (nil: they wait for
    ///     their machine).
    public init(
        config: ClusterConfig, placement: Placement, streams: StreamFactory, observer: any ModelObserver,
        rescheduler: (any Rescheduler)? = nil
    ) {
        self.config = config
        self.rescheduler = rescheduler
        self.observer = observer
        self.end = .zero + config.duration
        let arrivals = config.balancers.map { streams.stream("arrivals/\($0.name)") }
        let routes = config.balancers.map { streams.stream("routes/\($0.name)") }
        let work = config.services.map { streams.stream("work/\($0.name)") }
        let lbs =
            config.balancers.map { streams.stream("lb/\($0.name)") }
            + config.services.map { streams.stream("lb/internal/\($0.name)") }
        let layout = ContainerLayout(config: config, placement: placement)

        cluster = Cluster(config: config, containers: layout.containers, replicas: layout.replicas)
        cpu = CPU(isolation: config.cpuIsolation, cores: config.machines.map(\.cpu), weights: layout.weights, caps: layout.caps)
        memory = Memory(
            capacities: config.machines.map(\.memory),
            profiles: config.services.map {
                Memory.Profile(
                    limit: config.memoryIsolation == .limits ? ($0.memoryLimit ?? .infinity) : .infinity,
                    base: $0.memoryBase, perRequest: $0.memoryPerRequest)
            },
            services: layout.containers.map(\.service))
        for c in cluster.containerIDs where cluster.isAlive(c) { memory.start(c, on: cluster.machine(of: c)) }
        balancing = Balancing(
            config: config, replicas: layout.replicas, excluded: layout.containers.map(\.evicted),
            streams: lbs)
        requests = Requests(services: config.services, containers: layout.containers.count, workStreams: work)
        let sources = zip(config.balancers, arrivals).map { ArrivalSource(process: $0.arrivals, stream: $1) }
        traffic = Traffic(
            balancers: config.balancers, sources: sources, routeStreams: routes,
            tracedSources: Traffic.makeTracedSources(config.balancers, services: config.services, streams: streams))
        faults = Faults(
            config: config, placement: placement, streams: streams, containers: layout.containers.count,
            replicas: layout.replicas)
        releases = Releases(config: config, streams: streams, containers: layout.containers.count, greens: layout.greens)
        hogs = Hogs(config: config, streams: streams, containers: layout.containers.count)
        batch = BatchJobs(config: config, streams: streams, containers: layout.containers.count)
        autoscaler = Autoscaler(config: config, containers: layout.containers)
        rescheduling = Rescheduling(config: config, containers: layout.containers.count)
        flow = FlowModel(config: config, containers: config.fidelity == .flow ? layout.containers.count : 0)

        if config.cpuIsolation == .quota {
            for c in cluster.containerIDs {
                let svc = config.services[layout.containers[c.index].service.index]
                guard let limit = svc.cpuLimit else { continue }
                cpu.setBandwidth(
                    c, limit: limit, period: svc.cpuPeriod.nanoseconds, burst: svc.cpuBurst.nanoseconds)
            }
        }
        cpu.setUpPinning(members: cluster.machineIDs.map { cluster.members(of: $0) })
        cpu.setUpInterference(
            sensitivity: layout.containers.map { c in
                c.service.index < config.interference.count ? config.interference[c.service.index] : 0
            },
            machineOf: layout.containers.map(\.machine))
    }
}

/// The model's containers: those of the placement, in its order, then the parked slots of
/// autoscaled services, then those of blue-green releases' new sets (appended so that the
/// placement's container indices are unchanged), with each component's view of them.
struct ContainerLayout {
    var containers: [Cluster.Container] = []
    var weights: [Double] = []
    var caps: [Double] = []
    /// Per service: its containers in replica order (placed ones, then its slots).
    var replicas: [[ContainerID]]
    /// Per release: the parked slots of its blue-green new set (one per replica of its service).
    var greens: [[ContainerID]] = []

    init(config: ClusterConfig, placement: Placement) {
        replicas = Array(repeating: [], count: config.services.count)
        for c in placement.containers {
            add(config: config, service: c.service, machine: c.machine, placed: true)
        }
        for (s, svc) in config.services.enumerated() {
            guard let auto = svc.autoscaling else { continue }
            while replicas[s].count < max(auto.slots, svc.replicas) { add(config: config, service: s, machine: 0, placed: false) }
        }
        for rel in config.releases {
            var set: [ContainerID] = []
            if rel.blueGreen != nil {
                for _ in 0..<config.services[rel.service].replicas {
                    set.append(ContainerID(containers.count))
                    add(config: config, service: rel.service, machine: 0, placed: false)
                }
            }
            greens.append(set)
        }
    }

    /// Adds a container of service `s`: placed on `machine` and running, or a parked slot.
    mutating func add(config: ClusterConfig, service s: Int, machine: Int, placed: Bool) {
        let svc = config.services[s]
        let id = ContainerID(containers.count)
        containers.append(
            Cluster.Container(
                service: ServiceID(s), replica: Int32(replicas[s].count), machine: MachineID(machine), alive: placed,
                evicted: !placed, restartBackoff: config.restartBackoff))
        // A parked slot gets its CPU cap under `quota-fluid` only, not under `pinned` (placed
        // containers get it under both): a known difference, kept until it is fixed on its own.
        // Under `quota` the limit is a bandwidth per period (`CPU.setBandwidth`), not a cap.
        let capped = config.cpuIsolation == .quotaFluid || (placed && config.cpuIsolation == .pinned)
        weights.append(max(0.002, svc.cpuRequest))
        caps.append(capped ? (svc.cpuLimit ?? .infinity) : .infinity)
        replicas[s].append(id)
    }
}
