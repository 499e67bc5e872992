import ArgumentParser
import BulkheadExperiments
import BulkheadImport
import BulkheadPlacement
import Foundation

/// `bulkhead gpu-frag NODES PODS`: the FGD paper's comparison on the openb trace — GPU capacity
/// allocated as pods arrive, per policy and seed — written as CSV.
struct GPUFragCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gpu-frag",
        abstract: "Reproduce the FGD paper's GPU-allocation curve on the openb trace (CSV).")

    @Argument(
        help: "openb node list (the paper's protocol: the 1,213 GPU nodes, openb_node_list_gpu_node.csv).",
        completion: .file()) var nodes: String
    @Argument(help: "openb pod list.", completion: .file()) var pods: String
    @Option(help: "Comma-separated policies: \(GPUSharingPolicy.allCases.map(\.rawValue).joined(separator: ",")).")
    var policies: String = GPUSharingPolicy.allCases.map(\.rawValue).joined(separator: ",")
    @Option(help: "First seed; seeds are first…first+runs−1 (the paper: 42…51).") var seed: UInt64 = 42
    @Option(help: "Runs (seeds) per policy.") var runs: Int = 1
    @Option(help: "Inflate the pods to this multiple of the GPU capacity (the paper: 1.3).") var tune: Double = 1.3
    @Option(help: "CSV file to write (policy,seed,arrived_pct,allocated_pct).") var out: String = "gpu-frag.csv"

    func run() throws {
        try reportingInputErrors {
            let chosen = try policies.split(separator: ",").map { name -> GPUSharingPolicy in
                let n = name.trimmingCharacters(in: .whitespaces).lowercased()
                guard let p = GPUSharingPolicy(rawValue: n) else {
                    throw InputError(
                        message:
                            "unknown policy `\(n)` (known: \(GPUSharingPolicy.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                return p
            }
            guard runs >= 1, tune > 0 else { throw InputError(message: "--runs must be ≥ 1 and --tune positive") }
            let n: [OpenB.Node]
            let p: [OpenB.Pod]
            do {
                n = try OpenB.nodes(path: nodes)
                p = try OpenB.pods(path: pods)
            } catch { throw InputError(message: "\(error)") }
            let curves = FragmentationExperiment.compare(
                nodes: n, pods: p, policies: chosen, seeds: (0..<runs).map { seed + UInt64($0) }, tune: tune)
            var csv = "policy,seed,arrived_pct,allocated_pct\n"
            for c in curves {
                for (x, y) in c.allocated.enumerated() {
                    csv += "\(c.policy.rawValue),\(c.seed),\(x),\(String(format: "%.3f", y))\n"
                }
            }
            do { try csv.write(toFile: out, atomically: true, encoding: .utf8) } catch {
                throw InputError(message: "cannot write \(out): \(error.localizedDescription)")
            }
            print(FragmentationExperiment.table(curves, at: [50, 80, 90, 100, 110, 120, 130]))
            print("curve written to \(out)")
        }
    }
}
