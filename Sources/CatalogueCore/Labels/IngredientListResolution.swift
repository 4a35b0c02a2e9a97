/// An ingredient list resolved against the taxonomy: every entry either resolved, with how, or unresolved.
public struct IngredientListResolution: Sendable, Hashable {
    /// One entry and what it resolved to.
    public struct Entry: Sendable, Hashable {
        /// The entry as parsed from the label.
        public var label: LabelEntry
        /// What it stands for; empty when it did not resolve.
        public var matches: [IngredientMatch]
        /// How it was matched, when it resolved.
        public var source: MatchSource?

        /// Whether the entry resolved to something in the taxonomy.
        public var isResolved: Bool { !matches.isEmpty }
    }

    /// Every entry, in label order.
    public var entries: [Entry]
    /// Footnotes found in the text (not names).
    public var footnotes: [String]

    /// The entries that resolved.
    public var resolved: [Entry] { entries.filter(\.isResolved) }
    /// The names that did not resolve, as printed: never dropped, they make a product "not known to be safe".
    public var unresolvedNames: [String] { entries.filter { !$0.isResolved }.map(\.label.name) }
    /// Whether every entry resolved.
    public var isFullyResolved: Bool { entries.allSatisfy(\.isResolved) }

    /// Every reference ingredient the list contains, group names expanded to their members, in label order.
    public var ingredientIDs: [IngredientID] {
        var seen = Set<IngredientID>()
        return entries.flatMap { $0.matches.flatMap(\.ingredientIDs) }.filter { seen.insert($0).inserted }
    }

    /// Every EU allergen the list declares, substances and natural-extract groups, in label order.
    public var allergenIDs: [AllergenID] {
        var seen = Set<AllergenID>()
        return entries.flatMap { entry in
            entry.matches.compactMap { match -> AllergenID? in
                switch match {
                case .allergen(let id), .euGroup(let id, _): id
                case .ingredient: nil
                }
            }
        }.filter { seen.insert($0).inserted }
    }
}
