import BulkheadKernel

/// The flow engine's state (flow fidelity): traffic as rates recomputed every `step`, the fluid
/// backlog and in-flight requests of each container, and what is to be reported. The step itself
/// is a coordinator extension (`Simulation+Flow.swift`); the discrete events (faults, health
/// checks, hogs, kills) are the request engine's own and act on the shared components.
struct FlowModel {
    /// The shortest step, used after every event that changes the state and while a container
    /// is backlogged or saturated (transients, overload).
    static let minStep = SimDuration.seconds(1)
    /// The longest step (a quiet minute is one step).
    static let maxStep = SimDuration.minutes(1)
    /// A step is halved while a balancer's expected arrivals in its two halves differ by more than
    /// this fraction: a step's rates are its averages, and the mean sojourn of a station at
    /// utilisation ρ moves by about ρ/(1 − ρ) times a load change (8 % of 1 % at ρ = 0.89).
    static let rateTolerance = 0.01
    /// A container with more than this many requests in its fluid backlog keeps steps short.
    static let quietBacklog = 1e-6

    /// The open step: its start, its length (ns) and the event that ends it (nil once it fired).
    var stepStart = SimInstant.zero
    var stepLength = minStep.nanoseconds
    var stepEvent: EventHandle?
    /// Whether the last integrated step left no container backlogged or saturated.
    var quiet = true
    /// Whether the last integrated step's per-container arrival rates and cores all agree with the
    /// step's before it within `settleTolerance` (the transient an event started has settled).
    var settled = true
    /// A step settled when every container's arrival rate and cores moved by less than this
    /// fraction since the step before: the next is then as long as allowed (`flowClose`).
    static let settleTolerance = 0.01

    /// The part of the fleet an event disturbed, stepped on its own (`Simulation+FlowParts.swift`):
    /// whole components of the call graph (`component`), with their own open sub-step
    /// [dirtySince, dirtySince + dirtyLength) while the rest goes on with the open step.
    var dirty: [Bool] = []
    var dirtyServices: [Int] = []
    var dirtySince = SimInstant.zero
    var dirtyLength = minStep.nanoseconds
    var dirtyEvent: EventHandle?
    /// Whether the disturbed part's last sub-step was quiet and settled (it joins the rest at the
    /// next close of the open step).
    var dirtyQuiet = true
    var dirtySettled = true
    /// Counts the changes of `dirtyServices`; the disturbed part and the rest as parts, built for
    /// a generation (`Simulation.flowDirtyPart`, `flowRestPart`: a sub-step reuses them).
    var partGeneration = 0
    var dirtyPartCache: (generation: Int, part: FlowPart)?
    var restPartCache: (generation: Int, part: FlowPart)?
    /// Counts the passes over anything but the disturbed part (they change the demands of
    /// containers outside it); `machineOthers` holds the disturbed part's machines' others for
    /// (`partGeneration`, `demandGeneration`) = `othersKey`, which its next sub-step reuses.
    var demandGeneration = 0
    var othersKey: (Int, Int) = (-1, -1)
    /// Per service, its component of the call graph (services linked by calls, either way).
    let component: [Int32]
    let componentServices: [[Int]]
    /// A disturbed part is stepped on its own only while every machine its containers run on has
    /// at least this many cores beyond the demand on it (no contention, and a neighbour's
    /// processor-sharing station keeps more free cores than a few requests can use: its sojourn
    /// does not depend on the part's demand), and the part holds at most
    /// `maxPartShare` of the services.
    static let roomyCores = 8.0
    static let maxPartShare = 0.25

    /// Replayed steps (`Simulation+FlowReplay.swift`): the one balancer whose traffic drives
    /// every service (nil: none, or several, and every step is a pass); per container what its
    /// last pass added to its minute (successes, their latency sums, its busy core-seconds), per
    /// (service, outcome, external) the failures that pass reported, and per service that pass's
    /// expected arrivals of the driver, its arrival rate, which a replay scales by.
    let driver: Int?
    var unitExt: StateTable<Double>
    var unitInt: StateTable<Double>
    var unitSum: StateTable<Double>
    var unitSum2: StateTable<Double>
    var unitBusy: StateTable<Double>
    var unitFail: StateTable<Double>
    var anchorArrivals: StateTable<Double>
    var anchorRate: StateTable<Double>
    /// Per service, the replays' factors summed since its containers' minute figures were last
    /// brought up to date: a replay adds its factor here, not to every container's minute
    /// (`Simulation.flowMaterialize`; the minute flush reads unit × factor straight), and
    /// whether a pass (or that update) wrote its containers' minute figures this minute.
    var pendingFactor: StateTable<Double>
    var minuteTouched: [Bool]
    /// Whether a pass is under way (`flowReport` then records into `unitFail`).
    var recording = false
    /// Containers killed so far (`flowKilled`), and before the pass under way: a pass that killed
    /// one may not be replayed (the kill changed what it had computed).
    var kills = 0
    var killsBeforePass = 0
    /// Per service, whether its last pass split its load-aware pools unevenly: weights that
    /// follow the loads (`flowLoadAwareUpdate`), or a replica that does not answer (`flowShares`);
    /// such splits move with the load, and the service's steps are not replayed.
    var uneven: [Bool]
    /// Load-aware weights this close to 1, with replicas whose loads give an equal split, are set
    /// back to 1 (`flowLoadAwareUpdate`): a share within 1 % of equal.
    static let equalWeightTolerance = 0.01
    /// Whether the state is the last pass's of everything (or of the rest): no event changed it
    /// since, so a step may replay that pass.
    var replayable = false
    /// Whether a step was replayed since the last pass of everything (or of the rest).
    var replayed = false
    /// The highest demand / cores of a machine in the passes since the last pass of everything:
    /// a replay scales demands by up to 1 + `replayTolerance` and must not reach a machine's cores.
    var peakLoad = 0.0
    /// A step is replayed while the driver's arrival rate is within this fraction of the rate of
    /// the pass it replays; beyond it, a pass is made again (docs/model.md, "Replayed steps").
    static let replayTolerance = 0.01

    // Per service (configuration order).
    /// Mean and variance of a request's CPU work (seconds; analytic, `Distribution.mean`/`variance`).
    let meanWork: [Double]
    let varWork: [Double]
    /// The work's squared coefficient of variation, Var / mean² (1 without work).
    let workSCV: [Double]
    /// Which load-aware balancers send to the service (`flowLoadAwareUpdate`): bit 1 power-of-two,
    /// bit 2 least-connections.
    let loadAware: [UInt8]
    /// Downstream calls in the order they are made (a call with `count: k` appears k times).
    let callees: [[Int]]
    /// Timeout in seconds (`.infinity`: none).
    let timeout: [Double]
    /// Services with callers before their callees (a topological order of the call graph).
    let order: [Int]
    /// Probability that a request fails, and the mean and second moment of a successful one's
    /// latency (seconds), over all the service's replicas, from the last step: what a caller sees.
    var failProb: StateTable<Double>
    var e2eMean: StateTable<Double>
    var e2eM2: StateTable<Double>
    /// The mean time a caller waits on a call to the service, whatever its outcome (a rejected
    /// call returns at once, a timed-out one at the timeout), from the last step: what the
    /// callers' in-flight requests (memory, Little's law) hold.
    var holdMean: StateTable<Double>
    /// Requests of the current step not admitted into a container, by outcome (for `failProb`).
    var rejected: StateTable<Double>
    var offered: StateTable<Double>

    // Per container.
    /// The last step's arrival rate and cores (`settled`).
    var lastRate: StateTable<Double>
    var lastAllocated: StateTable<Double>
    /// Requests admitted this step (external, internal).
    var admittedExt: StateTable<Double>
    var admittedInt: StateTable<Double>
    /// Σ admitted × (1 − the squared coefficient of variation of their interarrival times), by
    /// source (0 for a Poisson stream; 1 − 1/n for each replica of a round-robin pool of n): the
    /// smoothness of the container's arrivals, rate-weighted as for a superposition
    /// (`flowSojourn`); written only for round-robin pools.
    var smoothing: StateTable<Double>
    /// Requests admitted through balancers that compare replicas (power-of-two,
    /// least-connections), and their sums × d (the number compared: 2, or the pool's size) and
    /// × m (the pool's size): the container's rate-weighted d and m (`FlowQueueing.choiceFactor`);
    /// written only for those pools.
    var choiceAdmitted: StateTable<Double>
    var choiceD: StateTable<Double>
    var choiceM: StateTable<Double>
    /// The last `FlowQueueing.choiceFactor` computed (offered, capacity, d, m) and its value: a
    /// service's replicas usually ask the same.
    var lastChoice: (Double, Double, Double, Double) = (.nan, .nan, .nan, .nan)
    var lastChoiceFactor = 1.0
    /// Requests in flight the container would hold more without the choice factor (λ × the
    /// queueing it removed, `flowSojourn`): added back for the load-aware splits.
    var spared: StateTable<Double>
    /// Fluid backlog (requests beyond the stationary queue) and the in-flight requests whose
    /// memory is charged.
    var backlog: StateTable<Double>
    var inFlight: StateTable<Double>
    var charged: StateTable<Double>
    /// Local sojourn (CPU phase) mean and variance this step (seconds).
    var localMean: StateTable<Double>
    var localVar: StateTable<Double>
    /// Progress per CPU-second under interference (1 = none), from the last step's busy cores.
    var speed: StateTable<Double>
    /// Cores allocated this step (requests and hog threads).
    var allocated: StateTable<Double>
    /// Requests per second the container's cores completed in the last step when they could not
    /// complete all it held (saturated), or could have completed (the cores it could use / mean
    /// work) when they could; before the first step, its cap's. A request makes its calls after
    /// its local work, so a caller calls at most at this rate, not at its arrival rate.
    var completionRate: StateTable<Double>
    /// The share of the container's admitted requests that succeeded in the last step (what a kill
    /// takes back from the minute's successes, `flowKilled`).
    var successShare: StateTable<Double>
    /// Successes this minute (external, internal) and Σ n·T, Σ n·T² of their latencies.
    var minuteExt: StateTable<Double>
    var minuteInt: StateTable<Double>
    var minuteSum: StateTable<Double>
    var minuteSum2: StateTable<Double>
    /// Fractions of successes not yet reported (external, internal).
    var successCarry: StateTable<Double>
    /// Relative weight of the container in its service's load-aware pools (1: an equal share;
    /// `flowLoadAwareUpdate`): at 2c for power-of-two, 2c + 1 for least-connections.
    var loadWeight: StateTable<Double>

    // Per machine.
    /// Busy core-seconds since the last minute tick.
    var busyIntegral: StateTable<Double>

    /// Per (service, outcome, external): fractions of requests not yet reported.
    var carry: StateTable<Double>

    // Scratch for the CPU allocation of all machines (`flowAllocateAll`): per machine, its busy
    // cores last step and this step's capped demand (−1 once allocated machine by machine); per
    // container, its demand.
    var machineBusy = StateTable<Double>()
    var machineDemand = StateTable<Double>()
    var machineCores = StateTable<Double>()
    /// In a pass over a part (`FlowPart`), per machine the capped demand of its containers
    /// outside the part (their last pass's), which the part's allocation leaves them.
    var machineOthers = StateTable<Double>()
    var containerDemand: StateTable<Double>
    // Scratch for the CPU allocation of one machine.
    var demand: [Double] = []
    var weight: [Double] = []
    var cap: [Double] = []
    var out: [Double] = []
    var fillOrder: [Int] = []
    var probe: [Double] = []
    var probeOut: [Double] = []
    /// Containers of one service whose minute latency mean and variance agree within this
    /// relative tolerance are reported together (`flowFlushMinute`).
    static let latencyMergeTolerance = 1e-4
    /// At most this many such groups per service; a container matching none once they are all
    /// taken is reported alone.
    static let maxLatencyGroups = 16
    /// A set of containers' successes of one minute, reported over one lognormal's quantiles.
    struct LatencyGroup {
        var mean: Double
        var variance: Double
        var internalCount: Int
        var externalCount: Int
    }
    // Scratch for the minute flush.
    var groups: [LatencyGroup] = []
    var binLatency = [SimDuration](repeating: .zero, count: FlowQueueing.edges.count)
    var binCount = [Int](repeating: 0, count: FlowQueueing.edges.count)
    // Scratch for a pool's split: the shares; with a replica that does not answer, per replica
    // its probability of holding no request, least-connections' 1 − that, and power-of-two's
    // split between the live replicas (`flowShares`); the answering replicas' geometric ratios
    // (`flowLoadAwareUpdate`).
    var share: [Double] = []
    var empty: [Double] = []
    var scan: [Double] = []
    var liveSplit: [Double] = []
    var ratios: [Double] = []
    /// The current step's length (seconds).
    var stepSeconds = 1.0

    init(config: ClusterConfig, containers: Int) {
        let n = config.services.count
        meanWork = config.services.map { $0.work.mean }
        varWork = config.services.map { v in v.work.variance.isFinite ? v.work.variance : v.work.mean * v.work.mean * 100 }
        workSCV = zip(meanWork, varWork).map { m, v in m > 0 ? v / (m * m) : 1 }
        callees = config.services.map { s in s.calls.flatMap { Array(repeating: $0.service, count: $0.count) } }
        timeout = config.services.map { $0.timeout.map { Double($0.nanoseconds) / 1e9 } ?? .infinity }
        order = Self.topologicalOrder(callees)
        (component, componentServices) = Self.components(callees)
        dirty = [Bool](repeating: false, count: n)
        var aware = [UInt8](repeating: 0, count: n)
        func bit(_ a: BalancerAlgorithm) -> UInt8 { a == .powerOfTwo ? 1 : a == .leastConnections ? 2 : 0 }
        for list in callees { for s in list { aware[s] |= bit(config.internalAlgorithm) } }
        for b in config.balancers {
            for r in b.routes { aware[r.service] |= bit(b.algorithm) }
            for r in b.tracedRoutes { aware[r.service] |= bit(b.algorithm) }
        }
        loadAware = aware
        uneven = [Bool](repeating: false, count: n)
        failProb = StateTable(repeating: 0, count: n)
        e2eMean = StateTable(meanWork)
        e2eM2 = StateTable(zip(meanWork, varWork).map { $0 * $0 + $1 })
        holdMean = StateTable(meanWork)
        rejected = StateTable(repeating: 0, count: n)
        offered = StateTable(repeating: 0, count: n)
        // Tables, not arrays: each is written several times per container per step, and an
        // array store checks uniqueness in the runtime (as the request engine's tables, see
        // `StateTable`). Each its own storage: a table's copies share it.
        func zeros() -> StateTable<Double> { StateTable(repeating: 0, count: containers) }
        admittedExt = zeros()
        admittedInt = zeros()
        smoothing = zeros()
        choiceAdmitted = zeros()
        choiceD = zeros()
        choiceM = zeros()
        spared = zeros()
        backlog = zeros()
        inFlight = zeros()
        charged = zeros()
        localMean = zeros()
        localVar = zeros()
        speed = StateTable(repeating: 1, count: containers)
        allocated = zeros()
        completionRate = StateTable(repeating: .infinity, count: containers)
        lastRate = zeros()
        lastAllocated = zeros()
        successShare = zeros()
        containerDemand = zeros()
        minuteExt = zeros()
        minuteInt = zeros()
        minuteSum = zeros()
        minuteSum2 = zeros()
        successCarry = StateTable(repeating: 0, count: containers * 2)
        loadWeight = StateTable(repeating: 1, count: containers * 2)
        busyIntegral = StateTable(repeating: 0, count: config.machines.count)
        carry = StateTable(repeating: 0, count: n * RequestOutcome.allCases.count * 2)
        unitExt = zeros()
        unitInt = zeros()
        unitSum = zeros()
        unitSum2 = zeros()
        unitBusy = zeros()
        unitFail = StateTable(repeating: 0, count: n * RequestOutcome.allCases.count * 2)
        anchorArrivals = StateTable(repeating: 0, count: n)
        anchorRate = StateTable(repeating: 0, count: n)
        pendingFactor = StateTable(repeating: 0, count: n)
        minuteTouched = [Bool](repeating: false, count: n)
        // One balancer routes to services and none replays a trace of its own: every service's
        // traffic is a fixed fraction of that balancer's arrivals.
        let routing = config.balancers.indices.filter { b in config.balancers[b].routes.contains { $0.weight > 0 } }
        let traced = config.balancers.contains { !$0.tracedRoutes.isEmpty }
        driver = routing.count == 1 && !traced ? routing[0] : nil
    }

    /// The connected components of the call graph (calls taken either way), numbered in order of
    /// their first service, with their services in ascending order.
    static func components(_ callees: [[Int]]) -> ([Int32], [[Int]]) {
        var parent = Array(callees.indices)
        func root(_ x: Int) -> Int {
            var x = x
            while parent[x] != x {
                parent[x] = parent[parent[x]]
                x = parent[x]
            }
            return x
        }
        for (s, list) in callees.enumerated() {
            for t in list {
                let (a, b) = (root(s), root(t))
                if a != b { parent[max(a, b)] = min(a, b) }
            }
        }
        var number = [Int: Int32]()
        var component = [Int32](repeating: 0, count: callees.count)
        var services: [[Int]] = []
        for s in callees.indices {
            let r = root(s)
            if number[r] == nil {
                number[r] = Int32(services.count)
                services.append([])
            }
            component[s] = number[r]!
            services[Int(number[r]!)].append(s)
        }
        return (component, services)
    }

    /// Callers before callees (depth-first post-order, reversed). The scenario validator rejects
    /// call cycles, so the graph is a DAG.
    static func topologicalOrder(_ callees: [[Int]]) -> [Int] {
        var state = [UInt8](repeating: 0, count: callees.count)
        var post: [Int] = []
        func visit(_ s: Int) {
            guard state[s] == 0 else { return }
            state[s] = 1
            for c in callees[s] { visit(c) }
            state[s] = 2
            post.append(s)
        }
        for s in callees.indices { visit(s) }
        return post.reversed()
    }

    /// Adds `amount` requests of `service` ending with `outcome`. - Returns: how many whole
    /// requests to report now (the fraction is carried to the next call).
    mutating func take(_ amount: Double, service s: Int, outcome: RequestOutcome, external: Bool) -> Int {
        let k = Self.outcomeKey(service: s, outcome: outcome, external: external)
        if recording { unitFail[k] += amount }
        carry[k] += amount
        let whole = FlowQueueing.wholePart(carry[k])
        carry[k] -= whole
        return Int(whole)
    }

    /// The index of (service, outcome, external) in `carry` and `unitFail`.
    @inline(__always) static func outcomeKey(service s: Int, outcome: RequestOutcome, external: Bool) -> Int {
        (s * RequestOutcome.allCases.count + Int(outcome.rawValue)) * 2 + (external ? 1 : 0)
    }

    /// Machine `m`'s busy core-seconds since the last call.
    mutating func takeMinuteBusy(_ m: MachineID) -> Double {
        defer { busyIntegral[m.index] = 0 }
        return busyIntegral[m.index]
    }
}

/// Services integrated together in one pass of the flow step (`Simulation.flowIntegrate`):
/// whole components of the call graph, their containers and the machines those run on, each
/// list in ascending order (the order of a pass over everything, so that a part's arithmetic is
/// that pass's). `isRest`: the part not disturbed, which also counts what belongs to no service
/// (the expected arrivals of a balancer without routes).
struct FlowPart {
    var inPart: [Bool]
    var services: [Int]
    var containers: [ContainerID]
    var machines: [MachineID]
    var isRest: Bool
    /// The disturbed part (`FlowModel.dirtyServices`) of `FlowModel.partGeneration`.
    var isDirty = false
}

extension ModelEvent {
    /// Under flow fidelity, what the event does to the open step before it is handled: nil,
    /// nothing (the step's own end; a health check, which closes it only when a belief changes);
    /// false, close it (bookkeeping that reads the flow: minute tick, leak fold, samples); true,
    /// close it and restart from the shortest step (anything that may change the state).
    var flowDisturbance: Bool? {
        switch self {
        case .flowStep, .flowSubStep, .healthCheck: nil
        case .minuteTick, .leakFold, .autoscaleSample: false
        default: true
        }
    }
}
