import CatalogueCore
import CatalogueStore
import Foundation
import Testing
import StoreInterface

/// The search columns a formulation is stored with are made in one pass; they must say what the resolution's own
/// accessors say.
@Suite("Stored resolution columns")
struct StoredResolutionTests {
    static let lists = [
        "Simmondsia Chinensis Seed Oil, Lavandula Angustifolia Oil 2%, Linalool*, Limonene*. *naturally occurring",
        "Aqua, Cetearyl Alcohol, Parfum, Unknownium, Citral, Geraniol",
        "Prunus Amygdalus Dulcis Oil 70%, Cocos Nucifera Oil 28.5%, Chamomilla Recutita Flower Oil, Evernia Prunastri Extract",
        "Citrus Aurantium Bergamia Peel Oil 2%, Citrus Bergamia Oil 0.2%, Bergamot 0.1%, Citrus Aurantium Amara Peel Oil, Citrus Aurantium Peel Oil 1%",
        "Lavandula Oil/Extract, Lavandula Angustifolia Oil, Simmondsia Chinensis Seed Oil, Lavandula Angustifolia Oil",
        "May contain: Linalool, Limonene",
        "Aqua, \"Secret\" Blend\\Base, Tocopherol",
        "",
    ]

    @Test("every column matches the resolution's accessors", arguments: lists)
    func columns(list: String) throws {
        let taxonomy = RepositoryCatalogue.taxonomy
        var memo = NameMemo()
        let resolved = IngredientResolver(taxonomy: taxonomy).resolveFormulation(list: list, memo: &memo)
        let stored = StoredResolution(resolved, taxonomy: taxonomy)
        func delimited(_ ids: [String]) -> String { ids.isEmpty ? " " : " " + ids.joined(separator: " ") + " " }
        #expect(stored.ingredientIds == delimited(resolved.ingredientIDs.map(\.rawValue)))
        #expect(stored.allergenIds == delimited(resolved.allergenIDs.map(\.rawValue)))
        #expect(stored.propertyIds == delimited(resolved.propertyIDs(in: taxonomy).map(\.rawValue)))
        #expect(stored.unresolvedCount == resolved.unresolved.count)
        #expect(stored.unresolvedNames == resolved.unresolved.joined(separator: "\u{1F}"))
        let percents = ProductFacts.statedPercents(resolved)
        let stated = resolved.ingredientIDs.compactMap { id in percents[id].map { "\(id.rawValue)=\($0)" } }
        #expect(stored.percents == delimited(stated))
        #expect(try JSONDecoder().decode(ResolvedFormulation.self, from: Data(stored.json.utf8)) == resolved)
    }

    @Test("the lists above exercise every column")
    func coverage() {
        let taxonomy = RepositoryCatalogue.taxonomy
        var memo = NameMemo()
        let resolver = IngredientResolver(taxonomy: taxonomy)
        let stored = Self.lists.map { StoredResolution(resolver.resolveFormulation(list: $0, memo: &memo), taxonomy: taxonomy) }
        #expect(stored.contains { $0.allergenIds.count > 1 })
        #expect(stored.contains { $0.propertyIds.count > 1 })
        #expect(stored.contains { $0.percents.count > 1 })
        #expect(stored.contains { $0.unresolvedCount > 0 })
    }
}
