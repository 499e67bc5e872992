/// "Did you mean …?" suggestions by Levenshtein distance.
enum EditDistance {
    /// Levenshtein distance between two strings, case-insensitive.
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.lowercased())
        let y = Array(b.lowercased())
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[y.count]
    }

    /// The closest candidate, if it is close enough to be a plausible typo (distance ≤ max(2, len/3)).
    static func suggestion(for word: String, among candidates: [String]) -> String? {
        let scored = candidates.map { ($0, distance(word, $0)) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        let allowed = max(2, word.count / 3)
        if best.1 <= allowed { return best.0 }
        // A prefix or containment match ("rep" → "replicas") is also a good guess.
        return candidates.first { $0.lowercased().hasPrefix(word.lowercased()) && word.count >= 3 }
    }

    /// `did you mean `x`?` when there is a suggestion.
    static func hint(for word: String, among candidates: [String]) -> String? {
        suggestion(for: word, among: candidates).map { "did you mean `\($0)`?" }
    }
}
