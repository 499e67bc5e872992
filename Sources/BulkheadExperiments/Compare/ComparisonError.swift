import BulkheadPlacement
import BulkheadRunner

/// Why a comparison cannot run. Everything but `.run` is detected before any simulation starts.
public enum ComparisonError: Error, Sendable, CustomStringConvertible {
    case noPolicies
    case unknownPolicy(PlacementError)
    /// Two names given resolve to the same preset (e.g. `binpack` and its alias `best-fit`).
    case duplicatePolicy(String, sameAs: String)
    case baselineNotCompared(String, policies: [String])
    case replications(Int)
    case jobs(Int)
    /// A run failed (the scenario does not compile, say); the first failure in (policy, replication) order.
    case run(policy: String, replication: Int, Runner.Failure)

    public var description: String {
        switch self {
        case .noPolicies:
            "--policies needs at least one placement policy (known: \(Placer.presets.joined(separator: ", ")))"
        case .unknownPolicy(let e):
            e.description
        case .duplicatePolicy(let a, let b):
            "policy '\(a)' is the same preset as '\(b)'; list each policy once"
        case .baselineNotCompared(let b, let policies):
            "baseline '\(b)' is not one of the compared policies (\(policies.joined(separator: ", "))); add it to --policies"
        case .replications(let n):
            "--replications must be at least 1 (got \(n)); confidence intervals need at least 2"
        case .jobs(let n):
            "--jobs must be at least 1 (got \(n))"
        case .run(let policy, let replication, let failure):
            "run of policy '\(policy)', replication \(replication) failed: \(failure)"
        }
    }
}
