/// Levenshtein distance with an early exit, for "did you mean" suggestions.
public enum EditDistance {
    /// Of `candidates`, those within `maxDistance` edits of `name` (case aside), nearest first, at most `limit`.
    public static func closest(to name: String, among candidates: [String], maxDistance: Int = 2, limit: Int = 3) -> [String] {
        let typed = name.lowercased()
        return candidates.compactMap { candidate in between(typed, candidate.lowercased(), limit: maxDistance).map { (candidate, $0) } }
            .sorted { ($0.1, $0.0) < ($1.1, $1.0) }
            .prefix(limit).map(\.0)
    }

    /// The edit distance between `a` and `b`, or `nil` when it exceeds `limit`.
    static func between(_ a: String, _ b: String, limit: Int) -> Int? {
        let a = Array(a.utf8)
        let b = Array(b.utf8)
        guard abs(a.count - b.count) <= limit else { return nil }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) <= limit ? max(a.count, b.count) : nil }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = current[0]
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                rowMinimum = min(rowMinimum, current[j])
            }
            if rowMinimum > limit { return nil }
            swap(&previous, &current)
        }
        return previous[b.count] <= limit ? previous[b.count] : nil
    }
}
