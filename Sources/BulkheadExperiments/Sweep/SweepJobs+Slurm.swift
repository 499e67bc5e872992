import Foundation

/// An `sbatch` job-array script: array task i runs shard `$SLURM_ARRAY_TASK_ID/N`.
/// Slurm does not retry a failed array task; the script's comments say how to resubmit the failed
/// indices (or the whole array: complete cells are skipped).
/// https://slurm.schedmd.com/job_array.html
extension SweepJobs {
    /// The script; `options.binary`, `options.out` and the sweep file must be paths the compute
    /// nodes see (a shared filesystem).
    public static func slurm(_ plan: SweepPlan, options: Options) throws(Failure) -> String {
        let n = try shards(plan, options)
        guard options.out.hasPrefix("/") else { throw Failure(description: "the Slurm script needs an absolute --out folder") }
        let sweep = URL(fileURLWithPath: plan.spec.file).standardizedFileURL.path
        let throttle = options.parallelism.map { "%\($0)" } ?? ""
        let q = shellQuoted
        return """
            #!/bin/bash
            # Bulkhead sweep `\(plan.spec.name)`: \(plan.cells.count) cells in \(n) shards as a Slurm job array.
            #   sbatch THIS_SCRIPT          (each task's log: slurm-<job>_<task>.out in the submit folder)
            # When every task is done:  \(q(options.binary)) merge \(q(options.out))
            # Slurm does not retry a failed array task. Resubmit only the failed indices, e.g.
            #   sbatch --array=3,7 THIS_SCRIPT
            # (resubmitting the whole array is safe too: complete cells are skipped, none is redone).
            #SBATCH --job-name=\(dnsLabel(plan.spec.name))
            #SBATCH --array=0-\(n - 1)\(throttle)
            #SBATCH --ntasks=1
            #SBATCH --cpus-per-task=1
            set -euo pipefail
            mkdir -p \(q(options.out))
            exec \(q(options.binary)) sweep \(q(sweep)) --shard "${SLURM_ARRAY_TASK_ID}/\(n)" --out \(q(options.out)) --jobs 1 --quiet

            """
    }

    /// `s` as one shell word (single quotes; a single quote inside becomes '\'').
    static func shellQuoted(_ s: String) -> String {
        "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
