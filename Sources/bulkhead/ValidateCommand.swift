import ArgumentParser
import BulkheadRunner
import BulkheadScenario
import Foundation

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a scenario and report every problem with file:line:column (exit 2 if invalid).")

    @OptionGroup var options: ScenarioOptions

    func run() throws {
        try reportingInputErrors {
            let s = try options.load()
            do { _ = try ScenarioCompiler.compile(s) } catch { throw InputError(message: "\(error)") }
            let containers = s.services.reduce(0) { $0 + $1.replicas }
            let machines = s.racks.reduce(0) { $0 + $1.machines }
            print(
                "\(options.scenario): valid — \(s.services.count) services, \(containers) containers, \(machines) machines, \(s.loadBalancers.count) balancer(s)"
            )
        }
    }
}
