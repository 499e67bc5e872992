import BulkheadResults
import BulkheadRunner
import BulkheadScenario
import Foundation

/// Flow fidelity against the request-level engine on one scenario and seed: the error measures
/// of issue 13's accuracy bounds, computed from the two runs' results.
struct FlowComparison: CustomStringConvertible {
    var name: String
    /// Largest |flow − request| per-machine per-minute CPU utilisation (bound 0.02).
    var cpuError = 0.0
    /// Largest relative error of a service's mean latency, over services whose machines stay below
    /// 0.8 utilisation in every minute of the request run (bound 0.10).
    var meanLatencyError = 0.0
    /// Largest relative error of a service's p99 (bound 0.25).
    var p99Error = 0.0
    /// Largest |Δ failed| / max(10 % of the request run's, 100) over services (bound 1).
    var failedRatio = 0.0
    /// Largest |Δ SLO-bad minutes| / max(10 % of the request run's, 2) over services (bound 1).
    var sloRatio = 0.0
    /// |flow − request| / request external arrivals, warm-up included (the flow engine's
    /// integrated rates against the request engine's Poisson draws; `requests.total` would differ
    /// under overload: the request engine does not count requests still in flight at the end).
    var requestTotalError = 0.0
    /// The service behind each worst figure.
    var worst: [String: String] = [:]
    var requestSeconds = 0.0
    var flowSeconds = 0.0

    var withinBounds: Bool {
        cpuError <= 0.02 && meanLatencyError <= 0.10 && p99Error <= 0.25 && failedRatio <= 1 && sloRatio <= 1
    }

    var description: String {
        String(
            format:
                "%@: requests %.4f, cpu %.3f, mean %.1f%% (%@), p99 %.1f%% (%@), failed %.2f (%@), slo %.2f (%@); %.2fs vs %.3fs",
            name, requestTotalError, cpuError, meanLatencyError * 100, worst["mean"] ?? "-", p99Error * 100, worst["p99"] ?? "-",
            failedRatio, worst["failed"] ?? "-", sloRatio, worst["slo"] ?? "-", requestSeconds, flowSeconds)
    }

    /// Runs `scenario` under both fidelities and compares them.
    static func run(_ scenario: Scenario, name: String) throws -> FlowComparison {
        var flowScenario = scenario
        flowScenario.fidelity = .flow
        var request = scenario
        request.fidelity = .request
        let r = try Runner.run(request)
        let f = try Runner.run(flowScenario)
        var c = compare(request: r.result, flow: f.result, name: name)
        c.requestTotalError =
            abs(Double(f.externalArrivals - r.externalArrivals)) / max(1, Double(r.externalArrivals))
        c.requestSeconds = r.wallSeconds
        c.flowSeconds = f.wallSeconds
        return c
    }

    static func compare(request r: RunResult, flow f: RunResult, name: String) -> FlowComparison {
        var c = FlowComparison(name: name)
        var util: [String: Double] = [:]
        var peak: [String: Double] = [:]
        for m in r.timeSeries.machines {
            util["\(m.minute)/\(m.machine)"] = m.cpuUtilization
            peak[m.machine] = max(peak[m.machine] ?? 0, m.cpuUtilization)
        }
        for m in f.timeSeries.machines {
            if let u = util["\(m.minute)/\(m.machine)"] { c.cpuError = max(c.cpuError, abs(m.cpuUtilization - u)) }
        }
        let machinesOf = Dictionary(grouping: r.containers, by: \.service).mapValues { Set($0.map(\.machine)) }
        let flowServices = Dictionary(uniqueKeysWithValues: f.services.map { ($0.name, $0) })
        for s in r.services {
            guard let g = flowServices[s.name] else { continue }
            if let a = s.latency, let b = g.latency, a.count >= 1000 {
                let cool = (machinesOf[s.name] ?? []).allSatisfy { (peak[$0] ?? 0) < 0.8 }
                let mean = abs(b.mean - a.mean) / a.mean
                if cool && mean > c.meanLatencyError {
                    c.meanLatencyError = mean
                    c.worst["mean"] = s.name
                }
                let p99 = abs(b.p99 - a.p99) / a.p99
                if p99 > c.p99Error {
                    c.p99Error = p99
                    c.worst["p99"] = s.name
                }
            }
            let failed = Double(abs(g.failed - s.failed)) / max(0.1 * Double(s.failed), 100)
            if failed > c.failedRatio {
                c.failedRatio = failed
                c.worst["failed"] = s.name
            }
            let slo = Double(abs(g.sloBadMinutes - s.sloBadMinutes)) / max(0.1 * Double(s.sloBadMinutes), 2)
            if slo > c.sloRatio {
                c.sloRatio = slo
                c.worst["slo"] = s.name
            }
        }
        return c
    }
}
