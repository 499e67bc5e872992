/// Measured blast radius per incident kind, against the twin run: `summary.json` → `incidents`.
public struct IncidentTotals: Codable, Sendable, Hashable {
    /// Mean and maximum of a per-incident count.
    public struct Stat: Codable, Sendable, Hashable {
        public var mean: Double
        public var max: Int
        public init(mean: Double, max: Int) {
            self.mean = mean
            self.max = max
        }
    }

    /// The incidents of one kind.
    public struct Kind: Codable, Sendable, Hashable {
        public var count: Int
        public var extraFailed: Int
        public var servicesAffected: Stat
        public var tenantsAffected: Stat
        public var servicesDown: Stat
        public init(count: Int, extraFailed: Int, servicesAffected: Stat, tenantsAffected: Stat, servicesDown: Stat) {
            self.count = count
            self.extraFailed = extraFailed
            self.servicesAffected = servicesAffected
            self.tenantsAffected = tenantsAffected
            self.servicesDown = servicesDown
        }
    }

    public var total: Int
    /// Σ extra failed requests over incidents (an effect inside two windows counts twice).
    public var extraFailed: Int
    /// Keyed by incident kind (`machine-crash`, `hog/cpu-spinner`, …).
    public var byKind: [String: Kind]

    public init(total: Int, extraFailed: Int, byKind: [String: Kind]) {
        self.total = total
        self.extraFailed = extraFailed
        self.byKind = byKind
    }

    /// - Complexity: O(incidents × kinds).
    public init(impacts: [IncidentImpact]) {
        var byKind: [String: Kind] = [:]
        for kind in Set(impacts.map(\.kind)) {
            let xs = impacts.filter { $0.kind == kind }
            func stat(_ f: (IncidentImpact) -> Int) -> Stat {
                let v = xs.map(f)
                return Stat(mean: Double(v.reduce(0, +)) / Double(v.count), max: v.max() ?? 0)
            }
            byKind[kind] = Kind(
                count: xs.count, extraFailed: xs.reduce(0) { $0 + $1.extraFailed },
                servicesAffected: stat { $0.servicesAffected.count }, tenantsAffected: stat { $0.tenantsAffected.count },
                servicesDown: stat { $0.servicesDown.count })
        }
        self.init(total: impacts.count, extraFailed: impacts.reduce(0) { $0 + $1.extraFailed }, byKind: byKind)
    }
}
