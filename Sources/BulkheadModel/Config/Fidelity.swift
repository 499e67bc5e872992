/// How the model simulates traffic.
public enum Fidelity: String, Sendable, Codable, CaseIterable {
    /// Every request is an entity with its own CPU job, memory and timers (the reference).
    case request
    /// Traffic as rates, constant between events (steps of `FlowModel.minStep`…`maxStep`): CPU by the same allocation rules,
    /// latency from a processor-sharing approximation, overload as a fluid backlog
    /// (`Flow/`, `docs/model.md` "Flow fidelity").
    case flow
}
