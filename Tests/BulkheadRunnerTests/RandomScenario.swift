import BulkheadStochastic
import Foundation

/// Random scenarios for validating flow fidelity against the request engine: 1–30 machines,
/// 1–6 services with a random call DAG, random isolation, balancer algorithm, work
/// distributions, timeouts and SLOs, and (by chance) a machine crash and a CPU hog; the offered
/// load is a chosen fraction of the cluster's cores, below or above saturation. Below saturation
/// (load < 1) every service also gets enough replicas and CPU limit to stay below it; above, a
/// service may be far beyond its replicas' limits. Deterministic in `seed` (SplitMix64).
struct RandomScenario {
    /// The project's generator (BulkheadStochastic), not a copy of it.
    var generator: SplitMix64
    init(state: UInt64) { generator = SplitMix64(seed: state) }

    mutating func next() -> UInt64 { generator.next() }
    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func int(_ r: ClosedRange<Int>) -> Int { r.lowerBound + Int(next() % UInt64(r.count)) }
    mutating func pick<T>(_ xs: [T]) -> T { xs[int(0...(xs.count - 1))] }

    /// A scenario as YAML, with `load` = offered CPU / total cores. 14 minutes by default: the
    /// crash at 00:08 and its repair 6 minutes later, the hog from 00:05 for 5 minutes.
    static func yaml(seed: UInt64, load: Double, duration: String = "14m", warmup: String = "2m") -> String {
        var g = RandomScenario(state: seed)
        let machines = g.int(1...30)
        let cores = g.pick([4, 8, 16])
        let racks = min(machines, g.int(1...3))
        let perRack = (machines + racks - 1) / racks
        var rackLines: [String] = []
        var left = machines
        for r in 0..<racks {
            let n = min(perRack, left)
            guard n > 0 else { break }
            rackLines.append("  - { name: r\(r), type: m, machines: \(n) }")
            left -= n
        }
        let nServices = g.int(1...6)
        let isolation = g.pick(["none", "shares", "quota", "pinned"])
        let algorithm = g.pick(["round-robin", "random", "least-connections", "power-of-two"])
        var services: [String] = []
        var work: [Double] = []
        var calls: [[Int]] = []
        for s in 0..<nServices {
            let mean = [0.002, 0.005, 0.01, 0.02][g.int(0...3)]
            work.append(mean)
            var callees: [Int] = []
            if s + 1 < nServices {
                for t in (s + 1)..<nServices where g.uniform() < 0.35 { callees.append(t) }
            }
            calls.append(callees)
        }
        // Requests per second per external request of each entry service: its work plus its calls'.
        func cost(_ s: Int) -> Double { work[s] + calls[s].reduce(0) { $0 + cost($1) } }
        let entries = (0..<nServices).filter { s in !calls.contains { $0.contains(s) } }
        let perRequest = entries.reduce(0) { $0 + cost($1) } / Double(entries.count)
        let totalCores = Double(machines * cores)
        let replicasCap = max(1, machines * 2)
        let rate = load * totalCores / perRequest
        // Requests per second reaching each service: the entries' shares, then down the call DAG
        // (services are numbered callers before callees).
        var visits = [Double](repeating: 0, count: nServices)
        for s in entries { visits[s] = rate / Double(entries.count) }
        for s in 0..<nServices { for t in calls[s] { visits[t] += visits[s] } }
        let capped = isolation == "quota" || isolation == "pinned"
        for s in 0..<nServices {
            var replicas = min(replicasCap, g.int(1...6))
            let dist: String
            switch g.int(0...2) {
            case 0: dist = "{ exponential: { mean: \(work[s] * 1000)ms } }"
            case 1: dist = "{ lognormal: { mean: \(work[s] * 1000)ms, cv: 1.0 } }"
            default: dist = "{ gamma: { shape: 2, scale: \(work[s] * 500)ms } }"
            }
            let request = g.pick(["250m", "500m", "1"])
            var limit = g.pick(["1", "2", "4"])
            if load < 1 {
                // Below saturation means every replica below it, not only the cluster: enough
                // replicas (then a higher limit) that each is at most 0.6 busy, so that a crash
                // taking one of two replicas leaves the other below saturation too.
                let demand = visits[s] * work[s]
                func perReplica(_ l: String) -> Double { capped ? min(Double(l)!, Double(cores)) : Double(cores) }
                let needed = Int((demand / (0.6 * perReplica(limit))).rounded(.up))
                replicas = min(replicasCap, max(replicas, needed))
                while demand > 0.6 * perReplica(limit) * Double(replicas), let next = ["1": "2", "2": "4"][limit] {
                    limit = next
                }
            }
            let callList = calls[s].map { "{ service: s\($0) }" }.joined(separator: ", ")
            let slo = g.pick(["50ms", "100ms", "250ms"])
            services.append(
                """
                  - name: s\(s)
                    tenant: t\(s % 3)
                    replicas: \(replicas)
                    resources: { requests: { cpu: "\(request)", memory: 256Mi }, limits: { cpu: "\(limit)", memory: 2Gi } }
                    work: { cpu: \(dist) }
                    memory: { base: 128Mi, perRequest: 1Mi }
                    calls: [\(callList)]
                    timeout: \(g.pick(["1s", "2s"]))
                    slo: { latency: { p99: \(slo) }, availability: 99.9% }
                """)
        }
        let share = 1 / Double(entries.count)
        let routes = entries.enumerated().map { k, s in
            let w = k == entries.count - 1 ? 1 - share * Double(entries.count - 1) : share
            return "s\(s): \(w)"
        }.joined(separator: ", ")
        var extra = ""
        if g.uniform() < 0.4 && machines > 1 {
            extra += "faults:\n  - { kind: machine-crash, machine: r0-1, at: \"00:08\", repairAfter: 6m }\n"
        }
        if g.uniform() < 0.3 {
            extra +=
                "hogs:\n  - { kind: cpu-spin, service: s\(nServices - 1), threads: \(g.int(1...4)), at: \"00:05\", duration: 5m }\n"
        }
        return """
            name: random-\(seed)
            seed: \(seed % 1000 + 1)
            duration: \(duration)
            warmup: \(warmup)
            machineTypes: { m: { cpu: \(cores), memory: 64Gi } }
            racks:
            \(rackLines.joined(separator: "\n"))
            loadBalancers:
              - name: front
                algorithm: \(algorithm)
                traffic: { rate: \(String(format: "%.1f", rate))/s }
                routes: { \(routes) }
            services:
            \(services.joined(separator: "\n"))
            isolation: { cpu: \(isolation), memory: limits }
            \(extra)
            """
    }
}
