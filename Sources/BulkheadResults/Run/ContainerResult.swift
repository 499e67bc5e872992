/// Where one container of the placement ran: one row of `placement.csv` (``csv``).
public struct ContainerResult: Sendable, Hashable {
    /// Index in `Placement.containers`.
    public var container: Int
    public var service: String
    public var tenant: String
    public var replica: Int
    public var machine: String
    public var rack: String
    public init(container: Int, service: String, tenant: String, replica: Int, machine: String, rack: String) {
        self.container = container
        self.service = service
        self.tenant = tenant
        self.replica = replica
        self.machine = machine
        self.rack = rack
    }
}

extension ContainerResult {
    /// The columns of a run's `placement.csv`.
    public enum CSVColumn: String, CSVColumns {
        case container, service, tenant, replica, machine, rack
    }

    /// A run's `placement.csv`: one row per container, container order.
    public static let csv = CSVSchema<ContainerResult>(
        fileName: "placement.csv", columns: CSVColumn.self,
        cell: { k, c in
            switch c {
            case .container: .int(k.container)
            case .service: .text(k.service)
            case .tenant: .text(k.tenant)
            case .replica: .int(k.replica)
            case .machine: .text(k.machine)
            case .rack: .text(k.rack)
            }
        },
        row: { r throws(ResultFileError) in
            typealias C = CSVColumn
            return ContainerResult(
                container: try r.int(C.container), service: r.text(C.service), tenant: r.text(C.tenant),
                replica: try r.int(C.replica), machine: r.text(C.machine), rack: r.text(C.rack))
        })
}
