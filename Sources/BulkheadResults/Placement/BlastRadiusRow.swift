/// One row of `blast-radius.csv`: what one failure unit (a machine, a rack, a role machine, a
/// balancer) takes with it under one policy's placement.
public struct BlastRadiusRow: Sendable, Hashable {
    public var policy: String
    public var kind: FailureUnitKind
    /// The unit's name.
    public var unit: String
    /// The services that go down (the unit holds all their placed containers).
    public var downServices: [String]
    /// Services losing at least half of their containers, but not all.
    public var servicesDegraded: Int
    public var tenantsTouched: Int
    public var containersLost: Int
    /// `containersLost / placed containers`.
    public var shareLost: Double

    public init(
        policy: String, kind: FailureUnitKind, unit: String, downServices: [String], servicesDegraded: Int,
        tenantsTouched: Int, containersLost: Int, shareLost: Double
    ) {
        self.policy = policy
        self.kind = kind
        self.unit = unit
        self.downServices = downServices
        self.servicesDegraded = servicesDegraded
        self.tenantsTouched = tenantsTouched
        self.containersLost = containersLost
        self.shareLost = shareLost
    }

    /// Whether the unit takes at least one service down.
    public var takesServiceDown: Bool { !downServices.isEmpty }

    /// The columns of `blast-radius.csv` (camelCase, unlike the run's CSV files; `servicesDown`
    /// and `takesServiceDown` are derived from `downServices`).
    public enum CSVColumn: String, CSVColumns {
        case policy, kind, unit, servicesDown, servicesDegraded, tenantsTouched, containersLost, shareLost
        case takesServiceDown, downServices
    }

    /// `blast-radius.csv`: one row per failure unit of every policy.
    public static let csv = CSVSchema<BlastRadiusRow>(
        fileName: "blast-radius.csv", columns: CSVColumn.self,
        cell: { x, c in
            switch c {
            case .policy: .text(x.policy)
            case .kind: .text(x.kind.rawValue)
            case .unit: .text(x.unit)
            case .servicesDown: .int(x.downServices.count)
            case .servicesDegraded: .int(x.servicesDegraded)
            case .tenantsTouched: .int(x.tenantsTouched)
            case .containersLost: .int(x.containersLost)
            case .shareLost: .double(x.shareLost)
            case .takesServiceDown: .bool(x.takesServiceDown)
            case .downServices: .list(x.downServices)
            }
        },
        row: { r throws(ResultFileError) in
            typealias C = CSVColumn
            return BlastRadiusRow(
                policy: r.text(C.policy), kind: try r.value(C.kind), unit: r.text(C.unit),
                downServices: r.list(C.downServices), servicesDegraded: try r.int(C.servicesDegraded),
                tenantsTouched: try r.int(C.tenantsTouched), containersLost: try r.int(C.containersLost),
                shareLost: try r.double(C.shareLost))
        })
}
