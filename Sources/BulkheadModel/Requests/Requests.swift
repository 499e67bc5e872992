import BulkheadKernel
import BulkheadStochastic

/// One request slot. Slots are recycled; `generation` tells a slot's incarnations apart (a stale
/// event or a caller's link names the generation it meant).
struct RequestState {
    enum Phase: UInt8 { case free, connecting, cpu, waitingCall }
    var service = ServiceID.none
    /// The container it is resident in (admitted, until it ends), or `.none`.
    var container = ContainerID.none
    /// The caller whose downstream call this is, and the caller's generation then.
    var parent = RequestID.none
    var parentGeneration: UInt32 = 0
    /// The downstream call it waits on, or `.none`.
    var child = RequestID.none
    var generation: UInt32 = 0
    /// Creation time and deadline (ns).
    var start: Int64 = 0
    var deadline: Int64 = .max
    /// Calls made so far.
    var nextCall: Int32 = 0
    /// Position in its container's resident list, or -1.
    var residentIndex: Int32 = -1
    var phase = Phase.free
    /// Already reported to the observer (a timeout: the work goes on, the client has gone).
    var reported = false
    var external = false
}

/// The request table: request slots and their free list, the requests resident in each container
/// (and their count, which the balancers read), each service's deadline ring, its downstream
/// calls and its work distribution. The life of a request is driven by the coordinator
/// (Requests/Simulation+Requests.swift) through the transitions below.
struct Requests {
    var table = IDTable<RequestID, RequestState>(reservingCapacity: 1024)
    var free = StateTable<RequestID>(reservingCapacity: 1024)
    /// Per service: the deadlines of its requests, in creation order.
    var deadlines: IDTable<ServiceID, DeadlineQueue>
    /// Per service: its timeout (ns, `.max`: none).
    let timeouts: [Int64]
    /// Downstream calls of all services, flattened: service s calls
    /// `callTargets[callStart[s] ..< callStart[s + 1]]` in order. Flat arrays, because copying an
    /// inner array out of an array of arrays costs a retain/release pair per request.
    let callTargets: [ServiceID]
    let callStart: [Int32]
    /// Per container: requests resident in it (running or waiting on a downstream call).
    var residents: IDTable<ContainerID, StateTable<RequestID>>
    /// Per container: `residents[c].count`, apart so that least-connections scans one cache line.
    var inFlight: IDTable<ContainerID, Int32>
    /// Per service: its work distribution and the stream `work/<service>` (unmanaged: reading a
    /// class reference out of an array costs a retain/release pair per request).
    let works: [Distribution]
    let workStreams: [Unmanaged<RandomStream>]
    private let ownedWorkStreams: [RandomStream]

    init(services: [ClusterConfig.Service], containers: Int, workStreams: [RandomStream]) {
        // One `DeadlineQueue()` per service: a queue's table is a reference, so `repeating:` would share one.
        deadlines = IDTable(services.map { _ in DeadlineQueue() })
        timeouts = services.map { $0.timeout?.nanoseconds ?? .max }
        var targets: [ServiceID] = []
        var starts: [Int32] = [0]
        for s in services {
            for c in s.calls { targets += Array(repeating: ServiceID(c.service), count: c.count) }
            starts.append(Int32(targets.count))
        }
        callTargets = targets
        callStart = starts
        residents = IDTable((0..<containers).map { _ in StateTable<RequestID>(reservingCapacity: 4) })
        inFlight = IDTable(repeating: 0, count: containers)
        works = services.map(\.work)
        ownedWorkStreams = workStreams
        self.workStreams = workStreams.map { Unmanaged.passUnretained($0) }
    }

    /// A snapshot of request `r`.
    @inline(__always) subscript(r: RequestID) -> RequestState { table[r] }

    /// The in-flight counts, for the balancers.
    @inline(__always) var inFlightCounts: InFlightCounts { InFlightCounts(base: inFlight.buffer.baseAddress.unsafelyUnwrapped) }

    /// Draws the CPU work (seconds) of one request of service `s`.
    @inline(__always) func drawWork(_ s: ServiceID) -> Double {
        workStreams[s.index]._withUnsafeGuaranteedRef { works[s.index].sampleNonNegative($0) }
    }

    /// A new request of service `s` (a downstream call of `parent`, or `.none`), in its CPU phase;
    /// its deadline joins the service's ring and arms the service's `deadline` event if none is
    /// pending.
    mutating func open(
        service s: ServiceID, parent: RequestID, external: Bool,
        queue: inout EventQueue<ModelEvent>
    ) -> RequestID {
        let id: RequestID
        if let f = free.popLast() {
            id = f
        } else {
            id = table.append(RequestState())
        }
        let now = queue.now.nanoseconds
        let timeout = timeouts[s.index]
        let deadline = timeout != .max ? now + timeout : .max
        let generation = table[id].generation
        // One whole-struct store (one uniqueness check) rather than a check per field.
        table[id] = RequestState(
            service: s, container: .none, parent: parent,
            parentGeneration: parent.isNone ? 0 : table[parent].generation, child: .none,
            generation: generation, start: now, deadline: deadline, nextCall: 0, residentIndex: -1,
            phase: .cpu, reported: false, external: external)
        if timeout != .max {
            deadlines[s].append(deadline, id, generation)
            if !deadlines[s].armed {
                deadlines[s].armed = true
                queue.schedule(.deadline(s), at: SimInstant(nanoseconds: deadline))
            }
        }
        return id
    }

    /// Request `r` becomes resident in container `c`.
    @inline(__always) mutating func enter(_ r: RequestID, _ c: ContainerID) {
        table[r].container = c
        table[r].residentIndex = Int32(residents[c].count)
        residents[c].append(r)
        inFlight[c] += 1
    }

    /// Request `r` leaves the container it is resident in.
    /// - Returns: that container, or `.none` if it was not resident anywhere.
    @inline(__always) mutating func leave(_ r: RequestID) -> ContainerID {
        let c = table[r].container
        guard !c.isNone, table[r].residentIndex >= 0 else { return .none }
        let idx = Int(table[r].residentIndex)
        let last = residents[c].removeLast()
        if idx < residents[c].count {
            residents[c][idx] = last
            table[last].residentIndex = Int32(idx)
        }
        table[r].residentIndex = -1
        table[r].container = .none
        inFlight[c] -= 1
        return c
    }

    /// Requests resident in `c`.
    @inline(__always) func residentCount(in c: ContainerID) -> Int32 { inFlight[c] }

    /// The most recently admitted request still resident in `c`, if any.
    @inline(__always) func lastResident(in c: ContainerID) -> RequestID? { residents[c].last }

    /// Whether `r` is at `generation`, still resident in `c`.
    @inline(__always) func isResident(_ r: RequestID, generation: UInt32, in c: ContainerID) -> Bool {
        table[r].generation == generation && table[r].container == c
    }

    /// Whether `r` is at `generation` and doing its own CPU work.
    @inline(__always) func isInCPU(_ r: RequestID, generation: UInt32) -> Bool {
        table[r].generation == generation && table[r].phase == .cpu
    }

    /// Whether `r` is at `generation` and waiting for a connection to an unreachable machine.
    @inline(__always) func isConnecting(_ r: RequestID, generation: UInt32) -> Bool {
        table[r].generation == generation && table[r].phase == .connecting
    }

    /// `r` waits for a connection (its machine is unreachable). - Returns: its generation.
    mutating func startConnecting(_ r: RequestID) -> UInt32 {
        table[r].phase = .connecting
        return table[r].generation
    }

    /// `r`'s next downstream call, if any is left: it now waits on it.
    /// - Returns: the service to call, or nil when every call is done.
    @inline(__always) mutating func beginNextCall(_ r: RequestID) -> ServiceID? {
        let s = table[r].service.index
        let k = Int(callStart[s]) + Int(table[r].nextCall)
        guard k < Int(callStart[s + 1]) else { return nil }
        table[r].nextCall += 1
        table[r].phase = .waitingCall
        return callTargets[k]
    }

    /// `r` now waits on downstream call `child`.
    @inline(__always) mutating func setChild(_ r: RequestID, _ child: RequestID) { table[r].child = child }

    /// Unlinks call `child` from its caller, if the caller still waits on it.
    /// - Returns: the caller, or nil (no caller, or the caller has moved on).
    @inline(__always) mutating func detachFromParent(_ child: RequestID) -> RequestID? {
        let parent = table[child].parent
        guard !parent.isNone, table[parent].generation == table[child].parentGeneration,
            table[parent].child == child
        else { return nil }
        table[child].parent = .none
        table[parent].child = .none
        return parent
    }

    /// Request `r` has ended: marked reported, its outstanding call goes on without it, its slot
    /// is freed (a new generation).
    @inline(__always) mutating func close(_ r: RequestID) {
        table[r].reported = true
        let child = table[r].child
        // An outstanding call of a failed request goes on without its caller.
        if !child.isNone { table[child].parent = .none }
        table[r].phase = .free
        table[r].generation &+= 1
        free.append(r)
    }

    /// `r` timed out: marked reported (its work continues). - Returns: its state.
    mutating func markTimedOut(_ r: RequestID) -> RequestState {
        table[r].reported = true
        return table[r]
    }

    /// The service's deadline event fired: it is no longer armed.
    mutating func deadlineFired(_ s: ServiceID) { deadlines[s].armed = false }

    /// The next live request of service `s` whose deadline has passed, removed from the ring, or
    /// nil when none is due (the event is then re-armed for the earliest live deadline left).
    /// Entries of requests that ended meanwhile are dropped on the way.
    mutating func popExpired(_ s: ServiceID, queue: inout EventQueue<ModelEvent>) -> RequestID? {
        let now = queue.now.nanoseconds
        while !deadlines[s].isEmpty {
            let entry = deadlines[s].first
            let r = entry.request
            guard table[r].generation == entry.generation && !table[r].reported else {
                deadlines[s].removeFirst()
                continue
            }
            let d = entry.deadline
            if d > now {
                deadlines[s].armed = true
                queue.schedule(.deadline(s), at: SimInstant(nanoseconds: d))
                return nil
            }
            deadlines[s].removeFirst()
            return r
        }
        return nil
    }

    /// Per service: requests in flight and not yet reported.
    /// - Complexity: O(request slots).
    func unreported(services: Int) -> [Int] {
        var out = [Int](repeating: 0, count: services)
        for r in table.ids where table[r].phase != .free && !table[r].reported { out[table[r].service.index] += 1 }
        return out
    }
}
