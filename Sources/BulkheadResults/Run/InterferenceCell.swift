/// One cell of the who-hurt-whom matrix: what one tenant's hogs did to one tenant, summed over
/// its activations. One row of `interference.csv` (``csv``).
public struct InterferenceCell: Sendable, Hashable {
    public var hogTenant: String
    public var victimTenant: String
    public var extraSloBadMinutes: Int
    public var extraFailedRequests: Int
    /// nil when no hog of `hogTenant` had a defined inflation for `victimTenant`.
    public var maxP99Inflation: Double?

    public init(
        hogTenant: String, victimTenant: String, extraSloBadMinutes: Int, extraFailedRequests: Int,
        maxP99Inflation: Double?
    ) {
        self.hogTenant = hogTenant
        self.victimTenant = victimTenant
        self.extraSloBadMinutes = extraSloBadMinutes
        self.extraFailedRequests = extraFailedRequests
        self.maxP99Inflation = maxP99Inflation
    }

    /// Every hogging tenant × every tenant of the run (the diagonal is self-harm), sorted by hog
    /// tenant then victim.
    /// - Parameter tenants: every tenant of the run (the matrix columns).
    /// - Complexity: O(hogs × tenants × log tenants).
    public static func matrix(_ impacts: [HogImpact], tenants: [String]) -> [InterferenceCell] {
        var cells: [InterferenceCell] = []
        for hogTenant in Set(impacts.map(\.tenant)).sorted() {
            let mine = impacts.filter { $0.tenant == hogTenant }
            for victim in tenants.sorted() {
                let harms = mine.compactMap { i in i.tenant == victim ? i.own : i.others.first { $0.tenant == victim } }
                cells.append(
                    InterferenceCell(
                        hogTenant: hogTenant, victimTenant: victim,
                        extraSloBadMinutes: harms.reduce(0) { $0 + $1.extraSLOBadMinutes },
                        extraFailedRequests: harms.reduce(0) { $0 + $1.extraFailed },
                        maxP99Inflation: harms.compactMap(\.p99Inflation).max()))
            }
        }
        return cells
    }
}

extension InterferenceCell {
    /// The columns of `interference.csv` (camelCase, unlike the other run files).
    public enum CSVColumn: String, CSVColumns {
        case hogTenant, victimTenant, extraSloBadMinutes, extraFailedRequests, maxP99Inflation
    }

    /// `interference.csv`: the matrix (written only for runs with hogs); `maxP99Inflation` with
    /// four decimals, empty when undefined.
    public static let csv = CSVSchema<InterferenceCell>(
        fileName: "interference.csv", columns: CSVColumn.self,
        cell: { x, c in
            switch c {
            case .hogTenant: .text(x.hogTenant)
            case .victimTenant: .text(x.victimTenant)
            case .extraSloBadMinutes: .int(x.extraSloBadMinutes)
            case .extraFailedRequests: .int(x.extraFailedRequests)
            case .maxP99Inflation: x.maxP99Inflation.map { .fixed($0, digits: 4) } ?? .missing
            }
        },
        row: { r throws(ResultFileError) in
            typealias C = CSVColumn
            return InterferenceCell(
                hogTenant: r.text(C.hogTenant), victimTenant: r.text(C.victimTenant),
                extraSloBadMinutes: try r.int(C.extraSloBadMinutes), extraFailedRequests: try r.int(C.extraFailedRequests),
                maxP99Inflation: try r.optionalDouble(C.maxP99Inflation))
        })
}
