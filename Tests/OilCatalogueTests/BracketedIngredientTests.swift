import CatalogueCore
import Foundation
import Testing

/// What a label puts in brackets after a name is read, not dropped: another ingredient counts, a gloss does not.
@Suite("Ingredients named in brackets")
struct BracketedIngredientTests {
    let resolver = IngredientResolver(taxonomy: RepositoryCatalogue.taxonomy)

    func ids(_ list: String) -> (ids: [String], unresolved: [String]) {
        var memo = NameMemo()
        let resolution = resolver.resolveFormulation(list: list, memo: &memo)
        return (resolution.ingredientIDs.map(\.rawValue), resolution.unresolved)
    }

    @Test("an ingredient in brackets is added to the one it follows, whatever the bracket and the words before it")
    func another() {
        for list in [
            "Helianthus Annuus Seed Oil (infused with Arnica Montana Flower Extract)",
            "Helianthus Annuus Seed Oil [Arnica Montana Flower Extract]",
            "Helianthus Annuus Seed Oil {with Arnica Montana Flower Extract 10%}",
        ] {
            let read = ids(list)
            #expect(read.ids.first == "sunflower-seed-oil", "\(list)")
            #expect(read.ids.contains { $0.hasPrefix("arnica") }, "\(list): \(read.ids)")
            #expect(read.unresolved.isEmpty, "\(list)")
        }
        #expect(ids("Jojoba Oil (Lavandula Angustifolia Oil 5%)").ids == ["jojoba-oil", "lavender-oil"])
    }

    @Test("a bracket that reads as an ingredient nobody knows leaves the whole name unresolved, never the bare name")
    func unknown() {
        let read = ids("Prunus Amygdalus Dulcis Oil (Unobtainium Extract), Aqua")
        #expect(read.ids == ["water"])
        #expect(read.unresolved == ["Prunus Amygdalus Dulcis Oil (Unobtainium Extract)"])
    }

    @Test("glosses, colour numbers, functions, origins and percentages add nothing")
    func glosses() {
        for (list, expected) in [
            ("Butyrospermum Parkii (Shea) Butter", ["shea-butter"]),
            ("Prunus Amygdalus Dulcis (Sweet Almond) Oil", ["sweet-almond-oil"]),
            ("Aqua (Purified Water)", ["water"]),
            ("Simmondsia Chinensis Seed Oil (Cold Pressed, Organic)", ["jojoba-oil"]),
            ("Simmondsia Chinensis Seed Oil (Texture Enhancer)", ["jojoba-oil"]),
            ("Simmondsia Chinensis Seed Oil (5%)", ["jojoba-oil"]),
            ("Ricinus Communis (Castor) Seed Oil [Ricinus Communis Oil]", nil),
        ] as [(String, [String]?)] {
            let read = ids(list)
            #expect(read.unresolved.isEmpty, "\(list)")
            if let expected { #expect(read.ids == expected, "\(list): \(read.ids)") } else { #expect(read.ids.count == 1, "\(list): \(read.ids)") }
        }
    }
}
