/// What one hog did to one tenant, measured against the hog-free twin over the hog's window.
public struct TenantHarm: Codable, Sendable, Equatable {
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
        self.tenant = tenant; self.extraFailed = extraFailed; self.extraSLOBadMinutes = extraSLOBadMinutes
        self.p99Inflation = p99Inflation; self.innocentOOMKills = innocentOOMKills
    }
}

/// The measured damage of one hog activation: its own tenant, and every other tenant (a *victim*
/// when it was measurably hurt, see `HogImpact.isVictim`).
public struct HogImpact: Codable, Sendable, Equatable {
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

    public init(id: Int, kind: String, target: String, tenant: String, start: Double, end: Double?, own: TenantHarm,
                others: [TenantHarm]) {
        self.id = id; self.kind = kind; self.target = target; self.tenant = tenant; self.start = start
        self.end = end; self.own = own; self.others = others
    }
}

/// Run-level hogging figures (`summary.json` → `hogging`): all zero without hogs.
public struct HoggingSummary: Codable, Sendable, Equatable {
    public struct Spread: Codable, Sendable, Equatable {
        public var max: Double
        public var p95: Double
        public init(max: Double, p95: Double) { self.max = max; self.p95 = p95 }
    }
    public struct Mean: Codable, Sendable, Equatable {
        public var max: Double
        public var mean: Double
        public init(max: Double, mean: Double) { self.max = max; self.mean = mean }
    }
    /// One row of the who-hurt-whom matrix.
    public struct Cell: Codable, Sendable, Equatable {
        public var hogTenant: String
        public var victimTenant: String
        public var extraSloBadMinutes: Int
        public var extraFailedRequests: Int
        /// nil when no hog of `hogTenant` had a defined inflation for `victimTenant`.
        public var maxP99Inflation: Double?
    }

    /// Hog activations measured.
    public var hogs: Int
    /// Over every (hog, other tenant) pair with a defined inflation: max and p95 (nearest rank).
    public var victimP99Inflation: Spread
    /// Victim tenants per hog activation.
    public var victimTenantsPerHog: Mean
    /// Innocent OOM kills inside hog windows, above the twin's (other tenants' containers).
    public var innocentOOMKills: Int
    /// Hog tenant × every tenant (the diagonal is self-harm), sorted by hog tenant then victim.
    public var matrix: [Cell]

    /// - Parameter tenants: every tenant of the run (matrix columns).
    /// - Complexity: O(hogs × tenants + pairs log pairs).
    public init(impacts: [HogImpact], tenants: [String]) {
        hogs = impacts.count
        let inflations = impacts.flatMap { $0.others.compactMap(\.p99Inflation) }.sorted()
        let p95 = inflations.isEmpty ? 0 : inflations[min(inflations.count - 1, Int((0.95 * Double(inflations.count)).rounded(.up)) - 1)]
        victimP99Inflation = Spread(max: inflations.last ?? 0, p95: p95)
        let counts = impacts.map { Double($0.victims.count) }
        victimTenantsPerHog = Mean(max: counts.max() ?? 0, mean: counts.isEmpty ? 0 : counts.reduce(0, +) / Double(counts.count))
        innocentOOMKills = impacts.reduce(0) { $0 + $1.others.reduce(0) { $0 + $1.innocentOOMKills } }
        var cells: [Cell] = []
        for hogTenant in Set(impacts.map(\.tenant)).sorted() {
            let mine = impacts.filter { $0.tenant == hogTenant }
            for victim in tenants.sorted() {
                let harms = mine.compactMap { i in i.tenant == victim ? i.own : i.others.first { $0.tenant == victim } }
                cells.append(Cell(hogTenant: hogTenant, victimTenant: victim,
                                  extraSloBadMinutes: harms.reduce(0) { $0 + $1.extraSLOBadMinutes },
                                  extraFailedRequests: harms.reduce(0) { $0 + $1.extraFailed },
                                  maxP99Inflation: harms.compactMap(\.p99Inflation).max()))
            }
        }
        matrix = cells
    }
}

extension RunResult {
    /// The run's hogging figures (zero without hogs).
    public var hogging: HoggingSummary { HoggingSummary(impacts: hogImpacts, tenants: tenants.map(\.name)) }
}

/// One batch job of a run (a `batch` hog's activation; see `BatchJobSummary` in the model, of
/// which this is the result copy).
public struct BatchJobResult: Codable, Sendable, Equatable {
    public var service: String
    /// Start (seconds since the start of the run).
    public var start: Double
    public var tasks: Int
    /// Tasks done by the end of the run.
    public var completed: Int
    /// Tasks restarted from scratch because their container died.
    public var retries: Int
    /// Start → last task done (seconds); nil when not finished by the end of the run.
    public var makespanSeconds: Double?
    /// Start → first task running (seconds); nil when no task ever found a slot.
    public var waitedForSlotSeconds: Double?
    public init(service: String, start: Double, tasks: Int, completed: Int, retries: Int, makespanSeconds: Double?,
                waitedForSlotSeconds: Double?) {
        self.service = service; self.start = start; self.tasks = tasks; self.completed = completed
        self.retries = retries; self.makespanSeconds = makespanSeconds; self.waitedForSlotSeconds = waitedForSlotSeconds
    }
}
