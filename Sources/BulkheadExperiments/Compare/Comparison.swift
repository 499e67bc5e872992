import BulkheadPlacement
import BulkheadResults
import BulkheadRunner
import BulkheadScenario
import Foundation

/// Compares placement policies on one scenario: every policy × replication is simulated with
/// **common random numbers** (replication r runs with the same seed and `replication: r` under
/// every policy, so the model's named streams give identical traffic, work and faults; only the
/// placement differs), in parallel, and each metric of ``ComparisonMetric/catalog`` is summarised
/// per policy (mean, Student-t confidence interval) and as a paired difference to a baseline.
///
/// Method: Law, *Simulation Modeling and Analysis* (5th ed., 2015), §10.2 (paired-t confidence
/// interval for comparing two systems) and §11.2 (common random numbers).
public enum Comparison {
    /// Checks the inputs before anything runs and resolves names to canonical preset names.
    /// - Returns: the canonical policies in the given order and the canonical baseline
    ///   (default: the first policy).
    public static func validate(
        policies: [String], baseline: String?, replications: Int,
        jobs: Int
    ) throws(ComparisonError) -> (policies: [String], baseline: String) {
        guard !policies.isEmpty else { throw .noPolicies }
        var canonical: [String] = []
        for p in policies {
            guard let preset = PlacementPolicy.named(p) else {
                throw .unknownPolicy(.unknownPolicy(p, known: Placer.presets))
            }
            if let i = canonical.firstIndex(of: preset.name) { throw .duplicatePolicy(p, sameAs: policies[i]) }
            canonical.append(preset.name)
        }
        guard replications >= 1 else { throw .replications(replications) }
        guard jobs >= 1 else { throw .jobs(jobs) }
        guard let baseline else { return (canonical, canonical[0]) }
        guard let b = PlacementPolicy.named(baseline), canonical.contains(b.name) else {
            throw .baselineNotCompared(baseline, policies: canonical)
        }
        return (canonical, b.name)
    }

    /// Runs the comparison.
    /// - Parameters:
    ///   - policies: placement policy names or aliases (see `Placer.presets`).
    ///   - replications: runs per policy; replication r is the same random world for every policy.
    ///   - jobs: simulations run at once (one per thread); default: the number of active cores.
    ///   - baseline: the policy paired differences are taken against (default: the first).
    ///   - seed: overrides the scenario's seed.
    ///   - progress: called after each finished run with (runs finished, runs in total); serialised.
    /// - Complexity: policies × replications simulations, on `jobs` threads.
    public static func run(
        scenario: Scenario, policies: [String], replications: Int,
        jobs: Int = ProcessInfo.processInfo.activeProcessorCount, baseline: String? = nil,
        seed: UInt64? = nil, confidence: Double = 0.95,
        progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    )
        throws(ComparisonError) -> PolicyComparison
    {
        let (names, base) = try validate(
            policies: policies, baseline: baseline, replications: replications,
            jobs: jobs)
        let seed = seed ?? scenario.seed
        let runs = try runAll(names: names, replications: replications, jobs: jobs, progress: progress) { p, r in
            runOne(scenario, seed: seed, policy: names[p], replication: r)
        }
        return summarise(
            scenario: scenario.name, seed: seed, policies: names, baseline: base, runs: runs,
            confidence: confidence)
    }

    /// Every (entry p, replication r) of `names` × `replications` through `run`, on `jobs` threads,
    /// as `runs[p][r]`. Task k is (k / replications, k % replications): results land in a slot
    /// indexed by k whatever the scheduling, so the output order is deterministic.
    /// - Throws: `.run` for the first failed run in (entry, replication) order.
    static func runAll(
        names: [String], replications: Int, jobs: Int,
        progress: (@Sendable (_ done: Int, _ total: Int) -> Void)?,
        run: @escaping @Sendable (_ entry: Int, _ replication: Int) -> Result<RunMetrics, Runner.Failure>
    ) throws(ComparisonError) -> [[RunMetrics]] {
        let total = names.count * replications
        var onFinished: (@Sendable (Int) -> Void)? = nil
        if let progress { onFinished = { done in progress(done, total) } }
        let outcomes: [Result<RunMetrics, Runner.Failure>] = WorkPool.map(
            count: total, jobs: jobs, progress: onFinished
        ) { k in run(k / replications, k % replications) }
        var runs: [[RunMetrics]] = []
        for p in names.indices {
            var row: [RunMetrics] = []
            for r in 0..<replications {
                switch outcomes[p * replications + r] {
                case .success(let m): row.append(m)
                case .failure(let e): throw .run(policy: names[p], replication: r, e)
                }
            }
            runs.append(row)
        }
        return runs
    }

    /// One simulation, reduced to its flat metrics.
    static func runOne(
        _ scenario: Scenario, seed: UInt64, policy: String,
        replication: Int
    ) -> Result<RunMetrics, Runner.Failure> {
        let out: Runner.Output
        do {
            out = try Runner.run(scenario, options: .init(seed: seed, policy: policy, replication: replication))
        } catch {
            return .failure(error)
        }
        var values: [String: Double] = [:]
        for m in ComparisonMetric.extract(RunSummary(out.result)) where values[m.name] == nil { values[m.name] = m.value }
        return .success(
            RunMetrics(
                policy: policy, replication: replication, values: values,
                externalArrivals: out.externalArrivals))
    }

    /// Builds the per-metric statistics from the runs (`runs[p][r]`, policies in `policies` order).
    /// Metric names and directions come from ``ComparisonMetric/catalog``, in catalog order;
    /// names no run defines are omitted.
    /// - Complexity: O(metrics · policies² · replications).
    public static func summarise(
        scenario: String, seed: UInt64, policies: [String], baseline: String,
        runs: [[RunMetrics]], confidence: Double = 0.95
    ) -> PolicyComparison {
        precondition(runs.count == policies.count, "one row of runs per policy")
        let b = policies.firstIndex(of: baseline) ?? 0
        var metrics: [MetricComparison] = []
        for (name, better) in metricNames(runs) {
            let samples = runs.map { row in row.map { $0.values[name] } }
            let estimates = policies.indices.map { p in
                PolicyEstimate(
                    policy: policies[p],
                    estimate: Estimate(samples: samples[p].compactMap { $0 }, confidence: confidence),
                    differenceToBaseline: p == b
                        ? nil : Estimate(pairedDifference: samples[p], minus: samples[b], confidence: confidence))
            }
            let w = winner(samples: samples, better: better, confidence: confidence)
            metrics.append(
                MetricComparison(
                    name: name, better: better, policies: estimates,
                    winner: w.map { policies[$0] }))
        }
        return PolicyComparison(
            scenario: scenario, seed: seed, policies: policies, baseline: policies[b],
            replications: runs.first?.count ?? 0, confidence: confidence, runs: runs,
            metrics: metrics)
    }

    /// The index of the winning policy, or nil for "no significant difference".
    ///
    /// The candidate is the policy with the best mean (by `better`; a tie has no winner). It wins
    /// only if, against **every** other policy, the paired-difference interval (candidate − other,
    /// paired by replication) lies entirely on the better side of zero. With two policies this is
    /// exactly "the paired-difference CI excludes 0"; with more it also guards against a
    /// non-baseline runner-up. The per-pair level is `confidence` (no multiple-comparison
    /// correction: with k policies, k − 1 intervals are checked).
    /// - Parameter samples: `samples[p][r]`, nil where undefined.
    /// - Complexity: O(policies · replications).
    public static func winner(samples: [[Double?]], better: Better, confidence: Double = 0.95) -> Int? {
        guard samples.count >= 2 else { return nil }
        let means = samples.map { Estimate(samples: $0.compactMap { $0 }).mean }
        guard
            let best = means.indices.filter({ means[$0].isFinite })
                .min(by: { better.prefers(means[$0], over: means[$1]) })
        else { return nil }
        for other in samples.indices where other != best {
            let d = Estimate(pairedDifference: samples[best], minus: samples[other], confidence: confidence)
            guard d.favours(better) else { return nil }
        }
        return best
    }

    /// Every metric name defined in some run, with its direction, in catalog order (within a
    /// family, tenants by name).
    static func metricNames(_ runs: [[RunMetrics]]) -> [(String, Better)] {
        let present = Set(runs.joined().flatMap(\.values.keys))
        var seen = Set<String>()
        var names: [(String, Better)] = []
        for m in ComparisonMetric.catalog {
            for n in present.filter(m.matches).sorted() where seen.insert(n).inserted { names.append((n, m.better)) }
        }
        return names
    }
}
