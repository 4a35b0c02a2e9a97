import CatalogueCore
import Testing

@Suite("Resolving label names against the taxonomy")
struct IngredientResolverTests {
    let resolver = SampleTaxonomy.resolver

    @Test("INCI with common-name parentheses, upper case and qualifiers resolve")
    func messyNames() throws {
        let cases: [(String, IngredientMatch)] = [
            ("Simmondsia Chinensis (Jojoba) Seed Oil", .ingredient("jojoba-oil")),
            ("SIMMONDSIA CHINENSIS SEED OIL", .ingredient("jojoba-oil")),
            ("Organic Cold-Pressed Jojoba Oil", .ingredient("jojoba-oil")),
            ("Lavandula Angustifolia (Lavender) Oil", .ingredient("lavender-oil")),
            ("Lavender Essential Oil", .ingredient("lavender-oil")),
            ("Aqua (Water)", .ingredient("water")),
            ("Caprylic/Capric Triglyceride", .ingredient("fractionated-coconut-oil")),
            ("Linalool", .allergen("linalool")),
            ("d-Limonene", .allergen("limonene")),
        ]
        for (name, expected) in cases {
            let match = try #require(resolver.resolve(name: name), "\(name) did not resolve")
            #expect(match.matches == [expected], "\(name)")
        }
    }

    @Test("an EU group name resolves to every ingredient it covers")
    func euGroupName() throws {
        let match = try #require(resolver.resolve(name: "Lavandula Oil/Extract"))
        #expect(match.source == .euGroupName)
        #expect(match.matches.flatMap(\.ingredientIDs).sorted() == ["lavandin-oil", "lavender-oil"])
    }

    @Test("'Aqua/Water' and 'Parfum/Fragrance' resolve alternative by alternative")
    func slashAlternatives() throws {
        #expect(resolver.resolve(name: "Aqua/Water/Eau")?.matches == [.ingredient("water")])
        #expect(resolver.resolve(name: "Parfum/Fragrance")?.matches == [.ingredient("parfum")])
        #expect(resolver.resolve(name: "Aqua/Unobtainium") == nil)
    }

    @Test("a whole label: every name accounted for, unresolved ones reported, none dropped")
    func wholeLabel() {
        let result = resolver.resolve(
            list: "Aqua, Simmondsia Chinensis (Jojoba) Seed Oil, Lavandula Angustifolia Oil, Linalool*, "
                + "Limonene*, Parfum, Unobtainium Extract. *naturally occurring in essential oils"
        )
        #expect(result.entries.count == 7)
        #expect(result.unresolvedNames == ["Unobtainium Extract"])
        #expect(result.ingredientIDs == ["water", "jojoba-oil", "lavender-oil", "parfum"])
        #expect(result.allergenIDs == ["linalool", "limonene"])
        #expect(result.footnotes.count == 1)
        #expect(!result.isFullyResolved)
    }

    @Test("prose is reported as unresolved, never silently dropped")
    func prose() {
        let result = resolver.resolve(list: "Jojoba Oil, Lavender Oil. Keep away from children")
        #expect(result.unresolvedNames == ["Keep away from children"])
    }

    @Test("an unknown name gets close suggestions")
    func suggestions() {
        #expect(resolver.suggestions(for: "Jojba oil").contains("Jojoba oil"))
        #expect(resolver.suggestions(for: "Lavendar").contains("Lavender"))
        #expect(resolver.suggestions(for: "zzzzzzzz") == [])
    }
}

@Suite("Taxonomy validation")
struct TaxonomyValidationTests {
    @Test("a duplicate id names the entry and the field")
    func duplicateID() {
        var ingredients = SampleTaxonomy.ingredients
        ingredients.append(ingredients[0])
        let error = #expect(throws: TaxonomyError.self) { try SampleTaxonomy.make(ingredients: ingredients) }
        #expect(error == TaxonomyError(
            section: .ingredients, entry: "jojoba-oil", field: "id",
            problem: "the id is used twice; give each entry its own id"
        ))
    }

    @Test("a reference to an unknown allergen is refused")
    func unknownConstituent() {
        var ingredients = SampleTaxonomy.ingredients
        ingredients[1].constituents = ["lianlool"]
        let error = #expect(throws: TaxonomyError.self) { try SampleTaxonomy.make(ingredients: ingredients) }
        #expect(error?.entry == "lavender-oil")
        #expect(error?.field == "constituents")
    }

    @Test("two ingredients claiming the same label name is refused")
    func ambiguousName() {
        var ingredients = SampleTaxonomy.ingredients
        ingredients[7].commonNames = ["Jojoba"]
        let error = #expect(throws: TaxonomyError.self) { try SampleTaxonomy.make(ingredients: ingredients) }
        #expect(error?.entry == "coconut-oil")
        #expect(error?.field == "names")
    }

    @Test("a property naming an unknown ingredient is refused")
    func unknownPropertyIngredient() {
        let property = SkinProperty(
            id: "hydrating", name: "Hydrating", description: "x", ingredients: [.init(ingredient: "jojoba", source: "s")]
        )
        let error = #expect(throws: TaxonomyError.self) { try SampleTaxonomy.make(properties: [property]) }
        #expect(error?.section == .properties)
        #expect(error?.problem.contains("'jojoba'") == true)
    }

    @Test("an invalid id is refused")
    func invalidID() {
        var ingredients = SampleTaxonomy.ingredients
        ingredients[0].id = "Jojoba Oil"
        let error = #expect(throws: TaxonomyError.self) { try SampleTaxonomy.make(ingredients: ingredients) }
        #expect(error?.field == "id")
    }
}
