import CatalogueCore
import CatalogueStore

/// Resolves ingredient lists for one run: each distinct name once (a memo), each distinct list text once (a small
/// cache: variants and sizes repeat lists). Bounded, so memory does not grow with the feed. The storage form of a
/// resolution is made only when it is written (never in a dry run).
struct ResolutionCache {
    final class Entry {
        let resolved: ResolvedFormulation
        private let taxonomy: Taxonomy
        private(set) lazy var stored = StoredResolution(resolved, taxonomy: taxonomy)

        init(_ resolved: ResolvedFormulation, taxonomy: Taxonomy) {
            self.resolved = resolved
            self.taxonomy = taxonomy
        }
    }

    let resolver: IngredientResolver
    let limit = 2_048
    private var entries: [String: Entry] = [:]
    private var memo = NameMemo()

    init(resolver: IngredientResolver) {
        self.resolver = resolver
    }

    mutating func resolve(_ text: String?) -> Entry {
        let key = text ?? ""
        if let cached = entries[key] { return cached }
        let entry = Entry(resolver.resolveFormulation(list: key, memo: &memo), taxonomy: resolver.taxonomy)
        if entries.count >= limit { entries.removeAll(keepingCapacity: true) }
        entries[key] = entry
        return entry
    }
}
