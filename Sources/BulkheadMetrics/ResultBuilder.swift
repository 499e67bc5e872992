import BulkheadModel
import BulkheadResults

/// Turns a collector's raw counters into a ``RunResult`` (called once, at the end of a run).
struct ResultBuilder {
    let c: MetricsCollector

    init(collector: MetricsCollector) { c = collector }

    func build(
        scenario: String, seed: UInt64, policy: String, inFlightAtEnd: [Int],
        eventsProcessed: Int
    ) -> RunResult {
        let config = c.config
        let totals = c.minuteTotals
        let nS = c.serviceCount
        var acc = c.acc
        // Latencies of a last minute that `minuteEnded` never closed.
        acc.recordPending()
        for s in 0..<nS { acc.flushMinute(s) }
        let requestsOf = acc.requests
        let successesOf = acc.successes
        let externalOf = acc.external

        // Kills per service, from kills per container.
        var serviceKills = Array(repeating: 0, count: nS)
        for (k, container) in c.placement.containers.enumerated() where container.service < nS {
            serviceKills[container.service] += c.containerKills[k]
        }

        // Services.
        var services: [ServiceResult] = []
        let sloBad = totals.sloBad
        var externalFailures = FailureCounts()
        for s in 0..<nS {
            let spec = config.services[s]
            var failures = FailureCounts()
            for o in 1..<RequestAccumulators.outcomeCount {
                failures.add(raw: o, acc.counter(s, RequestAccumulators.outcomesField + o))
                externalFailures.add(raw: o, acc.counter(s, RequestAccumulators.externalOutcomesField + o))
            }
            let requests = requestsOf[s]
            let successes = successesOf[s]
            services.append(
                ServiceResult(
                    name: spec.name, tenant: spec.tenant, requests: requests, succeeded: successes,
                    failed: requests - successes, externalRequests: externalOf[s],
                    internalRequests: requests - externalOf[s], failuresByCause: failures,
                    inFlightAtEnd: s < inFlightAtEnd.count ? inFlightAtEnd[s] : 0,
                    latency: Self.latency(
                        acc.histograms[s],
                        sumMicros: acc.counter(s, RequestAccumulators.latencySumField)),
                    sloLatencyP99: spec.sloLatencyP99, sloAvailability: spec.sloAvailability,
                    sloBadMinutes: sloBad[s],
                    errorBudgetUsed: Self.errorBudget(
                        failures: requests - successes, requests: requests,
                        availability: spec.sloAvailability),
                    kills: serviceKills[s], replicas: spec.replicas))
        }

        // Tenants, sorted by name; their services in configuration order (members found in one
        // pass, not a filter over every service per tenant: 400 × 6,000 at fleet-10k).
        var membersOf: [String: [Int]] = [:]
        for s in 0..<nS { membersOf[config.services[s].tenant, default: []].append(s) }
        var tenants: [TenantResult] = []
        for name in membersOf.keys.sorted() {
            let members = membersOf[name]!
            var merged = RunHistogram()
            var sumMicros = 0
            var failures = FailureCounts()
            var budgetFailures = 0.0
            var budgetAllowed = 0.0
            var hasBudget = false
            for s in members {
                merged.add(acc.histograms[s])
                sumMicros += acc.counter(s, RequestAccumulators.latencySumField)
                failures.add(services[s].failuresByCause)
                if let a = config.services[s].sloAvailability, a < 1 {
                    hasBudget = true
                    budgetFailures += Double(services[s].failed)
                    budgetAllowed += Double(services[s].requests) * (1 - a)
                }
            }
            tenants.append(
                TenantResult(
                    name: name, services: members.map { config.services[$0].name },
                    requests: members.reduce(0) { $0 + services[$1].requests },
                    succeeded: members.reduce(0) { $0 + services[$1].succeeded },
                    failed: members.reduce(0) { $0 + services[$1].failed },
                    externalRequests: members.reduce(0) { $0 + services[$1].externalRequests },
                    failuresByCause: failures, latency: Self.latency(merged, sumMicros: sumMicros),
                    sloBadMinutes: members.reduce(0) { $0 + sloBad[$1] },
                    errorBudgetUsed: hasBudget ? (budgetAllowed > 0 ? budgetFailures / budgetAllowed : 0) : nil,
                    kills: members.reduce(0) { $0 + serviceKills[$1] }))
        }

        // Machines.
        let nM = c.machineCount
        var containersOn = Array(repeating: 0, count: nM)
        var cpuRequested = Array(repeating: 0.0, count: nM)
        var memoryRequested = Array(repeating: 0.0, count: nM)
        var gpuRequested = Array(repeating: 0.0, count: nM)
        for container in c.placement.containers where container.machine < nM && container.service < nS {
            containersOn[container.machine] += 1
            cpuRequested[container.machine] += config.services[container.service].cpuRequest
            memoryRequested[container.machine] += config.services[container.service].memoryRequest
            gpuRequested[container.machine] += config.services[container.service].gpuRequest.gpus
        }
        let hasGPUs = config.machines.contains { $0.gpus > 0 }
        var machines: [MachineResult] = []
        for j in 0..<nM {
            let spec = config.machines[j]
            let n = totals.samples[j]
            machines.append(
                MachineResult(
                    name: spec.name, rack: Self.rackName(config, spec.rack), type: spec.type, cpu: spec.cpu,
                    memory: spec.memory, containers: containersOn[j], cpuRequested: cpuRequested[j],
                    memoryRequested: memoryRequested[j],
                    cpuUtilization: Utilization(mean: Self.ratio(totals.cpuSum[j], Double(n)), peak: totals.cpuPeak[j]),
                    memoryUtilization: Utilization(
                        mean: Self.ratio(totals.memorySum[j], Double(n)), peak: totals.memoryPeak[j]),
                    oomKills: c.machineKills[j], innocentOOMKills: c.machineInnocentKills[j]))
            if spec.zone >= 0, spec.zone < config.zones.count { machines[machines.count - 1].zone = config.zones[spec.zone] }
            if hasGPUs {
                machines[machines.count - 1].gpus = spec.gpus
                machines[machines.count - 1].gpuRequested = gpuRequested[j]
            }
        }

        // Cluster, over used machines.
        let used = (0..<nM).filter { containersOn[$0] > 0 }
        let cpuCapacity = used.reduce(0.0) { $0 + config.machines[$1].cpu }
        let memCapacity = used.reduce(0.0) { $0 + config.machines[$1].memory }
        let cluster = ClusterResult(
            machinesTotal: nM, machinesUsed: used.count,
            cpuAllocation: Self.ratio(used.reduce(0.0) { $0 + cpuRequested[$1] }, cpuCapacity),
            memoryAllocation: Self.ratio(used.reduce(0.0) { $0 + memoryRequested[$1] }, memCapacity),
            cpuUtilization: Utilization(
                mean: Self.ratio(totals.clusterCPUSum, Double(totals.clusterMinutes)),
                peak: used.map { machines[$0].cpuUtilization.peak }.max() ?? 0),
            memoryUtilization: Utilization(
                mean: Self.ratio(totals.clusterMemorySum, Double(totals.clusterMinutes)),
                peak: used.map { machines[$0].memoryUtilization.peak }.max() ?? 0))

        // Containers, and the kills of those killed at least once.
        var killsByContainer: [String: Int] = [:]
        let containers = c.placement.containers.enumerated().map { k, container in
            let service = container.service < nS ? config.services[container.service] : nil
            let machine = container.machine < nM ? config.machines[container.machine] : nil
            let result = ContainerResult(
                container: k, service: service?.name ?? "#\(container.service)", tenant: service?.tenant ?? "",
                replica: container.replica, machine: machine?.name ?? "#\(container.machine)",
                rack: machine.map { Self.rackName(config, $0.rack) } ?? "")
            if c.containerKills[k] > 0 { killsByContainer["\(result.service)-\(result.replica)"] = c.containerKills[k] }
            return result
        }

        let externalTotal = externalOf.reduce(0, +)
        let externalSucceeded = acc.externalSuccesses.reduce(0, +)
        let allTotal = requestsOf.reduce(0, +)
        let allSucceeded = successesOf.reduce(0, +)
        return RunResult(
            scenario: scenario, seed: seed, policy: policy, warmupSeconds: config.warmup.seconds,
            durationSeconds: config.duration.seconds, minutesMeasured: totals.minutes,
            eventsProcessed: eventsProcessed,
            requests: RequestTotals(
                total: externalTotal, succeeded: externalSucceeded,
                failed: externalTotal - externalSucceeded),
            internalRequests: RequestTotals(
                total: allTotal - externalTotal,
                succeeded: allSucceeded - externalSucceeded,
                failed: (allTotal - externalTotal) - (allSucceeded - externalSucceeded)),
            failuresByCause: externalFailures, inFlightAtEnd: inFlightAtEnd.reduce(0, +),
            services: services, tenants: tenants, machines: machines, cluster: cluster,
            kills: KillTotals(
                total: c.killsOOMLimit + c.killsOOMMachine, oomLimit: c.killsOOMLimit,
                oomMachine: c.killsOOMMachine, innocent: c.killsInnocent, byContainer: killsByContainer),
            containers: containers,
            timeSeries: TimeSeries(store: c.series))
    }

    /// Seconds from a µs histogram; nil when empty.
    /// - Complexity: O(the histogram's touched range): one pass for the four percentiles.
    static func latency(_ h: RunHistogram, sumMicros: Int) -> LatencySummary? {
        guard h.totalCount > 0 else { return nil }
        func sec(_ us: UInt64) -> Double { Double(us) / 1e6 }
        let p = h.valuesAtPercentiles([50, 90, 99, 99.9])
        return LatencySummary(
            count: Int(h.totalCount), mean: Double(sumMicros) / Double(h.totalCount) / 1e6,
            p50: sec(p[0]), p90: sec(p[1]), p99: sec(p[2]), p999: sec(p[3]), max: sec(h.maxValue))
    }

    static func errorBudget(failures: Int, requests: Int, availability: Double?) -> Double? {
        guard let a = availability, a < 1 else { return nil }
        guard requests > 0 else { return 0 }
        return Double(failures) / (Double(requests) * (1 - a))
    }

    /// a / b, or 0 when b is not positive (keeps results free of NaN and infinities).
    static func ratio(_ a: Double, _ b: Double) -> Double { b > 0 ? a / b : 0 }

    static func rackName(_ config: ClusterConfig, _ rack: Int) -> String {
        rack >= 0 && rack < config.racks.count ? config.racks[rack] : "\(rack)"
    }
}
