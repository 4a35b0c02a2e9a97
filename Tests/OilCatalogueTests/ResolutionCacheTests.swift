import CatalogueCore
import CatalogueStore
import Testing

@testable import OilCatalogue
import StoreInterface

@Suite("The import's list cache")
struct ResolutionCacheTests {
    let resolver = IngredientResolver(taxonomy: RepositoryCatalogue.taxonomy)

    func list(_ number: Int) -> String { "Aqua, Glycerin \(number)%, Simmondsia Chinensis Seed Oil, Linalool*" }

    @Test("lists that do not repeat turn the cache off for a while, even when the judging look-up finds its list; answers never change")
    func bypassWhenListsDoNotRepeat() {
        var cache = ResolutionCache(resolver: resolver, storing: true)
        var memo = NameMemo()
        for number in 1..<ResolutionCache.judgedEvery {
            let prepared = cache.resolve(list(number))
            #expect(prepared.resolved == resolver.resolveFormulation(list: list(number), memo: &memo))
        }
        // The judged look-up is a hit: it must not let the count step past.
        _ = cache.resolve(list(1))
        #expect(!cache.isBypassing)
        let again = cache.resolve(list(ResolutionCache.judgedEvery + 1))
        #expect(cache.isBypassing)
        #expect(again.resolved == resolver.resolveFormulation(list: list(ResolutionCache.judgedEvery + 1), memo: &memo))
        #expect(again.stored == StoredResolution(again.resolved, taxonomy: RepositoryCatalogue.taxonomy))
    }

    @Test("repeating lists keep the cache on")
    func repeatingListsKeepIt() {
        var cache = ResolutionCache(resolver: resolver, storing: false)
        for number in 0..<(3 * ResolutionCache.judgedEvery) { _ = cache.resolve(list(number % 100)) }
        #expect(!cache.isBypassing)
    }
}
