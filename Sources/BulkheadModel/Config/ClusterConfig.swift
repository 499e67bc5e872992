import BulkheadKernel
import BulkheadStochastic

/// CPU isolation between containers on one machine.
public enum CPUIsolation: String, Sendable, Codable {
    /// Every runnable thread on the machine gets an equal share (no cgroup CPU control).
    case none
    /// Weighted max-min fair share between containers in proportion to their CPU requests
    /// (work-conserving, like CFS `cpu.shares` / `cpu.weight`).
    case shares
    /// As `shares`, with CFS bandwidth control: a container with a CPU limit L may use L × P
    /// CPU-seconds per period P (on any number of cores), is throttled when that runtime is
    /// spent and refilled at the period boundary (CPU+Bandwidth.swift).
    case quota
    /// As `shares`, and a container's CPU rate never exceeds its limit: the long-run rate of
    /// `quota` without its periods (right for containers that always demand more than their
    /// limit; smoother and faster to simulate).
    case quotaFluid = "quota-fluid"
    /// A container with a CPU limit owns that many cores exclusively (never uses others' idle
    /// cores; nobody uses its idle ones); containers without a limit share the remaining cores
    /// as under `shares` (Kubernetes' static CPU manager policy).
    case pinned
}

/// Memory isolation between containers on one machine.
public enum MemoryIsolation: String, Sendable, Codable {
    /// No per-container limit; the machine's OOM killer kills the largest container when full.
    case none
    /// A container above its limit is OOM-killed.
    case limits
}

/// Load-balancing algorithm.
public enum BalancerAlgorithm: String, Sendable, Codable {
    case roundRobin = "round-robin"
    case random
    case leastConnections = "least-connections"
    case powerOfTwo = "power-of-two"
}

/// The model's own, fully resolved input: units converted, names resolved to indices.
/// Built from a scenario by the experiments layer; the model never sees YAML.
public struct ClusterConfig: Sendable {
    public struct Machine: Sendable {
        public var name: String
        public var rack: Int
        public var type: String
        public var cpu: Double
        public var memory: Double
        public var role: String?
        /// Zone index (into `ClusterConfig.zones`), or −1 when the cluster has no zones.
        public var zone: Int = -1
        /// GPU devices, each of `GPURequest.milliPerGPU` shares (0: none).
        public var gpus: Int = 0
        /// Capacity of each named extended resource, indexed as `ClusterConfig.extendedResources`
        /// (empty, or one entry per name).
        public var extended: [Double] = []
        public init(name: String, rack: Int, type: String, cpu: Double, memory: Double, role: String? = nil) {
            self.name = name
            self.rack = rack
            self.type = type
            self.cpu = cpu
            self.memory = memory
            self.role = role
        }
    }

    public struct Call: Sendable {
        public var service: Int
        public var count: Int
        public init(service: Int, count: Int) {
            self.service = service
            self.count = count
        }
    }

    public struct Service: Sendable {
        public var name: String
        public var tenant: String
        public var role: String?
        public var replicas: Int
        public var cpuRequest: Double
        public var memoryRequest: Double
        public var cpuLimit: Double?
        public var memoryLimit: Double?
        /// CFS bandwidth period and burst under `quota` (Linux's `cpu.cfs_period_us`, default
        /// 100 ms, and `cpu.cfs_burst_us`, default 0).
        public var cpuPeriod = SimDuration(nanoseconds: 100_000_000)
        public var cpuBurst = SimDuration(nanoseconds: 0)
        /// CPU-seconds of single-threaded work per request.
        public var work: Distribution
        public var memoryBase: Double
        public var memoryPerRequest: Double
        public var calls: [Call]
        public var timeout: SimDuration?
        /// SLO: p99 latency target (seconds) per minute, and availability target (fraction).
        public var sloLatencyP99: Double?
        public var sloAvailability: Double?
        /// Placement constraints: at most k replicas per machine / per rack (nil = unbounded).
        public var antiAffinity: AntiAffinity = .init()
        /// Placement constraints: PodTopologySpread-style constraints, all of which apply.
        public var topologySpread: [TopologySpread] = []
        /// Replica count changing over the run (nil: fixed at `replicas`).
        public var autoscaling: Autoscaling? = nil
        /// A fixed placement: replica i may only run on machine `pinnedTo[i]` (scenario `pinnedTo`);
        /// nil: the placement policy chooses.
        public var pinnedTo: [Int]? = nil
        /// GPUs each replica requests (none by default).
        public var gpuRequest: GPURequest = .none
        /// Request of each named extended resource, indexed as `ClusterConfig.extendedResources`
        /// (empty, or one entry per name).
        public var extendedRequests: [Double] = []
        public init(
            name: String, tenant: String, role: String? = nil, replicas: Int, cpuRequest: Double,
            memoryRequest: Double, cpuLimit: Double? = nil, memoryLimit: Double? = nil, work: Distribution,
            memoryBase: Double = 0, memoryPerRequest: Double = 0, calls: [Call] = [], timeout: SimDuration? = nil,
            sloLatencyP99: Double? = nil, sloAvailability: Double? = nil
        ) {
            self.name = name
            self.tenant = tenant
            self.role = role
            self.replicas = replicas
            self.cpuRequest = cpuRequest
            self.memoryRequest = memoryRequest
            self.cpuLimit = cpuLimit
            self.memoryLimit = memoryLimit
            self.work = work
            self.memoryBase = memoryBase
            self.memoryPerRequest = memoryPerRequest
            self.calls = calls
            self.timeout = timeout
            self.sloLatencyP99 = sloLatencyP99
            self.sloAvailability = sloAvailability
        }
    }

    public struct HealthCheck: Sendable {
        public var interval: SimDuration
        public var unhealthyThreshold: Int
        public var healthyThreshold: Int
        public init(interval: SimDuration = .seconds(5), unhealthyThreshold: Int = 3, healthyThreshold: Int = 2) {
            self.interval = interval
            self.unhealthyThreshold = unhealthyThreshold
            self.healthyThreshold = healthyThreshold
        }
    }

    public struct Balancer: Sendable {
        public var name: String
        public var algorithm: BalancerAlgorithm
        public var healthCheck: HealthCheck
        public var connectTimeout: SimDuration
        public var arrivals: ArrivalProcess
        /// (service index, weight); weights sum to 1 (to at most 1 with traced routes, whose weight
        /// is 0). `arrivals` is the process of the routes with a weight.
        public var routes: [(service: Int, weight: Double)]
        /// Routes replaying a trace of their own: (service index, its arrival process), added to
        /// `arrivals` by superposition (scenario `routes[i].trace`). Empty for most balancers.
        public var tracedRoutes: [(service: Int, arrivals: ArrivalProcess)] = []
        /// Instances of the balancer: 1 (default) or 2 (active + standby, see `FaultConfig.lbFailure`).
        public var replicas: Int = 1
        /// With a standby: how long traffic fails after the active instance stops (default 10 s).
        public var failoverTime: SimDuration = .seconds(10)
        public init(
            name: String, algorithm: BalancerAlgorithm, healthCheck: HealthCheck = .init(),
            connectTimeout: SimDuration = .seconds(1), arrivals: ArrivalProcess, routes: [(service: Int, weight: Double)]
        ) {
            self.name = name
            self.algorithm = algorithm
            self.healthCheck = healthCheck
            self.connectTimeout = connectTimeout
            self.arrivals = arrivals
            self.routes = routes
        }
    }

    public var racks: [String]
    /// Failure domains above racks (a zone holds racks), in scenario order; empty: no zones.
    public var zones: [String] = []
    public var machines: [Machine]
    public var services: [Service]
    public var balancers: [Balancer]
    public var cpuIsolation: CPUIsolation
    public var memoryIsolation: MemoryIsolation
    public var maxContainersPerMachine: Int
    public var duration: SimDuration
    public var warmup: SimDuration
    /// Algorithm of the per-service internal balancers used for downstream calls.
    public var internalAlgorithm: BalancerAlgorithm
    /// Restart back-off after an OOM kill: initial, doubling, capped (Kubernetes CrashLoopBackOff:
    /// 10 s doubling to 5 min), plus the container's start-up time.
    public var restartBackoff: SimDuration
    public var restartBackoffCap: SimDuration
    public var startupTime: SimDuration
    /// Faults injected during the run (empty: none).
    public var faults: [FaultConfig] = []
    /// Releases (staged rollouts of new versions) during the run (empty: none).
    public var releases: [ReleaseConfig] = []
    /// What happens to containers lost with their machine (default: static, nothing).
    public var infrastructure: Infrastructure = .static
    /// Placement: multipliers on what requests may add up to per machine (1 = no overcommit).
    public var overcommit: Overcommit = .init()
    /// Placement: machines per service shard for the `shuffle-shard` policy.
    public var shardSize: Int = 4
    /// Placement: tenant rules by tenant name (`dedicated`, `avoidTenants`); empty = none.
    public var tenantRules: [String: TenantRule] = [:]
    /// Names of the extended resources (`example.com/fpga`) that machines offer and services
    /// request, in the order of `Machine.extended` and `Service.extendedRequests`. GPUs are not
    /// among them: they are devices (`Machine.gpus`, `Service.gpuRequest`).
    public var extendedResources: [String] = []

    /// Whether any machine offers or any service requests a GPU or a named extended resource.
    public var usesExtendedResources: Bool {
        !extendedResources.isEmpty || machines.contains { $0.gpus > 0 } || services.contains { $0.gpuRequest.count > 0 }
    }
    /// Placement: a user-composed policy (`placement: { filters, scorers }`), used when the policy
    /// name is `custom`; nil = none.
    public var composedPolicy: ComposedPolicy? = nil
    /// Resource hogs injected during the run (empty: none). See `HogConfig`.
    public var hogs: [HogConfig] = []
    /// Per service (configuration order): sensitivity to co-located work; empty or all zero = no
    /// interference beyond CPU time. See CPU/CPU+Interference.swift.
    public var interference: [Double] = []
    /// Request-level (the reference) or flow-level simulation.
    public var fidelity: Fidelity = .request
    /// Under flow fidelity, whether an event that names the few services it changes closes only
    /// their part's step (Flow/Simulation+FlowParts.swift); not a scenario key: off only to
    /// measure what the parts change.
    public var flowParts = true
    /// Under flow fidelity, whether a settled step whose traffic moved little replays the last
    /// pass (Flow/Simulation+FlowReplay.swift); not a scenario key: off only to measure what the
    /// replays change.
    public var flowReplay = true

    public init(
        racks: [String], machines: [Machine], services: [Service], balancers: [Balancer],
        cpuIsolation: CPUIsolation = .shares, memoryIsolation: MemoryIsolation = .limits,
        maxContainersPerMachine: Int = 110, duration: SimDuration, warmup: SimDuration = .zero,
        internalAlgorithm: BalancerAlgorithm = .powerOfTwo
    ) {
        self.racks = racks
        self.machines = machines
        self.services = services
        self.balancers = balancers
        self.cpuIsolation = cpuIsolation
        self.memoryIsolation = memoryIsolation
        self.maxContainersPerMachine = maxContainersPerMachine
        self.duration = duration
        self.warmup = warmup
        self.internalAlgorithm = internalAlgorithm
        self.restartBackoff = .seconds(10)
        self.restartBackoffCap = .seconds(300)
        self.startupTime = .seconds(5)
    }
}

extension ClusterConfig {
    /// At most `maxPerMachine` replicas of one service per machine and `maxPerRack` per rack.
    public struct AntiAffinity: Sendable, Hashable {
        public var maxPerMachine: Int?
        public var maxPerRack: Int?
        public init(maxPerMachine: Int? = nil, maxPerRack: Int? = nil) {
            self.maxPerMachine = maxPerMachine
            self.maxPerRack = maxPerRack
        }
    }

    /// Kubernetes PodTopologySpread for the replicas of one service: placing on a domain is allowed
    /// when `count(domain) + 1 − min over eligible domains ≤ maxSkew`.
    public struct TopologySpread: Sendable, Hashable {
        public enum Key: String, Sendable, Hashable, CaseIterable { case rack, machine, zone }
        public enum WhenUnsatisfiable: String, Sendable, Hashable, CaseIterable {
            /// DoNotSchedule: a hard filter.
            case refuse
            /// ScheduleAnyway: preferred; ignored when no machine satisfies it.
            case allow
        }
        public var key: Key
        public var maxSkew: Int
        public var whenUnsatisfiable: WhenUnsatisfiable
        public init(key: Key, maxSkew: Int = 1, whenUnsatisfiable: WhenUnsatisfiable = .refuse) {
            self.key = key
            self.maxSkew = maxSkew
            self.whenUnsatisfiable = whenUnsatisfiable
        }
    }

    /// Placement rules of one tenant. `dedicated`: its containers only share machines with each
    /// other (no other tenant on a machine holding one of them). `avoid`: never share a machine with
    /// these tenants (applied symmetrically).
    public struct TenantRule: Sendable, Hashable {
        public var dedicated: Bool
        public var avoid: [String]
        public init(dedicated: Bool = false, avoid: [String] = []) {
            self.dedicated = dedicated
            self.avoid = avoid
        }
    }

    /// A user-composed placement policy: hard filters (machine health always applies) plus a
    /// weighted sum of normalised scorers.
    public struct ComposedPolicy: Sendable, Hashable {
        public enum Filter: String, Sendable, Hashable, CaseIterable {
            case fits, maxContainers, role, antiAffinity, topologySpread, tenants
        }
        public struct Scorer: Sendable, Hashable {
            public enum Kind: String, Sendable, Hashable, CaseIterable {
                case leastAllocated, mostAllocated, balancedAllocation, topologySpread, requestedToCapacityRatio,
                    tetris, random
            }
            public var kind: Kind
            public var weight: Double
            /// `topologySpread` only: the domain counted (nil = rack and machine, as Kubernetes' defaults).
            public var key: TopologySpread.Key?
            /// `requestedToCapacityRatio` only: (utilisation %, score 0…10) points, utilisation increasing.
            public var shape: [ShapePoint]
            public init(kind: Kind, weight: Double = 1, key: TopologySpread.Key? = nil, shape: [ShapePoint] = []) {
                self.kind = kind
                self.weight = weight
                self.key = key
                self.shape = shape
            }
        }
        public struct ShapePoint: Sendable, Hashable {
            public var utilization: Double
            public var score: Double
            public init(utilization: Double, score: Double) {
                self.utilization = utilization
                self.score = score
            }
        }
        public var filters: [Filter]
        public var scorers: [Scorer]
        public init(filters: [Filter] = Filter.allCases, scorers: [Scorer]) {
            self.filters = filters
            self.scorers = scorers
        }
    }

    /// Capacity multipliers for placement (`cpu: 1.5` lets CPU requests add up to 150% of the cores).
    public struct Overcommit: Sendable, Hashable {
        public var cpu: Double
        public var memory: Double
        public init(cpu: Double = 1, memory: Double = 1) {
            self.cpu = cpu
            self.memory = memory
        }
    }
}

/// Where each container runs: `containers[k]` is (service index, machine index) of container k.
/// Containers of one service are numbered replica 0, 1, … in order.
public struct Placement: Sendable {
    public struct Container: Sendable, Hashable {
        public var service: Int
        public var replica: Int
        public var machine: Int
        public init(service: Int, replica: Int, machine: Int) {
            self.service = service
            self.replica = replica
            self.machine = machine
        }
    }
    public var containers: [Container]
    public init(containers: [Container]) { self.containers = containers }
}

/// Static or dynamic infrastructure (`infrastructure:` in a scenario).
public enum Infrastructure: Sendable, Equatable {
    /// Containers stay where they were placed; a failed machine's containers are gone until it
    /// is repaired (for good when it is replaced).
    case `static`
    /// A rescheduler notices a lost container after `detectAfter` and re-places it on a healthy
    /// machine with room; it takes traffic after `startupTime`. Containers that fit nowhere wait
    /// and are retried whenever a machine comes back.
    case dynamic(detectAfter: SimDuration, startupTime: SimDuration)
}

/// Chooses a machine for a lost container under dynamic infrastructure. Implemented outside the
/// model (on top of the placement policy) and called only on fault events, never per request.
public protocol Rescheduler {
    /// A machine for replica `replica` of `service`, given the containers running or starting
    /// now and the machines that are down or unreachable; nil when it fits nowhere.
    func machine(service: Int, replica: Int, running: [Placement.Container], down: Set<Int>) -> Int?
}
