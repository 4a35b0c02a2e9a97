import CatalogueCore
import CatalogueStore
import StoreInterface

/// An ingredient list resolved for a run: what it resolved to, and the storage form when the run writes.
struct PreparedResolution: Sendable {
    let resolved: ResolvedFormulation
    /// Made only when the run writes (never in a dry run).
    let stored: StoredResolution?

    /// The storage form, made now if it was not made ahead.
    func storage(in taxonomy: Taxonomy) -> StoredResolution { stored ?? StoredResolution(resolved, taxonomy: taxonomy) }
}

/// Resolves ingredient lists for one run on one thread: each distinct name once (a memo), each distinct list text
/// once (a small cache: variants and sizes repeat lists). Bounded, so memory does not grow with the feed. A feed whose
/// lists do not repeat skips the cache for a while (hashing a list to find nothing costs more than a name look-up),
/// then tries it again.
struct ResolutionCache {
    let resolver: IngredientResolver
    /// Whether to make the storage form too.
    let storing: Bool
    let limit = 2_048
    private var entries: [String: PreparedResolution] = [:]
    private var memo = NameMemo()
    /// Look-ups and hits since the cache last judged itself.
    private var window = (lookups: 0, hits: 0)
    /// Lists still to resolve without the cache.
    private var bypassing = 0

    /// The cache judges itself after this many look-ups, and is skipped for the next `pause` lists when fewer than
    /// one in sixteen found their list.
    static let judgedEvery = 4_096
    static let pause = 32_768

    init(resolver: IngredientResolver, storing: Bool) {
        self.resolver = resolver
        self.storing = storing
    }

    /// Whether the cache is being skipped (the last lists it judged did not repeat).
    var isBypassing: Bool { bypassing > 0 }

    mutating func resolve(_ text: String?) -> PreparedResolution {
        let key = text ?? ""
        // Judged before anything else, so a look-up that hits cannot step past the count.
        if window.lookups == Self.judgedEvery {
            if window.hits * 16 < window.lookups {
                bypassing = Self.pause
                entries.removeAll()
            }
            window = (0, 0)
        }
        if bypassing > 0 {
            bypassing -= 1
            return make(key)
        }
        window.lookups += 1
        if let cached = entries[key] {
            window.hits += 1
            return cached
        }
        let entry = make(key)
        if entries.count >= limit { entries.removeAll(keepingCapacity: true) }
        entries[key] = entry
        return entry
    }

    private mutating func make(_ text: String) -> PreparedResolution {
        let resolved = resolver.resolveFormulation(list: text, memo: &memo)
        return PreparedResolution(
            resolved: resolved, stored: storing ? StoredResolution(resolved, taxonomy: resolver.taxonomy) : nil
        )
    }
}
