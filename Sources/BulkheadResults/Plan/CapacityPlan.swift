/// The answer of `bulkhead plan`: per placement policy, the smallest fleet that met every
/// requirement in every replication, and how the search got there. Written as `plan.json` (nil
/// figures left out) and, one row per policy, `plan.csv` (``PolicyPlan/csv(vary:)``).
public struct CapacityPlan: JSONDocument, Hashable {
    public static let fileName = "plan.json"
    public static let escapesSlashes = false

    public var scenario: String
    public var seed: UInt64
    public var replications: Int
    /// The varied field paths (their counts are scaled together).
    public var vary: [String]
    /// The requirements, as written.
    public var requirements: [String]
    public var policies: [PolicyPlan]

    public init(
        scenario: String, seed: UInt64, replications: Int, vary: [String], requirements: [String],
        policies: [PolicyPlan]
    ) {
        self.scenario = scenario
        self.seed = seed
        self.replications = replications
        self.vary = vary
        self.requirements = requirements
        self.policies = policies
    }
}

/// One policy's plan.
public struct PolicyPlan: Sendable, Hashable, Codable {
    public var policy: String
    /// Whether some fleet up to the search limit met the requirements.
    public var feasible: Bool
    /// The smallest passing total of the varied counts (nil if infeasible).
    public var total: Int?
    /// The varied fields' counts at that total, in `vary` order.
    public var counts: [Int]?
    /// Machines in the planned fleet (all racks, varied or not).
    public var machines: Int?
    /// Peak cluster CPU and memory utilisation (fractions), the maximum over replications.
    public var cpuPeak: Double?
    public var memoryPeak: Double?
    /// Σ machines × `costPerHour` of their type, if every type in the fleet has a price.
    public var costPerHour: Double?
    /// Why the predecessor (total − 1) fails, e.g. `services.web.sloBadMinutes = 3 (replication 1)`;
    /// nil when the answer is the smallest fleet allowed.
    public var predecessorFailure: String?
    /// Every total evaluated, in search order, with its verdict.
    public var evaluations: [Evaluation]
    /// Simulations run for this policy (replications × evaluations, twins included).
    public var simulations: Int
    /// The largest total tried when infeasible.
    public var limit: Int
    /// With `plan --fidelity flow --confirm request`: the request-level check of the flow answer
    /// (nil otherwise). When it ran, the figures above (total, counts, machines, peaks, cost,
    /// predecessor failure) are the request level's — the reference — and `evaluations` stay the
    /// flow search's.
    public var confirmation: Confirmation?

    /// The request-level confirmation of a flow-level answer.
    public struct Confirmation: Sendable, Hashable, Codable {
        /// The fidelity that confirmed (`request`).
        public var fidelity: String
        /// The flow engine's answer (nil when the flow search found none).
        public var flowTotal: Int?
        /// The smallest passing total at the confirming fidelity (nil: none up to the limit, or
        /// not run).
        public var total: Int?
        /// Totals evaluated at the confirming fidelity, in order.
        public var evaluations: [Evaluation]
        /// Simulations it ran (twins included).
        public var simulations: Int
        /// Its estimated wall time before it ran (seconds).
        public var estimatedSeconds: Double
        /// Why it did not run (beyond the time allowed, or nothing to confirm); nil when it ran.
        public var skipped: String?

        public init(
            fidelity: String, flowTotal: Int?, total: Int?, evaluations: [Evaluation], simulations: Int,
            estimatedSeconds: Double, skipped: String?
        ) {
            self.fidelity = fidelity
            self.flowTotal = flowTotal
            self.total = total
            self.evaluations = evaluations
            self.simulations = simulations
            self.estimatedSeconds = estimatedSeconds
            self.skipped = skipped
        }

        /// Whether the confirming fidelity agrees with the flow answer.
        public var agrees: Bool { skipped == nil && total == flowTotal }
    }

    /// One evaluated fleet size.
    public struct Evaluation: Sendable, Hashable, Codable {
        public var total: Int
        public var passed: Bool
        /// The first violated requirement, if any.
        public var failure: String?
        public init(total: Int, passed: Bool, failure: String?) {
            self.total = total
            self.passed = passed
            self.failure = failure
        }
    }

    public init(
        policy: String, feasible: Bool, total: Int?, counts: [Int]?, machines: Int?, cpuPeak: Double?,
        memoryPeak: Double?, costPerHour: Double?, predecessorFailure: String?, evaluations: [Evaluation],
        simulations: Int, limit: Int, confirmation: Confirmation? = nil
    ) {
        self.policy = policy
        self.feasible = feasible
        self.total = total
        self.counts = counts
        self.machines = machines
        self.cpuPeak = cpuPeak
        self.memoryPeak = memoryPeak
        self.costPerHour = costPerHour
        self.predecessorFailure = predecessorFailure
        self.evaluations = evaluations
        self.simulations = simulations
        self.limit = limit
        self.confirmation = confirmation
    }
}
