import ArgumentParser
import BulkheadModel
import BulkheadPlacement
import BulkheadRunner
import BulkheadScenario
import Dispatch

/// Wall time of `binpack`, `spread` and `rack-spread` on `SyntheticCluster` (every service with a rack
/// topology-spread constraint) or on a scenario (`--scenario`, with the time to load it — YAML,
/// fleet templates, validation — and to compile it), and of the static N-1 analysis of each result
/// (every machine, rack, zone and balancer).
struct PlacementBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "placement",
        abstract: "Placement and N-1 blast-radius benchmark on a synthetic cluster.")

    @Option(help: "Machines.") var machines: Int = 10_000
    @Option(help: "Containers (services of 100 replicas).") var containers: Int = 300_000
    @Option(help: "Comma-separated policies.") var policies: String = "binpack,spread,rack-spread"
    @Option(help: "Place this scenario instead of the synthetic cluster (its own policy unless --policies is given).")
    var scenario: String?
    @Flag(help: "Print one JSON object.") var json = false

    func validate() throws {
        guard machines >= 1, containers >= 1 else { throw ValidationError("--machines and --containers must be at least 1") }
        for p in policies.split(separator: ",") where PlacementPolicy.named(String(p)) == nil {
            throw ValidationError("unknown placement policy '\(p)' (known: \(Placer.presets.joined(separator: ", ")))")
        }
    }

    func run() throws {
        var config: ClusterConfig
        var names = policies.split(separator: ",").map(String.init)
        var loadSeconds = 0.0
        var compileSeconds = 0.0
        if let scenario {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let s: Scenario
            do { s = try ScenarioLoader.load(path: scenario) } catch { throw ValidationError("\(error)") }
            let t1 = DispatchTime.now().uptimeNanoseconds
            do { config = try ScenarioCompiler.compile(s) } catch { throw ValidationError("\(error)") }
            let t2 = DispatchTime.now().uptimeNanoseconds
            loadSeconds = Double(t1 - t0) / 1e9
            compileSeconds = Double(t2 - t1) / 1e9
            if policies == "binpack,spread,rack-spread" { names = [s.placement.policy] }
            let n = config.services.reduce(0) { $0 + $1.replicas }
            if !json {
                print(
                    String(
                        format: "%@: load %.3f s (YAML, templates, validation), compile %.3f s — %d machines, %d containers",
                        scenario, loadSeconds, compileSeconds, config.machines.count, n))
            }
        } else {
            config = SyntheticCluster.make(machines: machines, containers: containers)
        }
        var rows: [String] = []
        for name in names {
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
                    "\"\(r.policy)\":{\"placeSeconds\":\(place),\"n1Seconds\":\(n1),\"placed\":\(r.placement.containers.count),\"unschedulable\":\(r.unschedulable.count),\"machinesUsed\":\(used),\"maxServicesDownMachine\":\(br.summary(.machine)?.maxServicesDown ?? 0),\"maxServicesDownRack\":\(br.summary(.rack)?.maxServicesDown ?? 0),\"maxServicesDownZone\":\(br.summary(.zone)?.maxServicesDown ?? 0)}"
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
                "{\"benchmark\":\"placement\",\"machines\":\(config.machines.count),\"containers\":\(config.services.reduce(0) { $0 + $1.replicas }),\"loadSeconds\":\(loadSeconds),\"compileSeconds\":\(compileSeconds),\"policies\":{\(rows.joined(separator: ","))}}"
            )
        }
    }
}
