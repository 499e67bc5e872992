/// What one hog did to one tenant, measured against the hog-free twin over the hog's window.
public struct TenantHarm: Sendable, Hashable {
    public var tenant: String
    /// Failed requests (its services, downstream calls included) above the twin's (≥ 0).
    public var extraFailed: Int
    /// SLO-bad service-minutes above the twin's (≥ 0).
    public var extraSLOBadMinutes: Int
    /// p99 of the tenant's successful requests during the incident / the twin's p99 over the same
    /// window; nil when either run had no success of the tenant in the window.
    public var p99Inflation: Double?
    /// Innocent OOM kills of its containers in the window, above the twin's.
    public var innocentOOMKills: Int
    public init(tenant: String, extraFailed: Int, extraSLOBadMinutes: Int, p99Inflation: Double?, innocentOOMKills: Int) {
        self.tenant = tenant
        self.extraFailed = extraFailed
        self.extraSLOBadMinutes = extraSLOBadMinutes
        self.p99Inflation = p99Inflation
        self.innocentOOMKills = innocentOOMKills
    }
}

/// The measured damage of one hog activation: its own tenant, and every other tenant (a *victim*
/// when it was measurably hurt, see `HogImpact.isVictim`).
public struct HogImpact: Sendable, Hashable {
    public var id: Int
    public var kind: String
    public var target: String
    /// The hog's tenant.
    public var tenant: String
    public var start: Double
    public var end: Double?
    /// The hog's own tenant (reported separately: self-harm is not interference).
    public var own: TenantHarm
    /// Every other tenant, sorted by name.
    public var others: [TenantHarm]

    /// p99 inflation above which a tenant counts as hurt even without failures (10 %).
    public static let inflationThreshold = 1.1

    /// Hurt: extra failures ≥ `threshold`, extra SLO-bad minutes, an innocent OOM kill, or p99
    /// inflated by more than `inflationThreshold`.
    public static func isVictim(_ h: TenantHarm, threshold: Int = 1) -> Bool {
        h.extraFailed >= threshold || h.extraSLOBadMinutes > 0 || h.innocentOOMKills > 0
            || (h.p99Inflation ?? 1) > inflationThreshold
    }

    public var victims: [TenantHarm] { others.filter { Self.isVictim($0) } }

    public init(
        id: Int, kind: String, target: String, tenant: String, start: Double, end: Double?, own: TenantHarm,
        others: [TenantHarm]
    ) {
        self.id = id
        self.kind = kind
        self.target = target
        self.tenant = tenant
        self.start = start
        self.end = end
        self.own = own
        self.others = others
    }
}
