import CatalogueCore
import CatalogueStore

/// An ingredient list resolved for a run: what it resolved to, and the storage form when the run writes.
struct PreparedResolution: Sendable {
    let resolved: ResolvedFormulation
    /// Made only when the run writes (never in a dry run).
    let stored: StoredResolution?

    /// The storage form, made now if it was not made ahead.
    func storage(in taxonomy: Taxonomy) -> StoredResolution { stored ?? StoredResolution(resolved, taxonomy: taxonomy) }
}

/// Resolves ingredient lists for one run on one thread: each distinct name once (a memo), each distinct list text
/// once (a small cache: variants and sizes repeat lists). Bounded, so memory does not grow with the feed.
struct ResolutionCache {
    let resolver: IngredientResolver
    /// Whether to make the storage form too.
    let storing: Bool
    let limit = 2_048
    private var entries: [String: PreparedResolution] = [:]
    private var memo = NameMemo()

    init(resolver: IngredientResolver, storing: Bool) {
        self.resolver = resolver
        self.storing = storing
    }

    mutating func resolve(_ text: String?) -> PreparedResolution {
        let key = text ?? ""
        if let cached = entries[key] { return cached }
        let resolved = resolver.resolveFormulation(list: key, memo: &memo)
        let entry = PreparedResolution(
            resolved: resolved, stored: storing ? StoredResolution(resolved, taxonomy: resolver.taxonomy) : nil
        )
        if entries.count >= limit { entries.removeAll(keepingCapacity: true) }
        entries[key] = entry
        return entry
    }
}
