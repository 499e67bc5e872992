/// Decodes a `workflow` hog's DAG: `name`, `deadline` and
/// `tasks: [ { name, work, memory, after: [names], retries, backoff } ]`, refusing duplicate task
/// names, `after` naming no task of the workflow, and cycles, each at its own line:column.
struct WorkflowDecoder {
    let ctx: DecodeContext

    /// The workflow of the hog mapping `f`; nil (after reporting) when it cannot be read.
    func workflow(_ f: Fields) -> WorkflowSpec? {
        let name = f.requiredName("name", example: "nightly-etl")
        let deadline = f.value("deadline", Quantity.duration)
        if let deadline { ctx.check(deadline > 0, "deadline must be positive", path: f.at("deadline")) }
        guard
            let node = f.required(
                "tasks", example: "[ { name: extract, work: 10m }, { name: load, work: 5m, after: [extract] } ]"),
            let items = ctx.list(node, f.at("tasks"))
        else { return nil }
        ctx.check(!items.isEmpty, "a workflow needs at least one task", path: f.at("tasks"))
        ctx.check(
            items.count < 1 << 20, "a workflow has at most 1048575 tasks", path: f.at("tasks"))
        let tasks = items.enumerated().map { task($1, "\(f.at("tasks"))[\($0)]") }
        guard let name, tasks.allSatisfy({ $0 != nil }) else { return nil }
        let spec = WorkflowSpec(name: name, tasks: tasks.compactMap { $0 }, deadline: deadline)
        checkGraph(spec, f.at("tasks"))
        return spec
    }

    /// One task; nil (after reporting) when its name or work cannot be read.
    func task(_ node: DocNode, _ path: String) -> WorkflowSpec.Task? {
        guard let f = ctx.fields(node, path, known: ["name", "work", "memory", "after", "retries", "backoff"]) else {
            return nil
        }
        let name = f.requiredName("name", example: "extract")
        let work = f.required("work", example: "{ uniform: { min: 5m, max: 15m } }").flatMap {
            DistributionDecoder(ctx: ctx).distribution($0, f.at("work"))
        }
        let memory = f.value("memory", Quantity.memory) ?? 0
        ctx.check(memory >= 0, "memory must not be negative", path: f.at("memory"))
        let retries = f.value("retries", Quantity.integer) ?? 0
        ctx.check(retries >= 0, "retries must not be negative", path: f.at("retries"), hint: "0: the first death fails the run")
        let backoff = f.value("backoff", Quantity.duration) ?? WorkflowSpec.defaultBackoff
        ctx.check(backoff >= 0, "backoff must not be negative", path: f.at("backoff"))
        var after: [String] = []
        if let a = f.optional("after"), let items = ctx.list(a, f.at("after")) {
            after = items.enumerated().map { ctx.name($1, "\(f.at("after"))[\($0)]") ?? "" }
        }
        guard let name, let work else { return nil }
        return WorkflowSpec.Task(name: name, work: work, memory: memory, after: after, retries: retries, backoff: backoff)
    }

    /// Duplicate names (at the second one), unknown `after` entries (at the entry) and cycles (at
    /// the `after` entry that closes each one, with the cycle spelled out).
    /// - Complexity: O(tasks + edges).
    func checkGraph(_ w: WorkflowSpec, _ path: String) {
        var index: [String: Int] = [:]
        for (t, task) in w.tasks.enumerated() {
            if index[task.name] != nil {
                ctx.error(
                    "duplicate task name `\(task.name)` in workflow `\(w.name)`", path: "\(path)[\(t)].name",
                    hint: "task names must be unique within a workflow")
            } else {
                index[task.name] = t
            }
        }
        let names = w.tasks.map(\.name)
        var edges: [[(to: Int, entry: Int)]] = Array(repeating: [], count: w.tasks.count)
        for (t, task) in w.tasks.enumerated() {
            for (k, a) in task.after.enumerated() where !a.isEmpty {
                if let i = index[a] {
                    edges[t].append((i, k))
                } else {
                    ctx.error(
                        "`after` names `\(a)`, which is no task of workflow `\(w.name)`", path: "\(path)[\(t)].after[\(k)]",
                        hint: EditDistance.hint(for: a, among: names) ?? "the tasks are \(names.joined(separator: ", "))")
                }
            }
        }
        // Iterative depth-first search along `after`; an edge into a task on the stack closes a cycle.
        var state = Array(repeating: 0, count: w.tasks.count)  // 0 new, 1 on the stack, 2 finished
        for root in w.tasks.indices where state[root] == 0 {
            var stack: [(task: Int, next: Int)] = [(root, 0)]
            state[root] = 1
            while let top = stack.last {
                guard top.next < edges[top.task].count else {
                    state[top.task] = 2
                    stack.removeLast()
                    continue
                }
                stack[stack.count - 1].next += 1
                let edge = edges[top.task][top.next]
                if state[edge.to] == 0 {
                    state[edge.to] = 1
                    stack.append((edge.to, 0))
                } else if state[edge.to] == 1 {
                    let from = stack.firstIndex { $0.task == edge.to } ?? 0
                    let cycle = stack[from...].map { names[$0.task] } + [names[edge.to]]
                    ctx.error(
                        "the tasks of workflow `\(w.name)` wait for each other in a cycle: \(cycle.joined(separator: " after "))",
                        path: "\(path)[\(top.task)].after[\(edge.entry)]",
                        hint: "a workflow is a DAG: remove one of these `after` entries")
                }
            }
        }
    }
}
