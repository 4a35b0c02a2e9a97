import CatalogueCore
import CatalogueStore

/// Resolves ingredient lists once per distinct text within a run: feeds repeat the same lists across sizes and
/// variants. Bounded: it starts afresh past ``limit`` entries, so memory does not grow with the feed.
struct ResolutionCache {
    let resolver: IngredientResolver
    let limit = 20_000
    private var entries: [String: (ResolvedFormulation, StoredResolution)] = [:]

    init(resolver: IngredientResolver) {
        self.resolver = resolver
    }

    mutating func resolve(_ text: String?) -> (ResolvedFormulation, StoredResolution) {
        let key = text ?? ""
        if let cached = entries[key] { return cached }
        let resolved = ResolvedFormulation(resolver.resolve(list: key), taxonomy: resolver.taxonomy)
        let result = (resolved, StoredResolution(resolved))
        if entries.count >= limit { entries.removeAll(keepingCapacity: true) }
        entries[key] = result
        return result
    }
}
