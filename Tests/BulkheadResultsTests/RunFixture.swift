import BulkheadResults

/// A small hand-made run with every optional part present (a service without successes, an
/// incident, a hog, a batch job, rescheduling, autoscaling) and names that need CSV quoting.
enum RunFixture {
    static func latency(_ p99: Double) -> LatencySummary {
        LatencySummary(count: 120, mean: p99 / 3, p50: p99 / 4, p90: p99 / 2, p99: p99, p999: p99 * 1.5, max: p99 * 2)
    }

    static var failures: FailureCounts {
        var f = FailureCounts()
        f.timeout = 3
        f.badRelease = 1
        return f
    }

    static func run() -> RunResult {
        let services = [
            ServiceResult(
                name: "web, \"front\"", tenant: "shop", requests: 1000, succeeded: 996, failed: 4, externalRequests: 1000,
                internalRequests: 0, failuresByCause: failures, inFlightAtEnd: 2, latency: latency(0.25),
                sloLatencyP99: 0.3, sloAvailability: 0.999, sloBadMinutes: 2, errorBudgetUsed: 4.0, kills: 1, replicas: 2),
            ServiceResult(
                name: "db", tenant: "shop", requests: 0, succeeded: 0, failed: 0, externalRequests: 0, internalRequests: 0,
                failuresByCause: FailureCounts(), inFlightAtEnd: 0, latency: nil, sloLatencyP99: nil, sloAvailability: nil,
                sloBadMinutes: 0, errorBudgetUsed: nil, kills: 0, replicas: 1),
        ]
        let tenants = [
            TenantResult(
                name: "shop", services: services.map(\.name), requests: 1000, succeeded: 996, failed: 4,
                externalRequests: 1000, failuresByCause: failures, latency: latency(0.25), sloBadMinutes: 2,
                errorBudgetUsed: nil, kills: 1)
        ]
        let machines = [
            MachineResult(
                name: "m-1", rack: "r", type: "std", cpu: 8, memory: 32e9, containers: 3, cpuRequested: 3.5,
                memoryRequested: 1.5e9, cpuUtilization: .init(mean: 0.25, peak: 0.75),
                memoryUtilization: .init(mean: 0.1, peak: 1e-05), oomKills: 1, innocentOOMKills: 0)
        ]
        var r = RunResult(
            scenario: "fixture/one", seed: 18_446_744_073_709_551_615, policy: "spread", warmupSeconds: 60,
            durationSeconds: 600, minutesMeasured: 9, eventsProcessed: 12_345,
            requests: .init(total: 1000, succeeded: 996, failed: 4), internalRequests: .init(total: 0, succeeded: 0, failed: 0),
            failuresByCause: failures, inFlightAtEnd: 2, services: services, tenants: tenants, machines: machines,
            cluster: .init(
                machinesTotal: 2, machinesUsed: 1, cpuAllocation: 0.4375, memoryAllocation: 0.05,
                cpuUtilization: .init(mean: 0.25, peak: 0.75), memoryUtilization: .init(mean: 0.1, peak: 0.2)),
            kills: .init(total: 1, oomLimit: 1, oomMachine: 0, innocent: 0, byContainer: ["web, \"front\"-1": 1]),
            containers: [
                .init(container: 0, service: services[0].name, tenant: "shop", replica: 0, machine: "m-1", rack: "r"),
                .init(container: 1, service: services[0].name, tenant: "shop", replica: 1, machine: "m-1", rack: "r"),
                .init(container: 2, service: "db", tenant: "shop", replica: 0, machine: "m-1", rack: "r"),
            ],
            timeSeries: TimeSeries(
                services: [
                    .init(
                        minute: 1, service: services[0].name, requests: 100, rate: 1.6666666666666667, failures: 1, p50: 0.05,
                        p99: 0.3, sloBad: true),
                    .init(minute: 1, service: "db", requests: 0, rate: 0, failures: 0, p50: nil, p99: nil, sloBad: false),
                ],
                machines: [.init(minute: 1, machine: "m-1", cpuUtilization: 0.5, memoryUtilization: 0.25)]))
        r.incidentImpacts = [
            IncidentImpact(
                id: 0, kind: "machine-crash", target: "m-1", start: 120, end: nil, servicesAffected: [services[0].name, "db"],
                tenantsAffected: ["shop"], servicesDown: ["db": 3, "web": 1], extraFailed: 40, extraSLOBadMinutes: 2,
                worstP99Ratio: 2.5, recoveryMinutes: nil),
            IncidentImpact(
                id: 1, kind: "hog/cpu-spin", target: "db/0", start: 300, end: 360.5, servicesAffected: [],
                tenantsAffected: [], servicesDown: [:], extraFailed: 0, extraSLOBadMinutes: 0, worstP99Ratio: nil,
                recoveryMinutes: 0),
        ]
        r.hogImpacts = [
            HogImpact(
                id: 1, kind: "hog/cpu-spin", target: "db/0", tenant: "batch", start: 300, end: 360.5,
                own: TenantHarm(tenant: "batch", extraFailed: 0, extraSLOBadMinutes: 0, p99Inflation: nil, innocentOOMKills: 0),
                others: [
                    TenantHarm(tenant: "shop", extraFailed: 5, extraSLOBadMinutes: 1, p99Inflation: 1.25, innocentOOMKills: 1)
                ])
        ]
        r.batchJobs = [
            BatchJobResult(
                service: "db", start: 300, tasks: 4, completed: 2, retries: 1, makespanSeconds: nil, waitedForSlotSeconds: 0.5)
        ]
        r.rescheduling = [ReschedulingResult(service: "db", lost: 1, replacements: 1, restored: 1, maxRestoreSeconds: 50)]
        r.autoscaling = [
            AutoscalingResult(
                service: "db", scaleUps: 1, scaleDowns: 0, replicasAdded: 1, replicasRemoved: 0, unplaceableScaleUps: 0,
                unplaceableAttempts: 0, unplacedAtEnd: 0, minutes: [.init(minute: 1, serving: 2, desired: 2)]),
            AutoscalingResult(
                service: "cache", scaleUps: 0, scaleDowns: 0, replicasAdded: 0, replicasRemoved: 0, unplaceableScaleUps: 0,
                unplaceableAttempts: 0, unplacedAtEnd: 0, minutes: []),
        ]
        return r
    }
}
