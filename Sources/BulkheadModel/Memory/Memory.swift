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
    /// One container's memory cgroup.
    struct Account {
        /// Its limit (`.infinity` without `limits` isolation or without a limit).
        var limit: Double
        var base: Double
        var perRequest: Double
        var used: Double
        /// The cgroup exists: the container is running (memory is charged only then).
        var running: Bool
        /// Leak rate (bytes/s, 0 = none), when it was last folded (ns), and the hog leaking.
        var leakRate: Double = 0
        var leakSince: Int64 = 0
        var leakOwner: HogID = .none
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
    var banks: IDTable<MachineID, Bank>

    init(capacities: [Double], accounts: [Account]) {
        banks = IDTable(capacities.map { Bank(capacity: $0) })
        self.accounts = IDTable(accounts)
    }

    /// Each machine's memory integral (byte-seconds) up to its last update.
    var integrals: [Double] { banks.map(\.integral) }

    /// Memory each request resident in `c` adds.
    @inline(__always) func perRequest(_ c: ContainerID) -> Double { accounts[c].perRequest }
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
        return accounts[c].used > accounts[c].limit || banks[m].used > banks[m].capacity
    }

    /// Gives back `bytes` of container `c` on machine `m`.
    @inline(__always) mutating func uncharge(_ c: ContainerID, on m: MachineID, _ bytes: Double) {
        accounts[c].used -= bytes
        banks[m].used -= bytes
    }

    /// Container `c` starts on `m`: its base memory is charged.
    mutating func start(_ c: ContainerID, on m: MachineID) {
        accounts[c].running = true
        accounts[c].used = accounts[c].base
        banks[m].used += accounts[c].base
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
