/// `fidelity:` — how the scenario is simulated (default `request`).
public enum FidelitySpec: String, Sendable, Equatable, Codable, CaseIterable {
    /// Every request simulated (the reference).
    case request
    /// Traffic as rates (the flow engine): much faster, approximate; see `docs/model.md`.
    case flow
}
