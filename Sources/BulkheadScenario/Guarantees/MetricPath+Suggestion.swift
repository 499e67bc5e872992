extension MetricPath {
    /// The key among `candidates` that `key` is most plausibly a typo of ("did you mean …?"),
    /// using the scenario language's edit-distance rule.
    ///
    /// - Complexity: O(k · m · n) for k candidates of length m and a key of length n.
    package static func suggestion(for key: String, among candidates: [String]) -> String? {
        EditDistance.suggestion(for: key, among: candidates)
    }
}
