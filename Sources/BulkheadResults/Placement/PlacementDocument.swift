/// What `bulkhead place --json` prints: the scenario and, per policy in the order given, its
/// ``PlacementSummary`` — one compact line written by ``CompactJSONEncoder`` (keys in declaration
/// order, numbers as Swift prints them).
public struct PlacementDocument: Codable, Sendable, Hashable {
    public var scenario: String
    /// Listed under their ``PlacementSummary/policy``, in this order (read back sorted by policy:
    /// JSON objects are unordered).
    public var policies: [PlacementSummary]

    public init(scenario: String, policies: [PlacementSummary]) {
        self.scenario = scenario
        self.policies = policies
    }

    enum CodingKeys: String, CodingKey { case scenario, policies }

    struct PolicyKey: CodingKey {
        var stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        scenario = try c.decode(String.self, forKey: .scenario)
        let p = try c.nestedContainer(keyedBy: PolicyKey.self, forKey: .policies)
        policies = try p.allKeys.map { k in
            var s = try p.decode(PlacementSummary.self, forKey: k)
            s.policy = k.stringValue
            return s
        }.sorted { $0.policy < $1.policy }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(scenario, forKey: .scenario)
        var p = c.nestedContainer(keyedBy: PolicyKey.self, forKey: .policies)
        for s in policies { try p.encode(s, forKey: PolicyKey(stringValue: s.policy)) }
    }
}

/// One policy's `bulkhead place` outputs: its JSON summary and its rows of `placement.csv` and
/// `blast-radius.csv`.
public struct PolicyPlacement: Sendable, Hashable {
    public var summary: PlacementSummary
    /// Placed containers, then unschedulable ones.
    public var rows: [PlacementRow]
    /// One row per failure unit.
    public var blastRadius: [BlastRadiusRow]

    public init(summary: PlacementSummary, rows: [PlacementRow], blastRadius: [BlastRadiusRow]) {
        self.summary = summary
        self.rows = rows
        self.blastRadius = blastRadius
    }

    /// The policy's canonical name.
    public var policy: String { summary.policy }
}
