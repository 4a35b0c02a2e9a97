import CatalogueCore
import Foundation
import Testing

/// The suitability engine on the repository's taxonomy, case by case (pure: no database).
@Suite("The suitability engine")
struct SuitabilityEngineTests {
    let taxonomy = RepositoryCatalogue.taxonomy
    static let applied = Date(timeIntervalSince1970: 1_793_000_000)  // 2026-10-26

    func hours(_ hours: Double) -> Date { Self.applied.addingTimeInterval(hours * 3600) }

    func product(
        _ id: Int64, _ name: String, _ ingredients: [IngredientID], allergens: [AllergenID] = [], unresolved: [String] = [],
        formulation: Int64? = nil, version: Int = 1, percents: [IngredientID: Double] = [:], hasList: Bool = true
    ) -> ProductFacts {
        ProductFacts(
            productID: id, reference: "acme:\(id)", name: name, formulationID: formulation ?? id * 10, version: version,
            hasIngredientList: hasList, ingredientIDs: ingredients, allergenIDs: allergens, unresolved: unresolved,
            percents: percents, taxonomy: taxonomy
        )
    }

    /// A test applied `day` days after ``applied``, with readings at hours after its application.
    func test(
        _ id: Int64, on product: ProductFacts, _ results: [(PatchTestResult, Double)], formulation: Int64? = nil,
        day: Double = 0
    ) -> PatchTest {
        PatchTest(
            id: id, productID: product.productID, productReference: product.reference, productName: product.name,
            formulationID: formulation ?? product.formulationID, formulationVersion: product.version,
            ingredients: product.ingredientIDs, allergens: product.allergenIDs, unresolvedNames: product.unresolved,
            appliedAt: hours(24 * day),
            readings: results.enumerated().map {
                .init(id: Int64($0.offset), result: $0.element.0, readAt: hours(24 * day + $0.element.1))
            }
        )
    }

    func engine(tests: [PatchTest] = [], allergies: [ClientAllergy] = [], conditions: [ConditionID] = []) -> SuitabilityEngine {
        SuitabilityEngine(
            taxonomy: taxonomy,
            client: ClientProfile(id: 1, name: "Client", conditions: conditions, allergies: allergies, patchTests: tests, historyOnRecord: true),
            now: hours(24 * 30)
        )
    }

    func allergy(_ name: String, _ source: ClientAllergy.Source = .dermatologist) throws -> ClientAllergy {
        ClientAllergy(
            id: 1, target: try #require(taxonomy.allergyTarget(named: name), "\(name)"), enteredName: name, source: source,
            recordedAt: Self.applied
        )
    }

    // The products of the scenarios.
    var blend: ProductFacts { product(1, "Lavender Calm Blend", ["jojoba-oil", "sweet-almond-oil", "lavender-oil"], allergens: ["linalool"]) }
    var jojoba: ProductFacts { product(2, "Golden Jojoba", ["jojoba-oil"]) }
    var lavenderOil: ProductFacts { product(3, "Lavender Oil", ["lavender-oil"]) }
    var coconut: ProductFacts { product(4, "Coconut Oil", ["coconut-oil"]) }
    var almond: ProductFacts { product(5, "Almond Oil", ["sweet-almond-oil"]) }

    @Test("a positive blend blocks every product sharing its uncleared ingredients; a negative jojoba test clears jojoba")
    func positiveBlend() {
        let engine = engine(tests: [test(12, on: blend, [(.strongPositive, 72)]), test(13, on: jojoba, [(.negative, 48), (.negative, 96)])])
        let lavender = engine.evaluate(lavenderOil)
        #expect(lavender.status == .blocked)
        #expect(lavender.reasons.first == "blocked: contains Lavandula Angustifolia Oil, a suspected allergen from patch test 12 (Lavender Calm Blend, ++ at 72 h on 2026-10-29)")
        #expect(engine.evaluate(almond).status == .blocked)
        #expect(engine.evaluate(jojoba).status == .safe)
        #expect(engine.evaluate(coconut).status == .safe)
        let itself = engine.evaluate(blend)
        #expect(itself.reasons.first?.hasPrefix("blocked: patch test 12 on this product (version 1) was ++ at 72 h") == true)
    }

    @Test("a client whose medical history was never taken gets no safe verdict: a caution that says to take it")
    func historyNotOnRecord() {
        let untaken = SuitabilityEngine(taxonomy: taxonomy, client: ClientProfile(id: 1, name: "Client"), now: hours(24 * 30))
        let verdict = untaken.evaluate(jojoba)
        #expect(verdict.status == .caution)
        #expect(verdict.reasons == [SuitabilityEngine.historyNotOnRecord])
        #expect(untaken.status(of: jojoba) == .caution)
        #expect(untaken.status(of: jojoba.key) == .caution)
        // What is worse than a caution stays what it is.
        let unlisted = product(90, "Mystery Balm", [], hasList: false)
        #expect(untaken.evaluate(unlisted).status == .unknown)
        let tested = SuitabilityEngine(
            taxonomy: taxonomy, client: ClientProfile(id: 1, name: "Client", patchTests: [test(12, on: blend, [(.strongPositive, 72)])]),
            now: hours(24 * 30)
        )
        #expect(tested.evaluate(lavenderOil).status == .blocked)
        #expect(tested.evaluate(coconut).status == .caution)
        // Taken (an intake review, or an entry on file): the same product is safe.
        #expect(engine().evaluate(jojoba).status == .safe)
    }

    @Test("doubtful, irritant and reported results block that product only")
    func nonPositiveReactions() {
        for result in [PatchTestResult.doubtful, .irritant, .reported] {
            let engine = engine(tests: [test(20, on: blend, [(result, 72)])])
            #expect(engine.evaluate(blend).status == .blocked, "\(result)")
            #expect(engine.evaluate(lavenderOil).status == .safe, "\(result)")
        }
    }

    @Test("a pending test blocks until read; a negative before 48 h does not finalise it")
    func pending() {
        let applied = engine(tests: [test(30, on: jojoba, [])])
        #expect(applied.evaluate(jojoba).status == .pending)
        let early = engine(tests: [test(30, on: jojoba, [(.negative, 24)])])
        let verdict = early.evaluate(jojoba)
        #expect(verdict.status == .pending)
        #expect(verdict.reasons.first?.contains("negative at 24 h is not final before 48 h") == true)
        #expect(engine(tests: [test(30, on: jojoba, [(.negative, 24), (.negative, 72)])]).evaluate(jojoba).status == .safe)
    }

    @Test("an external linalool allergy blocks lavender oil through its typical constituents, and labels declaring it")
    func linalool() throws {
        let engine = engine(allergies: [try allergy("linalool")])
        let verdict = engine.evaluate(lavenderOil)
        #expect(verdict.status == .blocked)
        #expect(verdict.reasons.first?.contains("which typically contains linalool, a diagnosed allergen: linalool (dermatologist") == true)
        let declared = engine.evaluate(product(6, "Fragranced Lotion", ["water", "parfum"], allergens: ["linalool"]))
        #expect(declared.status == .blocked)
        #expect(engine.evaluate(coconut).status == .safe)
    }

    @Test("a Compositae-mix allergy blocks arnica and cautions sunflower seed oil")
    func compositae() throws {
        let engine = engine(allergies: [try allergy("Compositae mix")])
        #expect(engine.evaluate(product(7, "Arnica Oil", ["arnica-extract", "sunflower-seed-oil"])).status == .blocked)
        let sunflower = engine.evaluate(product(8, "Sunflower Oil", ["sunflower-seed-oil"]))
        #expect(sunflower.status == .caution)
        #expect(sunflower.reasons.first?.contains("not-implicated") == true)
        #expect(engine.evaluate(product(9, "German Chamomile", ["german-chamomile-oil"])).status == .blocked)
        #expect(engine.evaluate(product(10, "Calendula", ["calendula-extract"])).status == .caution)
    }

    @Test("a suspected allergen's graded cross-reactors get a caution")
    func crossReactors() {
        let roman = product(11, "Roman Chamomile", ["roman-chamomile-oil"])
        let engine = engine(tests: [test(40, on: roman, [(.weakPositive, 96)])])
        let arnica = engine.evaluate(product(12, "Arnica", ["arnica-extract"]))
        #expect(arnica.status == .caution)
        #expect(arnica.reasons.first?.contains("strong cross-reactor (Compositae (Asteraceae) mix) of Anthemis Nobilis Flower Oil") == true)
        #expect(engine.evaluate(product(13, "Sunflower", ["sunflower-seed-oil"])).status == .safe)
    }

    @Test("a tree-nut allergy blocks sweet almond oil but not coconut or shea")
    func foodAllergen() throws {
        let engine = engine(allergies: [try allergy("tree nuts", .clientReported)])
        let verdict = engine.evaluate(almond)
        #expect(verdict.status == .blocked)
        #expect(verdict.reasons.first?.contains("client-reported") == true)
        #expect(engine.evaluate(coconut).status == .safe)
        #expect(engine.evaluate(product(14, "Shea", ["shea-butter"])).status == .safe)
    }

    @Test("'Lavandula Oil/Extract' as a diagnosis blocks lavender and lavandin")
    func euGroupAllergy() throws {
        let engine = engine(allergies: [try allergy("Lavandula Oil/Extract")])
        #expect(engine.evaluate(lavenderOil).status == .blocked)
        #expect(engine.evaluate(product(15, "Lavandin", ["lavandin-oil"])).status == .blocked)
    }

    @Test("unresolved names and a missing ingredient list are unknown, never safe")
    func unknown() {
        let engine = engine()
        let mystery = engine.evaluate(product(16, "Mystery Serum", ["water"], unresolved: ["Unobtainium Extract"]))
        #expect(mystery.status == .unknown)
        #expect(mystery.reasons == ["unknown: 'Unobtainium Extract' is not in the reference catalogue; not known to be safe"])
        #expect(engine.evaluate(product(17, "No List", [], hasList: false)).status == .unknown)
    }

    @Test("an unresolved name of a positive-tested product blocks other products with the same name")
    func suspectedUnresolvedName() {
        let serum = product(18, "Glow Serum", ["water"], unresolved: ["Unobtainium Extract"])
        let engine = engine(tests: [test(50, on: serum, [(.extremePositive, 72)])])
        #expect(engine.evaluate(product(19, "Glow Cream", ["glycerin"], unresolved: ["unobtainium extract"])).status == .blocked)
    }

    @Test("conditions: eczema cautions essential oils and olive oil; sensitive skin requires a test of this version")
    func conditions() {
        let eczema = engine(conditions: ["eczema"])
        #expect(eczema.evaluate(lavenderOil).status == .caution)
        #expect(eczema.evaluate(product(20, "Olive", ["olive-oil"])).status == .caution)
        let sensitive = engine(conditions: ["sensitive-skin"], )
        let untested = sensitive.evaluate(jojoba)
        #expect(untested.status == .patchTestRequired)
        let tested = engine(tests: [test(60, on: jojoba, [(.negative, 72)])], conditions: ["sensitive-skin"])
        #expect(tested.evaluate(jojoba).status == .safe)
        #expect(engine(conditions: ["scar-tissue"]).evaluate(jojoba).status == .safe)
    }

    @Test("a negative test of the old version does not clear a reformulation")
    func reformulation() {
        let version1 = product(21, "Calm Oil", ["jojoba-oil"], formulation: 210, version: 1)
        let version2 = product(21, "Calm Oil", ["jojoba-oil", "lavender-oil"], formulation: 211, version: 2)
        let engine = engine(tests: [test(70, on: version1, [(.negative, 72)])], conditions: ["psoriasis"])
        #expect(engine.evaluate(version1).status == .safe)
        let verdict = engine.evaluate(version2)
        #expect(verdict.status == .patchTestRequired)
        #expect(verdict.reasons.first?.contains("the negative patch test 70 was on version 1") == true)
    }

    @Test("phototoxic oils above their cap, or at an unstated concentration, are a caution")
    func phototoxic() {
        let engine = engine()
        #expect(engine.evaluate(product(22, "Bergamot Blend", ["jojoba-oil", "bergamot-oil"], percents: ["bergamot-oil": 2])).status == .caution)
        #expect(engine.evaluate(product(23, "Bergamot Trace", ["jojoba-oil", "bergamot-oil"], percents: ["bergamot-oil": 0.2])).status == .safe)
        let unstated = engine.evaluate(product(24, "Bergamot Oil", ["bergamot-oil"]))
        #expect(unstated.status == .caution)
        #expect(unstated.reasons.first?.contains("does not state its concentration") == true)
    }

    @Test("oxidation-prone stock opened longer than its shelf life is a caution")
    func oxidisedStock() {
        let teaTree = product(25, "Tea Tree", ["tea-tree-oil"])
        let engine = engine()
        #expect(engine.evaluate(teaTree, stock: StockFacts(openedDates: [hours(-24 * 400)])).status == .caution)
        #expect(engine.evaluate(teaTree, stock: StockFacts(openedDates: [hours(24)])).status == .safe)
    }

    @Test("a batch held past its expiry day is a caution, on the full check and the status alike; in date, nothing")
    func expiredStock() {
        let jojoba = product(26, "Jojoba", ["jojoba-oil"])
        let engine = engine()
        let now = hours(24 * 30)  // the engine's now
        let expired = StockFacts(openedDates: [], expiryDates: [now.addingTimeInterval(-3 * 86_400), now.addingTimeInterval(300 * 86_400)])
        let verdict = engine.evaluate(jojoba, stock: expired)
        #expect(verdict.status == .caution)
        #expect(verdict.reasons.contains { $0.hasPrefix("caution: stock here expired on ") })
        #expect(engine.status(of: jojoba, stock: expired) == .caution)
        let inDate = StockFacts(openedDates: [], expiryDates: [now.addingTimeInterval(30 * 86_400)])
        #expect(engine.evaluate(jojoba, stock: inDate).status == .safe)
        #expect(engine.status(of: jojoba, stock: inDate) == .safe)
    }

    @Test("allergy names resolve through the taxonomy, or not at all")
    func allergyNames() {
        #expect(taxonomy.allergyTarget(named: "Compositae mix") == .crossReactivityGroup("compositae"))
        #expect(taxonomy.allergyTarget(named: "Tree nuts") == .foodAllergenClass("tree-nut"))
        #expect(taxonomy.allergyTarget(named: "linalool") == .allergen("linalool"))
        #expect(taxonomy.allergyTarget(named: "Lavandula Oil/Extract") == .allergen("lavandula-oil-extract"))
        #expect(taxonomy.allergyTarget(named: "lavender") == .ingredient("lavender-oil"))
        #expect(taxonomy.allergyTarget(named: "unicorn dust") == nil)
    }
}

@Suite("The engine's fast status")
struct SuitabilityFastStatusTests {
    @Test("status(of:) always equals evaluate(_:).status")
    func agrees() throws {
        let tests = SuitabilityEngineTests()
        let taxonomy = RepositoryCatalogue.taxonomy
        let ingredients = taxonomy.ingredients.map(\.id)
        var products: [ProductFacts] = []
        var random = SystemRandomNumberGenerator()
        for index in 0..<400 {
            let chosen = (0..<Int.random(in: 0...5, using: &random)).map { _ in ingredients.randomElement(using: &random)! }
            products.append(tests.product(
                Int64(index % 40), "P\(index)", chosen, allergens: Bool.random(using: &random) ? ["linalool"] : [],
                unresolved: index % 17 == 0 ? ["Unobtainium Extract"] : [], version: 1 + index % 2,
                percents: Bool.random(using: &random) ? ["bergamot-oil": 0.2] : [:], hasList: index % 23 != 0
            ))
        }
        let blend = products[1]
        let engines = [
            tests.engine(),
            tests.engine(tests: [tests.test(1, on: blend, [(.strongPositive, 72)]), tests.test(2, on: products[2], [(.negative, 24)])]),
            tests.engine(allergies: [try tests.allergy("Compositae mix"), try tests.allergy("tree nuts")], conditions: ["eczema", "sensitive-skin"]),
            tests.engine(tests: [tests.test(3, on: products[3], [(.negative, 72)])], allergies: [try tests.allergy("linalool")], conditions: ["psoriasis"]),
        ]
        for engine in engines {
            for product in products {
                let stock = product.productID % 5 == 0 ? StockFacts(openedDates: [Date(timeIntervalSince1970: 1_700_000_000)]) : nil
                #expect(engine.status(of: product, stock: stock) == engine.evaluate(product, stock: stock).status, "\(product.ingredientIDs)")
            }
        }
    }
}
