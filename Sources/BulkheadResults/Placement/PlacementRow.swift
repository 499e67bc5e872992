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
    public var status: Status
    /// Why no machine fits; nil when placed.
    public var reason: String?

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

    /// The columns of `bulkhead place`'s `placement.csv`.
    public enum CSVColumn: String, CSVColumns {
        case policy, container, service, tenant, replica, machine, rack, status, reason
    }

    /// `bulkhead place`'s `placement.csv`: every policy's placed containers, then its
    /// unschedulable ones.
    public static let csv = CSVSchema<PlacementRow>(
        fileName: "placement.csv", columns: CSVColumn.self,
        cell: { x, c in
            switch c {
            case .policy: .text(x.policy)
            case .container: .text(x.container)
            case .service: .text(x.service)
            case .tenant: .text(x.tenant)
            case .replica: .int(x.replica)
            case .machine: .text(x.machine ?? "")
            case .rack: .text(x.rack ?? "")
            case .status: .text(x.status.rawValue)
            case .reason: .text(x.reason ?? "")
            }
        },
        row: { r throws(ResultFileError) in
            typealias C = CSVColumn
            func optional(_ c: C) -> String? { r.text(c).isEmpty ? nil : r.text(c) }
            return PlacementRow(
                policy: r.text(C.policy), container: r.text(C.container), service: r.text(C.service),
                tenant: r.text(C.tenant), replica: try r.int(C.replica), machine: optional(.machine),
                rack: optional(.rack), status: try r.value(C.status), reason: optional(.reason))
        })
}
