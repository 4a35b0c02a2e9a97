import CatalogueCore
import Testing

@Suite("Resolving real labels against the repository's catalogue")
struct RealLabelResolutionTests {
    let resolver = IngredientResolver(taxonomy: RepositoryCatalogue.taxonomy)

    @Test("the issue's example: all resolve but Unobtainium Extract")
    func issueExample() {
        let result = resolver.resolve(
            list: "Aqua, Simmondsia Chinensis (Jojoba) Seed Oil, Lavandula Angustifolia Oil, Linalool*, Limonene*, "
                + "Parfum, Unobtainium Extract"
        )
        #expect(result.entries.count == 7)
        #expect(result.unresolvedNames == ["Unobtainium Extract"])
        #expect(result.ingredientIDs == ["water", "jojoba-oil", "lavender-oil", "parfum"])
        #expect(result.allergenIDs == ["linalool", "limonene"])
    }

    @Test("label spellings seen in the wild")
    func wildSpellings() throws {
        let cases: [(String, IngredientID)] = [
            ("Butyrospermum Parkii (Shea) Butter", "shea-butter"),
            ("Prunus Amygdalus Dulcis (Sweet Almond) Oil", "sweet-almond-oil"),
            ("Helianthus Annuus (Sunflower) Seed Oil", "sunflower-seed-oil"),
            ("Citrus Sinensis Peel Oil", "sweet-orange-oil"),
            ("Cera Alba", "beeswax"),
            ("Tocopherol (Vitamin E)", "tocopherol"),
            ("Organic Virgin Coconut Oil", "coconut-oil"),
            ("Roman Chamomile Essential Oil", "roman-chamomile-oil"),
            ("Chamomilla Recutita (Matricaria) Flower Oil", "german-chamomile-oil"),
            ("Tea Tree Oil", "tea-tree-oil"),
        ]
        for (name, id) in cases {
            let match = try #require(resolver.resolve(name: name), "\(name)")
            #expect(match.matches == [.ingredient(id)], "\(name)")
        }
    }

    @Test("'Lavandula Oil/Extract' on a label resolves to lavender (and lavandin)")
    func lavandulaGroup() throws {
        let match = try #require(resolver.resolve(name: "Lavandula Oil/Extract"))
        #expect(match.matches.flatMap(\.ingredientIDs).contains("lavender-oil"))
    }

    @Test("a blend with percentages, may-contain and a footnote")
    func blend() {
        let result = resolver.resolve(
            list: "INCI: Simmondsia Chinensis Seed Oil 70%, Prunus Amygdalus Dulcis Oil 25%, "
                + "Lavandula Angustifolia Oil* 3%, Anthemis Nobilis Flower Oil* 2%, Linalool**, Limonene**. "
                + "*Certified organic **Naturally occurring in essential oils"
        )
        #expect(result.isFullyResolved)
        #expect(result.ingredientIDs == ["jojoba-oil", "sweet-almond-oil", "lavender-oil", "roman-chamomile-oil"])
        #expect(result.entries.map(\.label.percent) == [70, 25, 3, 2, nil, nil])
    }
}
