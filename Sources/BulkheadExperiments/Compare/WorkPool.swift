import Dispatch
import Foundation

/// Runs independent tasks on up to `jobs` threads and returns their results by index, so the
/// order of results never depends on scheduling.
///
/// Workers pull the next index from a shared counter (dynamic load balancing: a slow simulation
/// does not hold up a whole pre-assigned chunk). The lock guards only the counter, the result
/// slots and the progress callback — taken twice per task, never during a task.
enum WorkPool {
    /// `[body(0), body(1), …, body(count − 1)]`, computed on `min(jobs, count)` threads
    /// (`jobs == 1` runs everything on the calling thread, in index order).
    /// - Parameter progress: called after each task with the number of tasks finished so far;
    ///   calls are serialised (never concurrent) but may come from any thread.
    /// - Complexity: `count` calls of `body`, about `count / jobs` deep.
    static func map<T: Sendable>(
        count: Int, jobs: Int, progress: (@Sendable (Int) -> Void)? = nil,
        _ body: @Sendable (Int) -> T
    ) -> [T] {
        precondition(jobs >= 1, "WorkPool needs at least one job")
        let state = State<T>(count: count)
        let workers = min(jobs, count)
        guard workers > 0 else { return [] }
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let i = state.claim() {
                let value = body(i)
                state.store(value, at: i, progress: progress)
            }
        }
        return state.results()
    }

    /// The shared counter and result slots.
    private final class State<T: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var next = 0
        private var finished = 0
        private var slots: [T?]

        init(count: Int) { slots = Array(repeating: nil, count: count) }

        func claim() -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard next < slots.count else { return nil }
            next += 1
            return next - 1
        }

        func store(_ value: T, at i: Int, progress: (@Sendable (Int) -> Void)?) {
            lock.lock()
            defer { lock.unlock() }
            slots[i] = value
            finished += 1
            progress?(finished)
        }

        func results() -> [T] {
            lock.lock()
            defer { lock.unlock() }
            return slots.map { v in
                guard let v else { preconditionFailure("WorkPool: a task produced no result") }
                return v
            }
        }
    }
}
