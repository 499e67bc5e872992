import ArgumentParser
import BulkheadModel
import BulkheadPlacement
import BulkheadRunner
import Dispatch

/// Wall time of `binpack`, `spread` and `rack-spread` on `SyntheticCluster` (every service with a rack
/// topology-spread constraint), and of the static N-1 analysis of each result.
struct PlacementBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "placement",
        abstract: "Placement and N-1 blast-radius benchmark on a synthetic cluster.")

    @Option(help: "Machines.") var machines: Int = 10_000
    @Option(help: "Containers (services of 100 replicas).") var containers: Int = 300_000
    @Option(help: "Comma-separated policies.") var policies: String = "binpack,spread,rack-spread"
    @Flag(help: "Print one JSON object.") var json = false

    func validate() throws {
        guard machines >= 1, containers >= 1 else { throw ValidationError("--machines and --containers must be at least 1") }
        for p in policies.split(separator: ",") where PlacementPolicy.named(String(p)) == nil {
            throw ValidationError("unknown placement policy '\(p)' (known: \(Placer.presets.joined(separator: ", ")))")
        }
    }

    func run() throws {
        let config = SyntheticCluster.make(machines: machines, containers: containers)
        var rows: [String] = []
        for name in policies.split(separator: ",").map(String.init) {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let r = try Placer.place(.init(config: config, policy: name))
            let t1 = DispatchTime.now().uptimeNanoseconds
            let br = BlastRadius(config: config, placement: r.placement)
            let t2 = DispatchTime.now().uptimeNanoseconds
            let place = Double(t1 - t0) / 1e9
            let n1 = Double(t2 - t1) / 1e9
            let used = CapacityView(config: config, placement: r.placement, unschedulable: r.unschedulable.count).machinesUsed
            if json {
                rows.append(
                    "\"\(r.policy)\":{\"placeSeconds\":\(place),\"n1Seconds\":\(n1),\"placed\":\(r.placement.containers.count),\"unschedulable\":\(r.unschedulable.count),\"machinesUsed\":\(used),\"maxServicesDownMachine\":\(br.summary(.machine)?.maxServicesDown ?? 0),\"maxServicesDownRack\":\(br.summary(.rack)?.maxServicesDown ?? 0)}"
                )
            } else {
                print(
                    String(
                        format: "%@: place %.3f s, N-1 %.3f s — %d placed, %d unschedulable, %d machines used",
                        r.policy, place, n1, r.placement.containers.count, r.unschedulable.count, used))
            }
        }
        if json {
            print(
                "{\"benchmark\":\"placement\",\"machines\":\(machines),\"containers\":\(containers),\"policies\":{\(rows.joined(separator: ","))}}"
            )
        }
    }
}
