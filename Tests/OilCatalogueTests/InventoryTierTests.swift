import CatalogueCore
@_spi(SQLite) import CatalogueStore
import Foundation
import GRDB
import OilCatalogue
import Testing

/// Issue 19: every EU CosIng INCI name is a known ingredient, distinct names stay distinct, and becoming known
/// never makes a product look safer than it is.
@Suite("The inventory tier on the repository's catalogue")
struct InventoryTierTests {
    let taxonomy = RepositoryCatalogue.taxonomy
    var resolver: IngredientResolver { IngredientResolver(taxonomy: taxonomy) }
    static let applied = Date(timeIntervalSince1970: 1_793_000_000)

    func ids(_ list: String) -> [IngredientID] { resolver.resolve(list: list).ingredientIDs }

    func facts(_ id: Int64, _ list: String) -> ProductFacts {
        var memo = NameMemo()
        return ProductFacts(
            productID: id, reference: "acme:\(id)", name: "Product \(id)", formulationID: id * 10, version: 1,
            resolution: resolver.resolveFormulation(list: list, memo: &memo), hasIngredientList: true, taxonomy: taxonomy
        )
    }

    func test(_ id: Int64, on product: ProductFacts, _ result: PatchTestResult) -> PatchTest {
        PatchTest(
            id: id, productID: product.productID, productReference: product.reference, productName: product.name,
            formulationID: product.formulationID, formulationVersion: product.version, ingredients: product.ingredientIDs,
            unresolvedNames: product.unresolved, appliedAt: Self.applied,
            readings: [
                .init(id: 1, result: result == .negative ? .negative : result, readAt: Self.applied.addingTimeInterval(48 * 3600)),
                .init(id: 2, result: result, readAt: Self.applied.addingTimeInterval(96 * 3600)),
            ]
        )
    }

    func engine(tests: [PatchTest] = [], allergies: [ClientAllergy] = []) -> SuitabilityEngine {
        SuitabilityEngine(
            taxonomy: taxonomy,
            client: ClientProfile(id: 1, name: "Client", conditions: [], allergies: allergies, patchTests: tests, historyOnRecord: true),
            now: Self.applied.addingTimeInterval(30 * 86_400)
        )
    }

    @Test("all 28,712 CosIng names load; the usual INCI names of real labels resolve")
    func inventoryLoads() {
        #expect(taxonomy.inventory.count > 28_000)
        let result = resolver.resolve(
            list: "Butylene Glycol, Sodium Hyaluronate, Disodium EDTA, Caprylyl Glycol, Dimethicone, Propanediol, "
                + "Sodium Hydroxide, Carbomer, Pentylene Glycol, Silica, 1,2-Hexanediol, Lecithin, Panthenol, Niacinamide, "
                + "BHT, Allantoin, Titanium Dioxide (CI 77891), PEG-100 Stearate"
        )
        #expect(result.isFullyResolved, "\(result.unresolvedNames)")
        #expect(result.ingredientIDs.contains("butylene-glycol"))
        // Curated and inventory are one identity: jojoba's INCI name is jojoba oil, not a second ingredient.
        #expect(ids("SIMMONDSIA CHINENSIS SEED OIL") == ["jojoba-oil"])
        #expect(taxonomy.ingredient("simmondsia-chinensis-seed-oil")?.id == "jojoba-oil")
        #expect(taxonomy.inventoryEntry(of: "jojoba-oil")?.cas == "90045-98-0")
        #expect(taxonomy.inventoryEntry(of: "butylene-glycol")?.functions.contains("Humectant") == true)
    }

    @Test("distinct INCI names are distinct ingredients (ALLERGENS.md §4)")
    func identities() {
        #expect(ids("Tocopheryl Acetate") == ["tocopheryl-acetate"])
        #expect(ids("Tocopherol") == ["tocopherol"])
        #expect(ids("Rosa Centifolia Flower Oil") == ["rosa-centifolia-flower-oil"])
        #expect(ids("Rosa Moschata Seed Oil") == ["rosa-moschata-seed-oil"])
        #expect(ids("Rosa Rubiginosa Seed Oil") == ["rosa-rubiginosa-seed-oil"])
        #expect(ids("Rosa Canina Seed Oil") == ["rosa-canina-seed-oil"])
        #expect(ids("Cymbopogon Citratus Leaf Oil") == ["cymbopogon-citratus-leaf-oil"])
        #expect(ids("Arnica Oil") == ["arnica-flower-oil"])
        #expect(ids("Calendula Oil") == ["calendula-flower-oil"])
        #expect(ids("Citrus Aurantium Bergamia Fruit Oil") == ["citrus-aurantium-bergamia-fruit-oil"])
        #expect(ids("Citrus Grandis Peel Oil") == ["citrus-grandis-peel-oil"])
        #expect(ids("Citrus Aurantium Dulcis (Orange) Oil") == ["citrus-aurantium-dulcis-oil"])
        #expect(ids("Anthemis Nobilis Oil") == ["roman-chamomile-oil"])
        // Relations carry the clinical facts: the related rose is in the EU rose group and typically has geraniol.
        #expect(taxonomy.members(ofEUGroup: "rose-flower-oil-extract").contains("rosa-centifolia-flower-oil"))
    }

    @Test("tocopheryl acetate is not tocopherol: a negative test with one does not clear the other")
    func tocopherylAcetate() {
        let blend = facts(1, "Simmondsia Chinensis Seed Oil, Tocopheryl Acetate, Tocopherol")
        let acetateOnly = facts(2, "Helianthus Annuus Seed Oil, Tocopheryl Acetate")
        let tocopherolOnly = facts(3, "Cocos Nucifera Oil, Tocopherol")
        let cleared = facts(4, "Prunus Amygdalus Dulcis Oil, Tocopheryl Acetate")
        let engine = engine(tests: [
            test(10, on: blend, .strongPositive), test(11, on: cleared, .negative),
            test(12, on: facts(5, "Simmondsia Chinensis Seed Oil"), .negative),
        ])
        // Tocopheryl acetate is cleared by its own negative test; tocopherol is not.
        #expect(engine.evaluate(acetateOnly).status == .safe)
        let tocopherol = engine.evaluate(tocopherolOnly)
        #expect(tocopherol.status == .blocked)
        #expect(tocopherol.reasons.contains { $0.contains("Tocopherol, a suspected allergen from patch test 10") })
    }

    @Test("an inventory-only ingredient of a positive-tested blend blocks another product that contains it")
    func inventoryOnlySuspect() {
        let blend = facts(1, "Aqua, Butylene Glycol, Glycerin")
        let other = facts(2, "Aqua, Butylene Glycol")
        let engine = engine(tests: [test(10, on: blend, .strongPositive), test(11, on: facts(3, "Aqua, Glycerin"), .negative)])
        let verdict = engine.evaluate(other)
        #expect(verdict.status == .blocked)
        #expect(verdict.reasons.first == "blocked: contains BUTYLENE GLYCOL, a suspected allergen from patch test 10 (Product 1, ++ at 48 h on 2026-10-28)")
        #expect(engine.status(of: other) == .blocked)
        #expect(engine.evaluate(facts(4, "Aqua")).status == .safe)
        // The avoidance list names it.
        #expect(engine.avoidances.contains { $0.name == "BUTYLENE GLYCOL" })
    }

    @Test("an allergy can name an inventory ingredient; a search finds it")
    func allergyAndSearch() throws {
        let target = try #require(taxonomy.allergyTarget(named: "Phenethyl Alcohol"))
        #expect(target == .ingredient("phenethyl-alcohol"))
        let allergy = ClientAllergy(id: 1, target: target, enteredName: "Phenethyl Alcohol", source: .dermatologist, recordedAt: Self.applied)
        #expect(engine(allergies: [allergy]).evaluate(facts(1, "Aqua, Phenethyl Alcohol")).status == .blocked)
        #expect(taxonomy.searchIngredients("phenethyl alcohol").map(\.id).contains("phenethyl-alcohol"))
    }

    @Test("a coriander-oil product is caution, not safe, for a linalool-allergic client; butylene glycol stays safe")
    func naturalComplexSubstance() throws {
        let allergy = ClientAllergy(
            id: 1, target: try #require(taxonomy.allergyTarget(named: "linalool")), enteredName: "linalool",
            source: .dermatologist, recordedAt: Self.applied
        )
        let engine = engine(allergies: [allergy])
        let coriander = engine.evaluate(facts(1, "Simmondsia Chinensis Seed Oil, Coriandrum Sativum Fruit Oil"))
        #expect(coriander.status == .caution)
        #expect(coriander.reasons.contains {
            $0.contains("CORIANDRUM SATIVUM FRUIT OIL, a natural complex substance whose constituents are not in the reference data; it may contain linalool")
        })
        #expect(engine.evaluate(facts(2, "Aqua, Salvia Officinalis Oil")).status == .caution)
        #expect(engine.evaluate(facts(3, "Aqua, Butylene Glycol")).status == .safe)
        // A declared linalool still blocks.
        #expect(engine.evaluate(facts(4, "Aqua, Coriandrum Sativum Fruit Oil, Linalool")).status == .blocked)
        // No allergy: coriander oil is known, not unknown.
        #expect(self.engine().evaluate(facts(5, "Coriandrum Sativum Fruit Oil")).status == .safe)
    }

    @Test("each glued-punctuation case of the issue finds its declared allergen")
    func gluedAllergens() {
        let cases: [(String, AllergenID)] = [
            ("Aqua, Glycerin, Farnesol**", "farnesol"),
            ("Aqua, Citral**", "citral"),
            ("Aqua, Coumarin.*Plant Origin", "coumarin"),
            ("Aqua, Citral <18907>, Parfum", "citral"),
            ("Aqua, (*Hexyl Cinnamal. Limonene. Linalool. Coumarin. Citronello].", "hexyl-cinnamal"),
            ("Aqua, (*Hexyl Cinnamal. Limonene. Linalool. Coumarin. Citronello].", "linalool"),
            ("Aqua, Parfum. Limonene. Linalool. Geraniol.", "geraniol"),
        ]
        for (label, allergen) in cases {
            #expect(resolver.resolve(list: label).allergenIDs.contains(allergen), "\(label)")
        }
        let allergy = ClientAllergy(id: 1, target: .allergen("farnesol"), enteredName: "farnesol", source: .dermatologist, recordedAt: Self.applied)
        #expect(engine(allergies: [allergy]).evaluate(facts(1, "Aqua, Glycerin, Farnesol**")).status == .blocked)
    }

    @Test("every single substance Annex III has declared under 2023/1545 is an EU allergen under its label name")
    func annexIIISubstances() {
        let cases: [(String, AllergenID)] = [
            ("Rose Ketones", "rose-ketones"), ("Rose Ketone-4", "rose-ketones"), ("Amyl Salicylate", "amyl-salicylate"),
            ("Dimethyl Phenethyl Acetate", "dimethyl-phenethyl-acetate"),
            ("Dimethylbenzyl Carbinyl Acetate", "dimethyl-phenethyl-acetate"), ("Isoeugenyl Acetate", "isoeugenyl-acetate"),
            ("Salicylaldehyde", "salicylaldehyde"), ("Acetyl Cedrene", "acetyl-cedrene"),
            // The CosIng inventory's spellings of the same substances are the same identity.
            ("Acetylcedrene", "acetyl-cedrene"), ("6-Methyl Coumarin", "methylcoumarin-6"),
            ("Propylidene Phthalide", "propylidenephthalide-3"), ("Damascenone", "rose-ketones"),
        ]
        for (printed, allergen) in cases {
            #expect(resolver.resolve(list: "Aqua, Parfum, \(printed)").allergenIDs == [allergen], "\(printed)")
        }
        // Isodamascone (rose ketone-5) is restricted by another entry that asks for no label name: not a rose ketone.
        #expect(resolver.resolve(list: "Rose Ketone-5").allergenIDs.isEmpty)
        let allergy = ClientAllergy(
            id: 1, target: .allergen("rose-ketones"), enteredName: "rose ketones", source: .dermatologist, recordedAt: Self.applied
        )
        #expect(engine(allergies: [allergy]).evaluate(facts(1, "Aqua, Parfum, Rose Ketones")).status == .blocked)
    }

    @Test("'(and)' splits a trade mixture, each part resolved; a trade name stays unresolved")
    func tradeMixtures() {
        let result = resolver.resolve(list: "Aqua, Glycerin (and) Rosmarinus Officinalis Leaf Extract, Radiance Botanical Complex™")
        #expect(result.ingredientIDs == ["water", "glycerin", "rosemary-leaf-extract"])
        #expect(result.unresolvedNames == ["Radiance Botanical Complex™"])
    }

    @Test("a kit yields every list; colour index numbers and translations resolve")
    func kitsAndColours() {
        let result = resolver.resolve(
            list: "Product variation 1: Water\\Aqua\\Eau, Glycerin, Iron Oxides (CI 77491). "
                + "Product variation 2: Squalane, Titanium Dioxide (CI 77891), [+/- CI 77492, CI 77499]"
        )
        #expect(result.isFullyResolved, "\(result.unresolvedNames)")
        #expect(result.ingredientIDs == ["water", "glycerin", "ci-77491", "squalane", "titanium-dioxide", "ci-77492", "ci-77499"])
    }

    @Test("a label beginning with '-' resolves")
    func leadingDash() {
        let result = resolver.resolve(list: "-Retinol, Aqua, Glycerin")
        #expect(result.ingredientIDs == ["retinol", "water", "glycerin"])
    }
}

/// Aliases on a real database: mapping a spelling resolves every product printing it again, at once.
@Suite("Label aliases")
struct LabelAliasTests {
    @Test("an alias re-resolves existing products and changes a verdict; a mixture leaves the queue")
    func aliasChangesVerdict() async throws {
        let harness = try ImportHarness()
        try harness.addSupplier(format: "google-merchant")
        try await harness.importFeed(GoogleFeed.make([
            ("A", "5.00 GBP", "Aqua, Glycerin, Lavender Hydrosol Blend"),
            ("B", "6.00 GBP", "Simmondsia Chinensis Seed Oil, Lavender Hydrosol Blend"),
            ("C", "7.00 GBP", "Aqua, Radiance Botanical Complex"),
        ]))
        let database = harness.database
        let taxonomy = RepositoryCatalogue.taxonomy
        let client = try database.addClient(name: "Ada", conditions: [], note: nil, actor: "test")
        _ = try database.addAllergy(
            client: client, target: .ingredient("lavender-oil"), enteredName: "lavender oil", source: .dermatologist,
            note: nil, actor: "test"
        )
        let queue = try await LabelQueue.unresolved(database: database)
        #expect(queue.first == LabelQueue.Spelling(spelling: "Lavender Hydrosol Blend", products: 2, examples: ["acme:A", "acme:B"]))
        #expect(queue.count == 2)

        let outcome = try await LabelQueue.addAlias(
            spelling: "lavender hydrosol blend", ingredient: "Lavandula Angustifolia Oil", database: database,
            taxonomy: taxonomy, actor: "admin"
        )
        #expect(outcome.products == ["acme:A", "acme:B"])
        #expect(outcome.changes.count == 2)
        #expect(outcome.changes.allSatisfy { $0.previousStatus == "unknown" && $0.status == "blocked" })

        let engine = SuitabilityEngine(taxonomy: taxonomy, client: try #require(try database.clientProfile(client)))
        let products = try await database.catalogueProducts(taxonomy: taxonomy)
        let statuses = Dictionary(uniqueKeysWithValues: products.map { ($0.facts.reference, engine.evaluate($0.facts).status) })
        #expect(statuses["acme:A"] == .blocked)
        #expect(statuses["acme:C"] == .unknown)
        #expect(try await LabelQueue.unresolved(database: database).map(\.spelling) == ["Radiance Botanical Complex"])

        _ = try await LabelQueue.addAlias(spelling: "Radiance Botanical Complex", ingredient: nil, database: database, taxonomy: taxonomy, actor: "admin")
        #expect(try await LabelQueue.unresolved(database: database).isEmpty)
        // A mixture stays unresolved: not known to be safe.
        let after = try await database.catalogueProducts(taxonomy: taxonomy).first { $0.facts.reference == "acme:C" }
        #expect(after.map { engine.evaluate($0.facts).status } == .unknown)
        // Audited, and a later import resolves through the alias.
        #expect(try database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM auditLog WHERE action = 'label-alias.add'") } == 2)
        try await harness.importFeed(GoogleFeed.make([
            ("A", "5.00 GBP", "Aqua, Glycerin, Lavender Hydrosol Blend"),
            ("B", "6.00 GBP", "Simmondsia Chinensis Seed Oil, Lavender Hydrosol Blend"),
            ("C", "7.00 GBP", "Aqua, Radiance Botanical Complex"),
            ("D", "8.00 GBP", "Aqua, Lavender Hydrosol Blend"),
        ]))
        let d = try await database.catalogueProducts(taxonomy: taxonomy).first { $0.facts.reference == "acme:D" }
        #expect(d?.facts.ingredientIDs.contains("lavender-oil") == true)
        // An alias for a name that resolves is refused.
        await #expect(throws: LabelQueueError.self) {
            try await LabelQueue.addAlias(spelling: "Glycerin", ingredient: nil, database: database, taxonomy: taxonomy, actor: "admin")
        }
    }
}
