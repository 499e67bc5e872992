import BulkheadKernel

/// Memory: usage = base + in-flight requests × per-request memory (+ leaked bytes). With
/// `limits`, a container above its limit is OOM-killed; with `none`, a machine that runs out of
/// memory has its OOM killer kill the container with the largest usage (Linux's `oom_badness` is
/// dominated by resident memory), which may be an innocent neighbour.
///
/// This component keeps the accounts and decides whom the OOM killer takes
/// (Memory+OOM.swift); the coordinator performs the kills. Leaks grow linearly and their exact
/// crossing times are scheduled (Memory+Leaks.swift). The caller passes the machine a container
/// runs on and the containers placed on a machine (the cluster owns placement), and brings the
/// machine's meters up to now (`Simulation.advance`) before a change.
struct Memory {
    /// One container's memory cgroup: what the request path reads and writes (16 bytes a row).
    struct Account {
        var used: Double = 0
        var service: ServiceID
        /// The cgroup exists: the container is running (memory is charged only then).
        var running = false
    }

    /// What a service's containers have in common.
    struct Profile {
        /// The limit (`.infinity` without `limits` isolation or without a limit).
        var limit: Double
        var base: Double
        var perRequest: Double
    }

    /// One container's leak (cold: only while a memory-leak hog runs).
    struct Leak {
        /// Bytes/s, 0 = none.
        var rate: Double = 0
        /// When it was last folded (ns).
        var since: Int64 = 0
        /// The hog leaking.
        var owner = HogID.none
    }

    /// One machine's memory.
    struct Bank {
        var capacity: Double
        var used: Double = 0
        /// Time-integral of `used` (byte-seconds) up to `lastUpdate` (ns).
        var integral: Double = 0
        var integralAtMinuteStart: Double = 0
        var lastUpdate: Int64 = 0
        /// Leaking containers, generation of the crossing event, minute fold armed.
        var leakers: Int32 = 0
        var crossingGeneration: UInt32 = 0
        var foldArmed = false
    }

    var accounts: IDTable<ContainerID, Account>
    /// Per service.
    let profiles: [Profile]
    var leaks: IDTable<ContainerID, Leak>
    var banks: IDTable<MachineID, Bank>

    /// - Parameters:
    ///   - capacities: each machine's memory.
    ///   - profiles: each service's limit, base and per-request memory.
    ///   - services: each container's service.
    init(capacities: [Double], profiles: [Profile], services: [ServiceID]) {
        banks = IDTable(capacities.map { Bank(capacity: $0) })
        self.profiles = profiles
        accounts = IDTable(services.map { Account(service: $0) })
        leaks = IDTable(repeating: Leak(), count: services.count)
    }

    /// Each machine's memory integral (byte-seconds) up to its last update.
    var integrals: [Double] { banks.map(\.integral) }

    /// Container `c`'s service's limit, base and per-request memory.
    @inline(__always) func profile(_ c: ContainerID) -> Profile { profiles[accounts[c].service.index] }

    /// Memory each request resident in `c` adds.
    @inline(__always) func perRequest(_ c: ContainerID) -> Double { profile(c).perRequest }
    @inline(__always) func isRunning(_ c: ContainerID) -> Bool { accounts[c].running }
    /// Whether containers on `m` leak (their memory grows between events).
    @inline(__always) func hasLeaks(on m: MachineID) -> Bool { banks[m].leakers > 0 }
    /// Memory in use on `m` now (leaks folded up to their last fold).
    @inline(__always) func used(on m: MachineID) -> Double { banks[m].used }

    /// Brings machine `m`'s memory integral up to `now` (ns).
    @inline(__always) mutating func advance(_ m: MachineID, to now: Int64) {
        let dtNs = now - banks[m].lastUpdate
        guard dtNs > 0 else { return }
        let dt = Double(dtNs) * 1e-9
        banks[m].lastUpdate = now
        banks[m].integral += banks[m].used * dt
    }

    /// Charges `bytes` to container `c` on machine `m`.
    /// - Returns: whether the container is over its limit or the machine over its memory: the
    ///   OOM killer must run (`nextKill`).
    @inline(__always) mutating func charge(_ c: ContainerID, on m: MachineID, _ bytes: Double) -> Bool {
        accounts[c].used += bytes
        banks[m].used += bytes
        return accounts[c].used > profile(c).limit || banks[m].used > banks[m].capacity
    }

    /// Gives back `bytes` of container `c` on machine `m`.
    @inline(__always) mutating func uncharge(_ c: ContainerID, on m: MachineID, _ bytes: Double) {
        accounts[c].used -= bytes
        banks[m].used -= bytes
    }

    /// Container `c` starts on `m`: its base memory is charged.
    mutating func start(_ c: ContainerID, on m: MachineID) {
        let base = profile(c).base
        accounts[c].running = true
        accounts[c].used = base
        banks[m].used += base
    }

    /// Container `c` on `m` stops: all its memory is freed.
    mutating func stop(_ c: ContainerID, on m: MachineID) {
        accounts[c].running = false
        banks[m].used -= accounts[c].used
        accounts[c].used = 0
    }

    /// Byte-seconds in use on machine `m` since the last call (its meter up to date).
    mutating func takeMinuteIntegral(_ m: MachineID) -> Double {
        let integral = banks[m].integral - banks[m].integralAtMinuteStart
        banks[m].integralAtMinuteStart = banks[m].integral
        return integral
    }
}
