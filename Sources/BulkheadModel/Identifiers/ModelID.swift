/// A typed index into one of the model's tables: what an `Int32` names (a machine, a container,
/// a request…) is part of its type, so that a container index cannot index the machines.
///
/// Identifiers are plain 4-byte values (events and request state stay plain data). `.none`
/// (raw −1) stands for "no such thing" inside state structs, where an optional would add a byte
/// and padding to every row.
protocol ModelID: Hashable, Comparable, CustomStringConvertible {
    var raw: Int32 { get }
    init(raw: Int32)
}

extension ModelID {
    /// The identifier of row `index`.
    @inline(__always) init(_ index: Int) { self.init(raw: Int32(index)) }
    /// The row this identifier names.
    @inline(__always) var index: Int { Int(raw) }
    /// No such thing (raw −1).
    @inline(__always) static var none: Self { Self(raw: -1) }
    @inline(__always) var isNone: Bool { raw < 0 }
    @inline(__always) static func < (a: Self, b: Self) -> Bool { a.raw < b.raw }
    var description: String { "\(raw)" }
}

/// A machine: an index into `ClusterConfig.machines`.
struct MachineID: ModelID { let raw: Int32 }
/// A container: an index into the placement's containers, then the parked slots of autoscaled
/// services (see `Simulation.init`).
struct ContainerID: ModelID { let raw: Int32 }
/// A service: an index into `ClusterConfig.services`.
struct ServiceID: ModelID { let raw: Int32 }
/// A request slot of the request table (recycled; a slot's generation tells incarnations apart).
struct RequestID: ModelID { let raw: Int32 }
/// A balancer: the external ones (`ClusterConfig.balancers`) first, then one internal balancer
/// per service.
struct BalancerID: ModelID { let raw: Int32 }
/// A pool of one balancer (one per service it routes to).
struct PoolID: ModelID { let raw: Int32 }
/// A resource hog: an index into `ClusterConfig.hogs`.
struct HogID: ModelID { let raw: Int32 }
/// A retry-storm arrival process (one per balancer routing to the storm's service).
struct RetryID: ModelID { let raw: Int32 }
/// A fault: an index into `ClusterConfig.faults`.
struct FaultID: ModelID { let raw: Int32 }
/// A release: an index into `ClusterConfig.releases`.
struct ReleaseID: ModelID { let raw: Int32 }
/// An incident as the observer sees it (numbered from 0 in the order they start).
struct IncidentID: ModelID { let raw: Int32 }

/// The identifiers `0 ..< count` of a table.
struct IDRange<ID: ModelID>: RandomAccessCollection {
    let count: Int
    @inline(__always) var startIndex: Int { 0 }
    @inline(__always) var endIndex: Int { count }
    @inline(__always) subscript(i: Int) -> ID { ID(i) }
}
