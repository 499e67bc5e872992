import BulkheadResults
import Foundation

/// A metric that `bulkhead compare` reads from every run: a stable name, the direction in which it
/// improves, and how to read its value(s) from a run's ``RunSummary`` (so that a
/// comparison reads the same numbers from a run in memory and from a `summary.json` on disk).
///
/// Adding a metric is one line in ``catalog``. A definition may yield several named values (one
/// per tenant, say); a value that is undefined for a run (nil) is left out of that run.
public struct ComparisonMetric: Sendable {
    /// The metric name, or its pattern for families (`tenant.<name>.p99`).
    public var name: String
    public var better: Better
    let values: @Sendable (RunSummary) -> [(name: String, value: Double?)]

    /// Whether `metric` (a concrete name such as `tenant.web.p99`) belongs to this definition.
    func matches(_ metric: String) -> Bool {
        let parts = name.components(separatedBy: "<name>")
        guard parts.count == 2 else { return metric == name }
        return metric.count > parts[0].count + parts[1].count && metric.hasPrefix(parts[0])
            && metric.hasSuffix(parts[1])
    }

    /// One value per run.
    static func scalar(
        _ name: String, _ better: Better,
        _ value: @escaping @Sendable (RunSummary) -> Double?
    ) -> ComparisonMetric {
        ComparisonMetric(name: name, better: better) { [(name, value($0))] }
    }

    /// One value per tenant, named `tenant.<tenant>.<suffix>`, tenants sorted by name.
    static func perTenant(
        _ suffix: String, _ better: Better,
        _ value: @escaping @Sendable (TenantResult) -> Double?
    ) -> ComparisonMetric {
        ComparisonMetric(name: "tenant.<name>.\(suffix)", better: better) { r in
            r.tenants.entries.map { ("tenant.\($0.name).\(suffix)", value($0)) }
        }
    }

    /// Every metric `compare` reports, in output order. Units as in ``RunSummary``: latencies in
    /// seconds, allocation and utilisation as fractions, minutes and counts as plain numbers.
    ///
    /// Direction: lower is better, except where a higher value means the same containers use
    /// fewer resources — the CPU and memory *allocation* of used machines (Σ requests / Σ capacity:
    /// less stranded capacity) and the *mean* CPU utilisation of used machines. The *peak* CPU
    /// utilisation is lower-is-better: it measures the hottest machine, where co-tenants suffer.
    public static let catalog: [ComparisonMetric] = [
        .scalar("machines.used", .lower) { Double($0.machines.machinesUsed) },
        .scalar("cpu.allocation", .higher) { $0.machines.cpuAllocation },
        .scalar("memory.allocation", .higher) { $0.machines.memoryAllocation },
        .scalar("cpu.utilization.mean", .higher) { $0.machines.cpuUtilization.mean },
        .scalar("cpu.utilization.peak", .lower) { $0.machines.cpuUtilization.peak },
        .perTenant("p99", .lower) { $0.latency?.p99 },
        .scalar("sloBadMinutes", .lower) { Double($0.services.entries.reduce(0) { $0 + $1.sloBadMinutes }) },
        .perTenant("sloBadMinutes", .lower) { Double($0.sloBadMinutes) },
        .scalar("requests.failed", .lower) { Double($0.requests.failed) },
        .scalar("requests.failureRatio", .lower) { r in
            r.requests.total > 0 ? Double(r.requests.failed) / Double(r.requests.total) : nil
        },
        .scalar("kills.innocent", .lower) { Double($0.kills.innocent) },
        .scalar("hogging.victimP99Inflation.max", .lower) { $0.hogging.victimP99Inflation.max },
        .scalar("hogging.victimP99Inflation.p95", .lower) { $0.hogging.victimP99Inflation.p95 },
        .scalar("hogging.victimTenantsPerHog.mean", .lower) { $0.hogging.victimTenantsPerHog.mean },
        .scalar("hogging.innocentOOMKills", .lower) { Double($0.hogging.innocentOOMKills) },
        // Deploys with a restart cost or blue-green (absent otherwise), summed over them; the
        // duration only when every deploy finished.
        .scalar("deploy.durationSeconds", .lower) { r in
            guard let d = r.deploys, !d.isEmpty, d.allSatisfy({ $0.durationSeconds != nil }) else { return nil }
            return d.reduce(0) { $0 + ($1.durationSeconds ?? 0) }
        },
        .scalar("deploy.failedRequests", .lower) { r in r.deploys.map { Double($0.reduce(0) { $0 + $1.failedRequests }) } },
        .scalar("deploy.extraMachineHours", .lower) { r in r.deploys.map { $0.reduce(0) { $0 + $1.extraMachineHours } } },
        // CFS bandwidth under `quota` (absent otherwise): throttled periods over all services.
        .scalar("cpu.throttledPeriods", .lower) { r in
            let t = r.services.entries.compactMap(\.cpuThrottling)
            return t.isEmpty ? nil : Double(t.reduce(0) { $0 + $1.throttledPeriods })
        },
        // Latency attribution under `quota`: the mean delay (ms) a job of a limited service waited
        // on its own container's quota, over all limited services' jobs.
        .scalar("cpu.throttledDelayMs", .lower) { r in
            let t = r.services.entries.compactMap(\.cpuThrottling)
            let jobs = t.reduce(0) { $0 + $1.jobs }
            return jobs == 0 ? nil : t.reduce(0) { $0 + $1.throttledJobSeconds } / Double(jobs) * 1000
        },
    ]

    /// The defined values of every catalog metric for `result`, with their directions, in
    /// catalog order.
    /// - Complexity: O(tenants · log tenants) for the per-tenant families, else O(1) per metric
    ///   (O(services) for the SLO-bad total).
    public static func extract(_ result: RunSummary) -> [(name: String, better: Better, value: Double)] {
        catalog.flatMap { m in
            m.values(result).compactMap { v in v.value.map { (v.name, m.better, $0) } }
        }
    }
}
