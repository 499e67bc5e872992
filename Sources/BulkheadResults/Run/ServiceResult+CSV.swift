extension ServiceResult {
    /// The columns of `services.csv`: counts, failures by cause (`failed_<cause>`, `-` as `_`),
    /// latency in seconds (empty without successes), SLO targets, SLO-bad minutes, error budget
    /// used, kills, and the CFS bandwidth statistics under `quota` with the jobs' throttled delay
/// (empty for a service without them).
    public enum CSVColumn: String, CSVColumns {
        case service, tenant, replicas, requests, succeeded, failed
        case externalRequests = "external_requests"
        case internalRequests = "internal_requests"
        case failedTimeout = "failed_timeout"
        case failedDeadReplica = "failed_dead_replica"
        case failedUnreachable = "failed_unreachable"
        case failedOOMKilled = "failed_oom_killed"
        case failedDownstreamFailure = "failed_downstream_failure"
        case failedNoHealthyReplica = "failed_no_healthy_replica"
        case failedLBDown = "failed_lb_down"
        case failedCrashed = "failed_crashed"
        case failedBadRelease = "failed_bad_release"
        case failedMachineFailure = "failed_machine_failure"
        case inFlightAtEnd = "in_flight_at_end"
        case latencyCount = "latency_count"
        case latencyMean = "latency_mean_s"
        case latencyP50 = "latency_p50_s"
        case latencyP90 = "latency_p90_s"
        case latencyP99 = "latency_p99_s"
        case latencyP999 = "latency_p999_s"
        case latencyMax = "latency_max_s"
        case sloLatencyP99 = "slo_latency_p99_s"
        case sloAvailability = "slo_availability"
        case sloBadMinutes = "slo_bad_minutes"
        case errorBudgetUsed = "error_budget_used"
        case kills
        case cpuPeriods = "cpu_periods"
        case cpuThrottledPeriods = "cpu_throttled_periods"
        case cpuThrottledSeconds = "cpu_throttled_s"
        case cpuJobs = "cpu_jobs"
        case cpuThrottledJobSeconds = "cpu_throttled_job_s"

        /// The failure cause a `failed_<cause>` column counts.
        public var cause: FailureCounts.Cause? {
            switch self {
            case .failedTimeout: .timeout
            case .failedDeadReplica: .deadReplica
            case .failedUnreachable: .unreachable
            case .failedOOMKilled: .oomKilled
            case .failedDownstreamFailure: .downstreamFailure
            case .failedNoHealthyReplica: .noHealthyReplica
            case .failedLBDown: .lbDown
            case .failedCrashed: .crashed
            case .failedBadRelease: .badRelease
            case .failedMachineFailure: .machineFailure
            default: nil
            }
        }
    }

    /// `services.csv`: one row per service, configuration order.
    public static let csv = CSVSchema<ServiceResult>(
        fileName: "services.csv", columns: CSVColumn.self,
        cell: { s, c in
            let l = s.latency
            return switch c {
            case .service: .text(s.name)
            case .tenant: .text(s.tenant)
            case .replicas: .int(s.replicas)
            case .requests: .int(s.requests)
            case .succeeded: .int(s.succeeded)
            case .failed: .int(s.failed)
            case .externalRequests: .int(s.externalRequests)
            case .internalRequests: .int(s.internalRequests)
            case .inFlightAtEnd: .int(s.inFlightAtEnd)
            case .latencyCount: .int(l?.count ?? 0)
            case .latencyMean: .optional(l?.mean)
            case .latencyP50: .optional(l?.p50)
            case .latencyP90: .optional(l?.p90)
            case .latencyP99: .optional(l?.p99)
            case .latencyP999: .optional(l?.p999)
            case .latencyMax: .optional(l?.max)
            case .sloLatencyP99: .optional(s.sloLatencyP99)
            case .sloAvailability: .optional(s.sloAvailability)
            case .sloBadMinutes: .int(s.sloBadMinutes)
            case .errorBudgetUsed: .optional(s.errorBudgetUsed)
            case .kills: .int(s.kills)
            case .cpuPeriods: .optional(s.cpuThrottling?.periods)
            case .cpuThrottledPeriods: .optional(s.cpuThrottling?.throttledPeriods)
            case .cpuThrottledSeconds: .optional(s.cpuThrottling?.throttledSeconds)
            case .cpuJobs: .optional(s.cpuThrottling?.jobs)
            case .cpuThrottledJobSeconds: .optional(s.cpuThrottling?.throttledJobSeconds)
            case .failedTimeout, .failedDeadReplica, .failedUnreachable, .failedOOMKilled, .failedDownstreamFailure,
                .failedNoHealthyReplica, .failedLBDown, .failedCrashed, .failedBadRelease, .failedMachineFailure:
                .int(s.failuresByCause[c.cause!])
            }
        },
        row: { r throws(ResultFileError) in
            typealias C = CSVColumn
            var failures = FailureCounts()
            for c in C.allCases { if let cause = c.cause { failures[cause] = try r.int(c) } }
            var latency: LatencySummary? = nil
            if let mean = try r.optionalDouble(C.latencyMean) {
                latency = LatencySummary(
                    count: try r.int(C.latencyCount), mean: mean, p50: try r.double(C.latencyP50),
                    p90: try r.double(C.latencyP90), p99: try r.double(C.latencyP99), p999: try r.double(C.latencyP999),
                    max: try r.double(C.latencyMax))
            }
            var throttling: ThrottlingResult? = nil
            if let periods = try r.optionalInt(C.cpuPeriods) {
                throttling = ThrottlingResult(
                    periods: periods, throttledPeriods: try r.int(C.cpuThrottledPeriods),
                    throttledSeconds: try r.double(C.cpuThrottledSeconds), jobs: try r.int(C.cpuJobs),
                    throttledJobSeconds: try r.double(C.cpuThrottledJobSeconds))
            }
            return ServiceResult(
                name: r.text(C.service), tenant: r.text(C.tenant), requests: try r.int(C.requests),
                succeeded: try r.int(C.succeeded), failed: try r.int(C.failed),
                externalRequests: try r.int(C.externalRequests), internalRequests: try r.int(C.internalRequests),
                failuresByCause: failures, inFlightAtEnd: try r.int(C.inFlightAtEnd), latency: latency,
                sloLatencyP99: try r.optionalDouble(C.sloLatencyP99), sloAvailability: try r.optionalDouble(C.sloAvailability),
                sloBadMinutes: try r.int(C.sloBadMinutes), errorBudgetUsed: try r.optionalDouble(C.errorBudgetUsed),
                kills: try r.int(C.kills), replicas: try r.int(C.replicas), cpuThrottling: throttling)
        })
}
