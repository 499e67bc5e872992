import BulkheadKernel
import BulkheadStochastic

/// A workflow (a `workflow` hog): a DAG of named tasks run on a batch service's task slots, each
/// placed when the tasks it comes `after` are done, retried after a back-off when its container
/// dies, up to a maximum (Hogs/Simulation+Workflows.swift).
public struct WorkflowConfig: Sendable, Equatable {
    public struct Task: Sendable, Equatable {
        public var name: String
        /// CPU-seconds of single-threaded work, drawn per run from `hogs/<index>/work`.
        public var work: Distribution
        /// Bytes charged to the container while the task runs (may trigger the OOM killer).
        public var memory: Double
        /// Indices of the tasks that must be done before this one is placed.
        public var after: [Int]
        /// Retries allowed after the first attempt; one more death fails the workflow run.
        public var maxRetries: Int
        /// Wait from a death to the retry becoming ready for a slot again.
        public var backoff: SimDuration

        public init(
            name: String, work: Distribution, memory: Double = 0, after: [Int] = [], maxRetries: Int = 0,
            backoff: SimDuration = .zero
        ) {
            self.name = name
            self.work = work
            self.memory = memory
            self.after = after
            self.maxRetries = maxRetries
            self.backoff = backoff
        }
    }

    public var name: String
    /// In file order; `after` must form a DAG (the scenario decoder refuses cycles).
    public var tasks: [Task]
    /// A run not done within this long after its start is a deadline miss.
    public var deadline: SimDuration?
    /// Per task, the tasks that come after it (the reverse of `after`), in file order.
    let dependents: [[Int32]]
    /// The tasks in a topological order (every task after those it comes `after`).
    let order: [Int]

    /// - Precondition: `after` indices are in range and acyclic (a broken invariant names the workflow).
    /// - Complexity: O(tasks + edges).
    public init(name: String, tasks: [Task], deadline: SimDuration? = nil) {
        self.name = name
        self.tasks = tasks
        self.deadline = deadline
        var dependents = Array(repeating: [Int32](), count: tasks.count)
        var unmet = tasks.map(\.after.count)
        for (t, task) in tasks.enumerated() {
            for a in task.after {
                precondition(tasks.indices.contains(a), "workflow \(name): task \(task.name) after an unknown task")
                dependents[a].append(Int32(t))
            }
        }
        // Kahn's algorithm, smallest index first among the ready tasks, so the order is stable.
        var ready = tasks.indices.filter { unmet[$0] == 0 }.reversed().map { $0 }
        var order: [Int] = []
        while let t = ready.popLast() {
            order.append(t)
            for d in dependents[t].reversed() {
                unmet[Int(d)] -= 1
                if unmet[Int(d)] == 0 { ready.append(Int(d)) }
            }
        }
        precondition(order.count == tasks.count, "workflow \(name): its tasks' `after` lists form a cycle")
        self.dependents = dependents
        self.order = order
    }

    /// The longest chain of tasks by `work` (seconds each), ties to the earlier task in file order.
    /// - Returns: the chain's task indices from first to last, and its length.
    /// - Complexity: O(tasks + edges).
    func criticalPath(work: [Double]) -> (tasks: [Int], length: Double) {
        var finish = Array(repeating: 0.0, count: tasks.count)
        var via = Array(repeating: -1, count: tasks.count)
        for t in order {
            var start = 0.0
            for a in tasks[t].after where finish[a] > start || (finish[a] == start && via[t] >= 0 && a < via[t]) {
                start = finish[a]
                via[t] = a
            }
            finish[t] = start + work[t]
        }
        guard var last = finish.indices.max(by: { finish[$0] < finish[$1] || (finish[$0] == finish[$1] && $0 > $1) })
        else { return ([], 0) }
        let length = finish[last]
        var path = [last]
        while via[last] >= 0 {
            last = via[last]
            path.append(last)
        }
        return (path.reversed(), length)
    }
}
