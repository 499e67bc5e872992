/// One row of `bulkhead place`'s `placement.csv`: one container of one policy's placement, placed
/// or not.
public struct PlacementRow: Sendable, Hashable {
    /// Whether the container found a machine.
    public enum Status: String, Sendable, CaseIterable {
        case placed, unschedulable
    }

    public var policy: String
    /// `<service>-<replica>`.
    public var container: String
    public var service: String
    public var tenant: String
    public var replica: Int
    /// nil (empty cells) when unschedulable.
    public var machine: String?
    public var rack: String?
    /// The machine's zone; nil when unschedulable or when the cluster has no zones.
    public var zone: String?
    public var status: Status
    /// Why no machine fits; nil when placed.
    public var reason: String?
    /// The container's GPU request in GPUs (0.5, 2); nil in clusters without GPUs (the file then
    /// has no `gpu` column).
    public var gpu: Double?

    public init(
        policy: String, container: String, service: String, tenant: String, replica: Int, machine: String?,
        rack: String?, status: Status, reason: String?
    ) {
        self.policy = policy
        self.container = container
        self.service = service
        self.tenant = tenant
        self.replica = replica
        self.machine = machine
        self.rack = rack
        self.status = status
        self.reason = reason
    }

    /// The row with its machine's zone set.
    public func inZone(_ zone: String?) -> PlacementRow {
        var r = self
        r.zone = zone
        return r
    }

    /// The columns of `bulkhead place`'s `placement.csv`.
    public enum CSVColumn: String, CSVColumns {
        case policy, container, service, tenant, replica, machine, rack, zone, status, reason, gpu
    }

    /// `bulkhead place`'s `placement.csv`: every policy's placed containers, then its
    /// unschedulable ones; without the `zone` column (clusters without zones).
    public static let csv = csv(zones: false)

    /// `placement.csv` with the `zone` column when `zones` is true and the `gpu` column (last)
    /// when `gpus` is true, so that files of clusters without them are unchanged.
    public static func csv(zones: Bool, gpus: Bool) -> CSVSchema<PlacementRow> {
        CSVSchema<PlacementRow>(
            fileName: "placement.csv", columns: CSVColumn.self,
            omitting: Set((zones ? [] : [CSVColumn.zone.rawValue]) + (gpus ? [] : [CSVColumn.gpu.rawValue])), cell: cell,
            row: row)
    }

    /// `placement.csv` with the `zone` column (after `rack`) when `zones` is true, so that the file
    /// of a cluster without zones is what it was before zones existed.
    public static func csv(zones: Bool) -> CSVSchema<PlacementRow> {
        CSVSchema<PlacementRow>(
            fileName: "placement.csv", columns: CSVColumn.self,
            omitting: Set((zones ? [] : [CSVColumn.zone.rawValue]) + [CSVColumn.gpu.rawValue]), cell: cell, row: row)
    }

    static let cell: @Sendable (PlacementRow, CSVColumn) -> CSVCell = { x, c in
        switch c {
        case .policy: .text(x.policy)
        case .container: .text(x.container)
        case .service: .text(x.service)
        case .tenant: .text(x.tenant)
        case .replica: .int(x.replica)
        case .machine: .text(x.machine ?? "")
        case .rack: .text(x.rack ?? "")
        case .zone: .text(x.zone ?? "")
        case .status: .text(x.status.rawValue)
        case .reason: .text(x.reason ?? "")
        case .gpu: x.gpu.map { .double($0) } ?? .text("")
        }
    }

    static let row: @Sendable (CSVRecord) throws(ResultFileError) -> PlacementRow = { r throws(ResultFileError) in
        typealias C = CSVColumn
        func optional(_ c: C) -> String? { r.text(c).isEmpty ? nil : r.text(c) }
        return PlacementRow(
            policy: r.text(C.policy), container: r.text(C.container), service: r.text(C.service),
            tenant: r.text(C.tenant), replica: try r.int(C.replica), machine: optional(.machine),
            rack: optional(.rack), status: try r.value(C.status), reason: optional(.reason)
        ).inZone(optional(.zone)).withGPU(optional(.gpu).flatMap(Double.init))
    }

    /// The row with its GPU request set.
    public func withGPU(_ gpu: Double?) -> PlacementRow {
        var r = self
        r.gpu = gpu
        return r
    }
}
