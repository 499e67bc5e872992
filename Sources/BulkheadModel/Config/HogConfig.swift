import BulkheadKernel
import BulkheadStochastic

/// A resource hog the model injects: *what* misbehaves (`kind`), *who* (one replica, drawn per
/// activation from the stream `hogs/<index>/target`, or every replica of a service) and *when*
/// (once at a time, or an alternating renewal process drawn from the stream `hogs/<index>/times`).
///
/// Each activation is an `Incident` of kind `hog/<kind>` whose `tenant` is the target service's
/// tenant, so that the experiments layer can measure who it hurt against the hog-free twin.
public struct HogConfig: Sendable {
    public enum Kind: Sendable, Equatable {
        /// `threads` always-runnable threads in each target container (a runaway loop, a GC storm).
        case cpuSpin(threads: Int)
        /// As `cpuSpin`, with many threads (a fork bomb): reported under its own kind.
        case threadStorm(threads: Int)
        /// Each target container's memory grows by `bytesPerSecond` until it is killed (or the
        /// activation's duration ends; the leaked memory then stays until the container restarts).
        case memoryLeak(bytesPerSecond: Double)
        /// The service's arrival rate from every balancer that routes to it is multiplied by `factor`.
        case retryStorm(factor: Double)
        /// A job of `tasks` tasks, each `work` CPU-seconds (drawn from `hogs/<index>/work`) of
        /// single-threaded work, run in the service's containers (its task slots, placed by the
        /// placement policy), at most `perContainer` at once in each; a task whose container dies
        /// is retried from scratch in another slot. The activation lasts until the last task is
        /// done (Hogs/Simulation+Batch.swift).
        case batch(tasks: Int, work: Distribution, perContainer: Int)
        /// A DAG of tasks run on the service's containers as `batch` runs its bag of tasks (at most
        /// `perContainer` at once in each), each placed once the tasks it comes after are done,
        /// retried after its back-off up to its maximum; the activation lasts until the run is done
        /// or has failed (Hogs/Simulation+Workflows.swift).
        case workflow(WorkflowConfig, perContainer: Int)

        /// Stable kind name used in outputs (`hog/<name>` for incidents).
        public var name: String {
            switch self {
            case .cpuSpin: "cpu-spin"
            case .threadStorm: "thread-storm"
            case .memoryLeak: "memory-leak"
            case .retryStorm: "retry-storm"
            case .batch: "batch"
            case .workflow: "workflow"
            }
        }
    }

    public enum Timing: Sendable {
        /// Once, at `at`, for `duration` (nil: until the container dies; memory leaks only).
        case scheduled(at: SimInstant, duration: SimDuration?)
        /// Off for `every`, on for `duration` (seconds; nil: until the container dies), repeated.
        case random(every: Distribution, duration: Distribution?)
    }

    public var kind: Kind
    /// Index of the target service.
    public var service: Int
    /// true: every replica; false: one replica per activation.
    public var allReplicas: Bool
    public var timing: Timing

    public init(kind: Kind, service: Int, allReplicas: Bool = false, timing: Timing) {
        self.kind = kind
        self.service = service
        self.allReplicas = allReplicas
        self.timing = timing
    }
}
