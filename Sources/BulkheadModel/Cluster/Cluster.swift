import BulkheadKernel

/// Machines and containers as the infrastructure sees them: where each container runs, which
/// machines are powered and reachable, which containers are alive, and each container's restart
/// back-off. What runs inside a container is the CPU's, memory's and requests' business.
struct Cluster {
    struct Machine {
        var rack: Int32
        /// Powered and running (false after a crash until repair or replacement).
        var up = true
        /// Reachable over the network (false during a rack outage).
        var reachable = true
        /// When the machine started (for the chaos monkey's "oldest machine").
        var bornAt: Int64 = 0
        /// Killed by the chaos monkey: comes back fresh and empty.
        var replaced = false
        /// Containers placed on it, in placement order.
        var members: [ContainerID] = []
    }

    /// One container as the model starts with it.
    struct Container {
        var service: ServiceID
        /// Its position among its service's containers.
        var replica: Int32
        var machine: MachineID
        var alive: Bool
        /// Its machine was replaced by a fresh one (static infrastructure) or it is not placed (a
        /// parked autoscaling slot): it runs nowhere.
        var evicted: Bool
        var restartBackoff: SimDuration
    }

    /// Where a container runs and whether it does: what the request path reads (8 bytes a row,
    /// so the whole table stays in the L1 cache).
    struct Site {
        var machine: MachineID
        var alive: Bool
        var evicted: Bool
    }

    /// The rest of a container's life cycle (read on kills and starts only).
    struct Life {
        var service: ServiceID
        var replica: Int32
        var restartBackoff: SimDuration
        /// When it last started running (ns): the back-off resets after 10 minutes of running.
        var startedAt: Int64 = 0
        var kills = 0
        /// The generation of its pending start: a `containerStart` event carrying another one is
        /// stale (a later kill, power-off, move or start superseded it).
        var startGeneration: UInt32 = 0
    }

    var machines: IDTable<MachineID, Machine>
    var sites: IDTable<ContainerID, Site>
    /// Counts the changes that may change what `answers` says of some container (a container
    /// killed, stopped, started or moved; a machine powered, replaced or cut off): equal epochs,
    /// equal answers. Health checks skip probing pools that agreed with an answer of this epoch.
    private(set) var epoch: UInt64 = 0
    /// What moved the epoch since `clearChanges`: the containers whose answer may have changed,
    /// and the machines whose containers' answers may all have (the health checks wake only the
    /// balancers sending to them, `Simulation.wakeHealthChecks`).
    private(set) var changedContainers: [ContainerID] = []
    private(set) var changedMachines: [MachineID] = []
    var lives: IDTable<ContainerID, Life>
    /// Per service: its containers in replica order.
    private let replicasOf: [[ContainerID]]
    /// Restart back-off: initial (and after 10 minutes of running), cap; start-up time.
    let restartBackoff: SimDuration
    let restartBackoffCap: SimDuration
    let startupTime: SimDuration

    init(config: ClusterConfig, containers: [Container], replicas: [[ContainerID]]) {
        machines = IDTable(config.machines.map { Machine(rack: Int32($0.rack)) })
        sites = IDTable(containers.map { Site(machine: $0.machine, alive: $0.alive, evicted: $0.evicted) })
        lives = IDTable(containers.map { Life(service: $0.service, replica: $0.replica, restartBackoff: $0.restartBackoff) })
        for c in sites.ids where !sites[c].evicted { machines[sites[c].machine].members.append(c) }
        replicasOf = replicas
        restartBackoff = config.restartBackoff
        restartBackoffCap = config.restartBackoffCap
        startupTime = config.startupTime
    }

    var machineIDs: IDRange<MachineID> { machines.ids }
    var containerIDs: IDRange<ContainerID> { sites.ids }
    /// Service `s`'s containers in replica order (placed ones, then parked slots).
    func replicas(of s: Int) -> [ContainerID] { replicasOf[s] }

    @inline(__always) func machine(of c: ContainerID) -> MachineID { sites[c].machine }
    @inline(__always) func service(of c: ContainerID) -> ServiceID { lives[c].service }
    @inline(__always) func isAlive(_ c: ContainerID) -> Bool { sites[c].alive }
    @inline(__always) func isEvicted(_ c: ContainerID) -> Bool { sites[c].evicted }
    @inline(__always) func isUp(_ m: MachineID) -> Bool { machines[m].up }
    @inline(__always) func isReachable(_ m: MachineID) -> Bool { machines[m].reachable }
    /// Whether a request sent to `c` now would be served (alive, its machine reachable): what a
    /// health probe sees.
    @inline(__always) func answers(_ c: ContainerID) -> Bool { sites[c].alive && machines[sites[c].machine].reachable }
    /// The containers placed on `m`.
    func members(of m: MachineID) -> [ContainerID] { machines[m].members }
    /// The replica number of `c` within its service.
    func replicaIndex(_ c: ContainerID) -> Int { Int(lives[c].replica) }
    func kills(_ c: ContainerID) -> Int { lives[c].kills }

    /// Machines of rack `r`, in order.
    /// - Complexity: O(machines).
    func machines(inRack r: Int) -> [MachineID] { machines.ids.filter { machines[$0].rack == r } }

    /// The running machine that started longest ago (ties: the first), if any is up.
    /// - Complexity: O(machines).
    func oldestRunningMachine() -> MachineID? {
        var oldest = MachineID.none
        for m in machines.ids where machines[m].up {
            if oldest.isNone || machines[m].bornAt < machines[oldest].bornAt { oldest = m }
        }
        return oldest.isNone ? nil : oldest
    }

    /// Machines that are down or unreachable: nothing can be placed there (for the rescheduler).
    /// - Complexity: O(machines).
    func downMachines() -> Set<Int> { Set(machines.ids.filter { !machines[$0].up || !machines[$0].reachable }.map(\.index)) }

    // MARK: life cycle

    /// Forgets the changes recorded so far (`changedContainers`, `changedMachines`).
    mutating func clearChanges() {
        changedContainers.removeAll(keepingCapacity: true)
        changedMachines.removeAll(keepingCapacity: true)
    }

    /// Container `c` dies (killed); it was alive. A start still pending is void.
    mutating func markKilled(_ c: ContainerID) {
        epoch &+= 1
        changedContainers.append(c)
        sites[c].alive = false
        lives[c].kills += 1
        cancelStart(c)
    }

    /// Container `c` stops for good on its machine (an autoscaled slot retired).
    mutating func markStopped(_ c: ContainerID) {
        epoch &+= 1
        changedContainers.append(c)
        sites[c].alive = false
        cancelStart(c)
    }

    /// A new start of container `c` is scheduled: it voids any earlier pending one.
    /// - Returns: the generation its `containerStart` event carries.
    mutating func nextStart(_ c: ContainerID) -> UInt32 {
        lives[c].startGeneration &+= 1
        return lives[c].startGeneration
    }

    /// Voids container `c`'s pending start, if any (its machine powered off, it was killed or moved).
    mutating func cancelStart(_ c: ContainerID) { lives[c].startGeneration &+= 1 }

    /// Whether a `containerStart` event of generation `g` is still the pending start of `c`.
    @inline(__always) func isCurrentStart(_ c: ContainerID, _ g: UInt32) -> Bool { lives[c].startGeneration == g }

    /// Container `c` runs from `now` (ns); no start is pending any more.
    mutating func markStarted(_ c: ContainerID, at now: Int64) {
        epoch &+= 1
        changedContainers.append(c)
        sites[c].alive = true
        lives[c].startedAt = now
        cancelStart(c)
    }

    /// The delay before killed container `c` restarts: its CrashLoopBackOff (doubling from the
    /// initial back-off, capped, reset after 10 minutes of running, as Kubernetes) plus its
    /// start-up time; the back-off doubles for the next kill.
    mutating func restartDelay(_ c: ContainerID, at now: Int64) -> SimDuration {
        if now - lives[c].startedAt >= 600_000_000_000 { lives[c].restartBackoff = restartBackoff }
        let delay = lives[c].restartBackoff + startupTime
        let doubled = lives[c].restartBackoff * 2
        lives[c].restartBackoff = doubled < restartBackoffCap ? doubled : restartBackoffCap
        return delay
    }

    /// Container `c` (on a machine being repaired) starts over with the initial back-off.
    mutating func resetBackoff(_ c: ContainerID) { lives[c].restartBackoff = restartBackoff }

    /// Machine `m` powers off. - Returns: false if it was down already.
    /// - Complexity: O(containers on the machine).
    /// Every pending start of its containers is void: they start again only after its repair.
    mutating func powerOff(_ m: MachineID) -> Bool {
        epoch &+= 1
        changedMachines.append(m)
        guard machines[m].up else { return false }
        machines[m].up = false
        for c in machines[m].members { cancelStart(c) }
        return true
    }

    /// Machine `m` powers on. - Returns: false if it was up already.
    mutating func powerOn(_ m: MachineID) -> Bool {
        epoch &+= 1
        changedMachines.append(m)
        guard !machines[m].up else { return false }
        machines[m].up = true
        return true
    }

    /// Machine `m` will come back as a fresh machine (chaos monkey).
    mutating func markReplaced(_ m: MachineID) { machines[m].replaced = true }

    /// Machine `m` (just powered on) comes back fresh and empty if it was replaced: born now, its
    /// containers gone for good. - Returns: whether it was replaced.
    /// - Complexity: O(containers on the machine).
    mutating func renewIfReplaced(_ m: MachineID, at now: Int64) -> Bool {
        epoch &+= 1
        changedMachines.append(m)
        guard machines[m].replaced else { return false }
        machines[m].bornAt = now
        machines[m].replaced = false
        for c in machines[m].members { sites[c].evicted = true }
        return true
    }

    mutating func setReachable(_ m: MachineID, _ reachable: Bool) {
        epoch &+= 1
        changedMachines.append(m)
        machines[m].reachable = reachable
    }

    /// Container `c` is placed on machine `m` (re-placed, or an autoscaled slot placed).
    /// - Complexity: O(containers on its old machine).
    mutating func move(_ c: ContainerID, to m: MachineID) {
        epoch &+= 1
        changedContainers.append(c)
        let old = sites[c].machine
        if let i = machines[old].members.firstIndex(of: c) { machines[old].members.remove(at: i) }
        machines[m].members.append(c)
        sites[c].machine = m
        sites[c].evicted = false
        cancelStart(c)
    }

    /// Container `c` leaves its machine and runs nowhere (a retired autoscaled slot).
    /// - Complexity: O(containers on the machine).
    mutating func unplace(_ c: ContainerID) {
        epoch &+= 1
        changedContainers.append(c)
        let m = sites[c].machine
        if let i = machines[m].members.firstIndex(of: c) { machines[m].members.remove(at: i) }
        sites[c].evicted = true
        cancelStart(c)
    }

    /// Every container not evicted, with its service, replica and machine (for the rescheduler),
    /// except those `excluding` says.
    /// - Complexity: O(containers).
    func running(excluding skip: (ContainerID) -> Bool) -> [Placement.Container] {
        var out: [Placement.Container] = []
        for k in sites.ids where !skip(k) && !sites[k].evicted {
            out.append(.init(service: lives[k].service.index, replica: Int(lives[k].replica), machine: sites[k].machine.index))
        }
        return out
    }
}
