import BulkheadMetrics
import BulkheadResults

/// The shape of `summary.json`: the run's results keyed by name, deterministic (encoded with
/// sorted keys). Latencies in seconds, utilisations and ratios as fractions. Optional values are
/// written as `null` rather than omitted, so every key is always present.
///
/// ```
/// { "scenario", "seed", "policy", "warmupSeconds", "durationSeconds", "minutesMeasured", "eventsProcessed",
///   "requests": {"total","succeeded","failed"},            // external requests only
///   "internalRequests": {"total","succeeded","failed"},    // downstream calls
///   "failuresByCause": {"timeout","dead-replica","unreachable","oom-killed","downstream-failure","no-healthy-replica",
///                       "lb-down","crashed","bad-release"},
///   "inFlightAtEnd",
///   "services": {NAME: {"tenant","replicas","requests","succeeded","failed","externalRequests","internalRequests",
///                       "failuresByCause","inFlightAtEnd","latency":{"count","mean","p50","p90","p99","p999","max"}|null,
///                       "sloLatencyP99","sloAvailability","sloBadMinutes","errorBudgetUsed","kills"}},
///   "tenants": {NAME: {"services","requests","succeeded","failed","externalRequests","failuresByCause",
///                      "latency","sloBadMinutes","errorBudgetUsed","kills"}},
///   "machines": {"total","used","cpuAllocation","memoryAllocation",
///                "cpuUtilization":{"mean","peak"},"memoryUtilization":{"mean","peak"}},
///   "kills": {"total","oomLimit","oomMachine","innocent","byContainer":{"SERVICE-REPLICA": n}},
///   "incidents": {"total","extraFailed","byKind":{KIND:{"count","extraFailed","servicesAffected":{"mean","max"},
///                 "tenantsAffected":{"mean","max"},"servicesDown":{"mean","max"}}}},   // measured vs the twin run
///   "rescheduling": {SERVICE: {"lost","replacements","restored","meanRestoreSeconds","maxRestoreSeconds",
///                    "unplaceableAttempts","waitingAtEnd"}},   // dynamic infrastructure only
///   "hogging": {"hogs","victimP99Inflation":{"max","p95"},"victimTenantsPerHog":{"max","mean"},
///               "innocentOOMKills",                    // all zero without hogs; see HoggingSummary
///               "batch": [{"service","start","tasks","completed","retries","makespanSeconds",
///                          "waitedForSlotSeconds"}]},   // only with batch hogs
///   "autoscaling": {SERVICE: {"scaleUps","scaleDowns","replicasAdded","replicasRemoved","unplaceableScaleUps",
///                   "unplaceableAttempts","unplacedAtEnd","minReplicas","maxReplicas"}} }   // autoscaled services only
/// ```
struct SummaryDocument: Encodable {
    let r: RunResult

    enum Keys: String, CodingKey {
        case scenario, seed, policy, warmupSeconds, durationSeconds, minutesMeasured, eventsProcessed
        case requests, internalRequests, failuresByCause, inFlightAtEnd, services, tenants, machines, kills
        case incidents, rescheduling, hogging, autoscaling
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(r.scenario, forKey: .scenario)
        try c.encode(r.seed, forKey: .seed)
        try c.encode(r.policy, forKey: .policy)
        try c.encode(r.warmupSeconds, forKey: .warmupSeconds)
        try c.encode(r.durationSeconds, forKey: .durationSeconds)
        try c.encode(r.minutesMeasured, forKey: .minutesMeasured)
        try c.encode(r.eventsProcessed, forKey: .eventsProcessed)
        try c.encode(r.requests, forKey: .requests)
        try c.encode(r.internalRequests, forKey: .internalRequests)
        try c.encode(r.failuresByCause, forKey: .failuresByCause)
        try c.encode(r.inFlightAtEnd, forKey: .inFlightAtEnd)
        var services: [String: ServiceEntry] = [:]
        for s in r.services { services[s.name] = ServiceEntry(s: s) }
        try c.encode(services, forKey: .services)
        var tenants: [String: TenantEntry] = [:]
        for t in r.tenants { tenants[t.name] = TenantEntry(t: t) }
        try c.encode(tenants, forKey: .tenants)
        try c.encode(MachinesEntry(cluster: r.cluster), forKey: .machines)
        var byContainer: [String: Int] = [:]
        for k in r.containers where k.kills > 0 { byContainer["\(k.service)-\(k.replica)"] = k.kills }
        try c.encode(KillsEntry(totals: r.kills, byContainer: byContainer), forKey: .kills)
        try c.encode(IncidentsEntry(impacts: r.incidentImpacts), forKey: .incidents)
        if !r.rescheduling.isEmpty {
            // Dynamic infrastructure only: {SERVICE: {lost, replacements, restored, meanRestoreSeconds,
            // maxRestoreSeconds, unplaceableAttempts, waitingAtEnd}}.
            var by: [String: ReschedulingResult] = [:]
            for x in r.rescheduling { by[x.service] = x }
            try c.encode(by, forKey: .rescheduling)
        }
        if !r.autoscaling.isEmpty {
            var by: [String: AutoscalingEntry] = [:]
            for a in r.autoscaling { by[a.service] = AutoscalingEntry(a: a) }
            try c.encode(by, forKey: .autoscaling)
        }
        try c.encode(HoggingEntry(h: r.hogging, batch: r.batchJobs), forKey: .hogging)
    }

    /// One autoscaled service's figures (the per-minute counts are in `timeseries.csv`).
    struct AutoscalingEntry: Encodable {
        let a: AutoscalingResult
        enum Keys: String, CodingKey {
            case scaleUps, scaleDowns, replicasAdded, replicasRemoved, unplaceableScaleUps, unplaceableAttempts
            case unplacedAtEnd, minReplicas, maxReplicas
        }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(a.scaleUps, forKey: .scaleUps)
            try c.encode(a.scaleDowns, forKey: .scaleDowns)
            try c.encode(a.replicasAdded, forKey: .replicasAdded)
            try c.encode(a.replicasRemoved, forKey: .replicasRemoved)
            try c.encode(a.unplaceableScaleUps, forKey: .unplaceableScaleUps)
            try c.encode(a.unplaceableAttempts, forKey: .unplaceableAttempts)
            try c.encode(a.unplacedAtEnd, forKey: .unplacedAtEnd)
            try c.encode(a.minReplicas, forKey: .minReplicas)
            try c.encode(a.maxReplicas, forKey: .maxReplicas)
        }
    }

    /// Hogging figures measured against the twin (all zero without hogs); the matrix is in
    /// `interference.csv`.
    struct HoggingEntry: Encodable {
        let h: HoggingSummary
        let batch: [BatchJobResult]
        enum Keys: String, CodingKey { case hogs, victimP99Inflation, victimTenantsPerHog, innocentOOMKills, batch }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(h.hogs, forKey: .hogs)
            try c.encode(h.victimP99Inflation, forKey: .victimP99Inflation)
            try c.encode(h.victimTenantsPerHog, forKey: .victimTenantsPerHog)
            try c.encode(h.innocentOOMKills, forKey: .innocentOOMKills)
            if !batch.isEmpty { try c.encode(batch, forKey: .batch) }
        }
    }

    /// Measured blast radius per incident kind (see `IncidentImpact`).
    struct IncidentsEntry: Encodable {
        let impacts: [IncidentImpact]
        struct Stat: Encodable { let mean: Double; let max: Int }
        struct Kind: Encodable {
            let count: Int
            let extraFailed: Int
            let servicesAffected: Stat
            let tenantsAffected: Stat
            let servicesDown: Stat
        }
        enum Keys: String, CodingKey { case total, extraFailed, byKind }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(impacts.count, forKey: .total)
            try c.encode(impacts.reduce(0) { $0 + $1.extraFailed }, forKey: .extraFailed)
            var byKind: [String: Kind] = [:]
            for kind in Set(impacts.map(\.kind)) {
                let xs = impacts.filter { $0.kind == kind }
                func stat(_ f: (IncidentImpact) -> Int) -> Stat {
                    let v = xs.map(f)
                    return Stat(mean: Double(v.reduce(0, +)) / Double(v.count), max: v.max() ?? 0)
                }
                byKind[kind] = Kind(count: xs.count, extraFailed: xs.reduce(0) { $0 + $1.extraFailed },
                                    servicesAffected: stat { $0.servicesAffected.count },
                                    tenantsAffected: stat { $0.tenantsAffected.count },
                                    servicesDown: stat { $0.servicesDown.count })
            }
            try c.encode(byKind, forKey: .byKind)
        }
    }

    struct ServiceEntry: Encodable {
        let s: ServiceResult
        enum Keys: String, CodingKey {
            case tenant, replicas, requests, succeeded, failed, externalRequests, internalRequests, failuresByCause
            case inFlightAtEnd, latency, sloLatencyP99, sloAvailability, sloBadMinutes, errorBudgetUsed, kills
        }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(s.tenant, forKey: .tenant)
            try c.encode(s.replicas, forKey: .replicas)
            try c.encode(s.requests, forKey: .requests)
            try c.encode(s.succeeded, forKey: .succeeded)
            try c.encode(s.failed, forKey: .failed)
            try c.encode(s.externalRequests, forKey: .externalRequests)
            try c.encode(s.internalRequests, forKey: .internalRequests)
            try c.encode(s.failuresByCause, forKey: .failuresByCause)
            try c.encode(s.inFlightAtEnd, forKey: .inFlightAtEnd)
            try c.encode(s.latency, forKey: .latency)
            try c.encode(s.sloLatencyP99, forKey: .sloLatencyP99)
            try c.encode(s.sloAvailability, forKey: .sloAvailability)
            try c.encode(s.sloBadMinutes, forKey: .sloBadMinutes)
            try c.encode(s.errorBudgetUsed, forKey: .errorBudgetUsed)
            try c.encode(s.kills, forKey: .kills)
        }
    }

    struct TenantEntry: Encodable {
        let t: TenantResult
        enum Keys: String, CodingKey {
            case services, requests, succeeded, failed, externalRequests, failuresByCause, latency, sloBadMinutes
            case errorBudgetUsed, kills
        }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(t.services, forKey: .services)
            try c.encode(t.requests, forKey: .requests)
            try c.encode(t.succeeded, forKey: .succeeded)
            try c.encode(t.failed, forKey: .failed)
            try c.encode(t.externalRequests, forKey: .externalRequests)
            try c.encode(t.failuresByCause, forKey: .failuresByCause)
            try c.encode(t.latency, forKey: .latency)
            try c.encode(t.sloBadMinutes, forKey: .sloBadMinutes)
            try c.encode(t.errorBudgetUsed, forKey: .errorBudgetUsed)
            try c.encode(t.kills, forKey: .kills)
        }
    }

    struct MachinesEntry: Encodable {
        let total: Int, used: Int, cpuAllocation: Double, memoryAllocation: Double
        let cpuUtilization: Utilization, memoryUtilization: Utilization
        init(cluster: ClusterResult) {
            total = cluster.machinesTotal; used = cluster.machinesUsed
            cpuAllocation = cluster.cpuAllocation; memoryAllocation = cluster.memoryAllocation
            cpuUtilization = cluster.cpuUtilization; memoryUtilization = cluster.memoryUtilization
        }
    }

    struct KillsEntry: Encodable {
        let total: Int, oomLimit: Int, oomMachine: Int, innocent: Int
        let byContainer: [String: Int]
        init(totals: KillTotals, byContainer: [String: Int]) {
            total = totals.total; oomLimit = totals.oomLimit; oomMachine = totals.oomMachine
            innocent = totals.innocent; self.byContainer = byContainer
        }
    }
}
