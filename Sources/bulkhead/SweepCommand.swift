import ArgumentParser
import BulkheadExperiments
import BulkheadReport
import BulkheadResults
import BulkheadRunner
import BulkheadScenario
import Foundation

/// `bulkhead sweep`: every cell of a sweep file, resumable and shardable.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a sweep file's cells (axis values × replications), resumably, optionally one shard.",
        discussion: """
            Each cell writes its run outputs to <out>/<cell-id>/ atomically, with complete.json last; \
            cells already complete are skipped, so running the command again resumes an interrupted \
            sweep. Cell k belongs to shard k mod N. Collect the cells with `bulkhead merge`.
            """)

    @Argument(help: "Sweep file (YAML).", completion: .file(extensions: ["yaml", "yml"])) var sweepFile: String
    @Option(help: "Simulations run at once (default: the number of cores).") var jobs: Int?
    @Option(help: ArgumentHelp("Run only shard i of N (cells k with k mod N = i; i from 0).", valueName: "i/N"))
    var shard: String?
    @Option(help: "Sweep folder (default: results/<sweep name>/).") var out: String?
    @Flag(help: "No progress line.") var quiet = false
    @Flag(help: "Run even when the sweep's work estimate exceeds the guards (see docs/scenarios.md, Limits and guards).")
    var force = false
    @Option(
        help: ArgumentHelp(
            "Simulate every cell with this fidelity (request or flow), as if the sweep file set `fidelity`.",
            valueName: "request|flow"))
    var fidelity: String?
    @Flag(help: "Also write report.html (see `bulkhead report`) into every cell folder this run completes.")
    var report = false
    @Flag(
        help:
            "Validate the sweep and write its manifest (sweep.json) without running a cell: what a distributed driver does before it hands out shards."
    )
    var prepare = false
    @Option(
        help: ArgumentHelp(
            "Print a batch-system description of the sweep instead of running it: an Indexed Job (kubernetes) or an sbatch array script (slurm).",
            valueName: "kubernetes|slurm"))
    var emit: String?
    @Option(help: "With --emit: number of shards, one per array task (default: one per cell).") var shards: Int?
    @Option(help: "With --emit: tasks running at once (default: all).") var parallelism: Int?
    @Option(help: "With --emit kubernetes: the container image (entrypoint: bulkhead).") var image = "bulkhead:latest"
    @Option(help: "With --emit kubernetes: the PersistentVolumeClaim holding the results.") var resultsClaim = "bulkhead-results"
    @Option(help: "With --emit slurm: the bulkhead executable on the compute nodes (default: this one).") var bin: String?

    func run() throws {
        var failed = false
        try reportingInputErrors {
            let jobs = self.jobs ?? ProcessInfo.processInfo.activeProcessorCount
            guard jobs >= 1 else { throw InputError(message: "--jobs must be at least 1") }
            var part = SweepShard.all
            if let shard {
                switch SweepShard.parse(shard) {
                case .success(let s): part = s
                case .failure(let e): throw InputError(message: e.message)
                }
            }
            let plan: SweepPlan
            do {
                var spec = try SweepLoader.load(path: sweepFile)
                if let fidelity { spec.fixed.append(FieldSetting(path: "fidelity", value: fidelity)) }
                plan = try SweepPlan.expand(spec, limits: force ? nil : WorkEstimate.Limits())
            } catch {
                throw InputError(message: "\(error)")
            }
            if let emit {
                print(try emitJobs(emit, plan), terminator: "")
                return
            }
            // The guard, before the sweep folder is created: the whole sweep (this shard's cells).
            let cellsRun = plan.cells.filter { part.contains($0.index) }.count
            try guardWork(
                plan.estimate(shard: part, jobs: jobs), what: "this sweep",
                note: " (\(cellsRun) cells, \(min(jobs, max(cellsRun, 1))) at once)", force: force)
            var warned = Set<String>()
            for w in plan.scenarios.flatMap(\.warnings) where warned.insert(w.description).inserted {
                FileHandle.standardError.write(Data("\(w)\n".utf8))
            }
            let root = out ?? "results/\(plan.spec.name)"
            let existing: SweepManifest?
            do throws(ResultFileError) { existing = try SweepFolder.manifest(in: root) } catch {
                throw InputError(message: "\(error.file) is not a sweep manifest: \(error.message)")
            }
            if let existing, let why = plan.manifest.difference(to: existing) {
                throw InputError(
                    message: "\(root) holds another sweep's results (\(why))\n"
                        + "hint: pass a new --out folder, or delete \(root) to start over")
            }
            if existing == nil {
                do { try SweepWriter.writeManifest(plan.manifest, to: root) } catch {
                    throw InputError(message: "cannot write \(root)/\(SweepFolder.manifestName): \(error)")
                }
            }
            if prepare {
                print("sweep \(plan.spec.name): \(plan.cells.count) cells; manifest \(root)/\(SweepFolder.manifestName)")
                return
            }
            let bar = ProgressBar(enabled: !quiet, label: "\(plan.spec.name) sweep")
            let commit = GitInfo.commit()
            let start = DispatchTime.now().uptimeNanoseconds
            let outcome = Sweep.run(
                plan, root: root, shard: part, jobs: jobs,
                write: { cell, output, dir in
                    let info = RunInfo(
                        toolVersion: Bulkhead.version, gitCommit: commit, wallSeconds: output.wallSeconds,
                        result: output.result)
                    try SweepWriter.writeCell(cell, result: output.result, runInfo: info, to: dir)
                    if report { _ = try HTMLReport.write(directory: dir) }
                },
                progress: { done, total in bar.update(Double(done) / Double(max(total, 1))) })
            bar.finish()
            let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let shardText = part.count > 1 ? " (shard \(part); \(outcome.otherShards) cells belong to other shards)" : ""
            print("sweep \(plan.spec.name): \(plan.cells.count) cells\(shardText)")
            print(
                String(
                    format: "ran %d, skipped %d already complete, failed %d, in %.2f s wall on %d jobs",
                    outcome.ran.count, outcome.skipped.count, outcome.failed.count, wall, jobs))
            for f in outcome.failed {
                FileHandle.standardError.write(Data("error: cell \(f.cell): \(f.reason)\n".utf8))
            }
            print("results in \(root)/ — collect them with: bulkhead merge \(root)")
            failed = !outcome.failed.isEmpty
        }
        if failed { throw ExitCode(1) }
    }

    /// The batch-system description of `plan` (`--emit`).
    func emitJobs(_ system: String, _ plan: SweepPlan) throws -> String {
        var o = SweepJobs.Options()
        o.shards = shards
        o.parallelism = parallelism
        o.image = image
        o.resultsClaim = resultsClaim
        let cwd = FileManager.default.currentDirectoryPath
        func absolute(_ p: String) -> String { p.hasPrefix("/") ? p : cwd + "/" + p }
        o.binary = bin.map(absolute) ?? absolute(CommandLine.arguments[0])
        o.out = URL(fileURLWithPath: absolute(out ?? "results/\(plan.spec.name)")).standardizedFileURL.path
        do {
            switch system {
            case "kubernetes": return try SweepJobs.kubernetes(plan, options: o)
            case "slurm": return try SweepJobs.slurm(plan, options: o)
            default: throw InputError(message: "--emit \(system): expected kubernetes or slurm")
            }
        } catch let e as InputError {
            throw e
        } catch {
            throw InputError(message: "\(error)")
        }
    }
}
