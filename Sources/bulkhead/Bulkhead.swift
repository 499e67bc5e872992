import ArgumentParser

/// The `bulkhead` command line: thin commands over the experiments layer.
@main
struct Bulkhead: ParsableCommand {
    static let version = "0.1.0"
    static let configuration = CommandConfiguration(
        commandName: "bulkhead",
        abstract: "Multi-tenant placement and isolation simulator.",
        version: version,
        subcommands: [
            RunCommand.self, ValidateCommand.self, BenchCommand.self, PlaceCommand.self, CompareCommand.self, CheckCommand.self,
        ]
            + [SweepCommand.self, MergeCommand.self, PlanCommand.self, ReportCommand.self, TestbedCommand.self]
            + [ImportCommand.self, GPUFragCommand.self, FitProfileCommand.self]
    )
}
