import CatalogueCore
import Foundation
import Testing

/// Issue 21's findings on the engine alone: evidence is ordered in time, declared substances are evidence, the
/// future does not count, stated percentages are per ingredient, and every rule that applies is a reason.
@Suite("Patch-test evidence in time")
struct EvidenceInTimeTests {
    let cases = SuitabilityEngineTests()
    var taxonomy: Taxonomy { cases.taxonomy }

    /// A product as its label resolves.
    func labelled(_ id: Int64, _ name: String, _ list: String) -> ProductFacts {
        var memo = NameMemo()
        let resolved = IngredientResolver(taxonomy: taxonomy).resolveFormulation(list: list, memo: &memo)
        return ProductFacts(
            productID: id, reference: "acme:\(id)", name: name, formulationID: id * 10, version: 1, resolution: resolved,
            hasIngredientList: true, taxonomy: taxonomy
        )
    }

    // MARK: Finding 1

    @Test("an older negative does not clear a later positive of the same product: its ingredients are suspected")
    func olderNegativeDoesNotClear() {
        let blend = cases.product(1, "Calm Blend", ["lavender-oil", "tea-tree-oil"])
        let lavender = cases.product(2, "Lavender Oil", ["lavender-oil"])
        let teaTree = cases.product(3, "Tea Tree Oil", ["tea-tree-oil"])
        let may = cases.test(10, on: blend, [(.negative, 48), (.negative, 96)], day: 0)
        let june = cases.test(11, on: blend, [(.strongPositive, 72)], day: 20)
        let engine = cases.engine(tests: [may, june])
        for product in [lavender, teaTree] {
            let verdict = engine.evaluate(product)
            #expect(verdict.status == .blocked, "\(product.name)")
            #expect(verdict.reasons.first?.contains("a suspected allergen from patch test 11 (Calm Blend, ++ at 72 h") == true)
            #expect(engine.status(of: product) == .blocked)
        }
        #expect(engine.evaluate(blend).status == .blocked)

        // The same readings the other way round: the June negative came after the May positive and clears both.
        let positiveFirst = cases.engine(tests: [
            cases.test(10, on: blend, [(.strongPositive, 72)], day: 0), cases.test(11, on: lavender, [(.negative, 96)], day: 20),
        ])
        #expect(positiveFirst.evaluate(lavender).status == .safe)
        #expect(positiveFirst.evaluate(teaTree).status == .blocked)
    }

    @Test("a later positive on another product wins over an earlier negative of a product sharing the ingredient")
    func laterPositiveElsewhereWins() {
        let lavender = cases.product(2, "Lavender Oil", ["lavender-oil"])
        let blend = cases.product(4, "Lavender Jojoba", ["lavender-oil", "jojoba-oil"])
        let engine = cases.engine(tests: [
            cases.test(20, on: lavender, [(.negative, 72)], day: 0), cases.test(21, on: blend, [(.weakPositive, 72)], day: 10),
        ])
        let verdict = engine.evaluate(lavender)
        #expect(verdict.status == .blocked)
        #expect(verdict.reasons.contains { $0.contains("Lavandula Angustifolia Oil, a suspected allergen from patch test 21") })
        #expect(engine.evaluate(cases.product(5, "Jojoba", ["jojoba-oil"])).status == .blocked)
    }

    @Test("a doubtful or irritant result after a negative keeps an ingredient of a positive test suspected")
    func laterDoubtfulKeepsSuspicion() {
        let blend = cases.product(1, "Calm Blend", ["lavender-oil", "jojoba-oil"])
        let jojoba = cases.product(2, "Jojoba", ["jojoba-oil"])
        let jojobaCream = cases.product(3, "Jojoba Cream", ["jojoba-oil", "water"])
        let engine = cases.engine(tests: [
            cases.test(30, on: blend, [(.strongPositive, 72)], day: 0),
            cases.test(31, on: jojoba, [(.negative, 72)], day: 5),
            cases.test(32, on: jojobaCream, [(.doubtful, 72)], day: 10),
        ])
        #expect(engine.evaluate(jojoba).status == .blocked)
        #expect(engine.evaluate(cases.product(4, "Jojoba Balm", ["jojoba-oil", "shea-butter"])).status == .blocked)
    }

    // MARK: Finding 2

    @Test("declared EU allergens of a positive product are suspected; another product's Parfum clears no other Parfum")
    func declaredSubstances() {
        let positive = labelled(1, "Oakmoss Balm", "Simmondsia Chinensis Seed Oil, Parfum, Linalool, Evernia Prunastri Extract")
        #expect(positive.allergenIDs.contains("linalool"))
        #expect(positive.allergenIDs.contains("oak-moss-extract"))
        let negative = labelled(2, "Jojoba Scent", "Simmondsia Chinensis Seed Oil, Parfum")
        let engine = cases.engine(tests: [
            cases.test(40, on: positive, [(.strongPositive, 72)], day: 0), cases.test(41, on: negative, [(.negative, 72)], day: 5),
        ])
        let linalool = engine.evaluate(labelled(3, "Jojoba Linalool", "Simmondsia Chinensis Seed Oil, Linalool"))
        #expect(linalool.status == .blocked)
        #expect(linalool.reasons == ["blocked: declares Linalool, a suspected allergen from patch test 40 (Oakmoss Balm, ++ at 72 h on 2026-10-29)"])
        let oakmoss = engine.evaluate(labelled(4, "Coconut Oakmoss", "Cocos Nucifera Oil, Evernia Prunastri Extract"))
        #expect(oakmoss.status == .blocked)
        #expect(oakmoss.reasons.first?.contains("declares Evernia Prunastri Extract, a suspected allergen from patch test 40") == true)
        // Oils that typically contain a suspected substance are blocked too.
        let lavender = engine.evaluate(cases.product(5, "Lavender Oil", ["lavender-oil"]))
        #expect(lavender.status == .blocked)
        #expect(lavender.reasons.first?.contains("which typically contains linalool, a suspected allergen declared by patch test 40") == true)
        // Parfum: the negative product itself is fine, every other fragrance is still suspected.
        #expect(engine.evaluate(negative).status == .safe)
        let otherScent = engine.evaluate(labelled(6, "Coconut Scent", "Cocos Nucifera Oil, Parfum"))
        #expect(otherScent.status == .blocked)
        #expect(otherScent.reasons.first?.contains("undisclosed fragrance differs in every product") == true)
        #expect(engine.evaluate(cases.product(7, "Jojoba", ["jojoba-oil"])).status == .safe)
        for product in [labelled(3, "A", "Simmondsia Chinensis Seed Oil, Linalool"), labelled(6, "B", "Cocos Nucifera Oil, Parfum"), negative] {
            #expect(engine.status(of: product) == engine.evaluate(product).status)
        }
    }

    @Test("a declared substance is cleared only by a later negative of a product declaring it")
    func declaredSubstanceCleared() {
        let positive = labelled(1, "Oakmoss Balm", "Simmondsia Chinensis Seed Oil, Linalool")
        let declares = labelled(2, "Coconut Linalool", "Cocos Nucifera Oil, Linalool")
        let lavender = cases.product(3, "Lavender Oil", ["lavender-oil"])
        let laterNegative = cases.engine(tests: [
            cases.test(50, on: positive, [(.weakPositive, 72)], day: 0), cases.test(51, on: declares, [(.negative, 72)], day: 5),
        ])
        #expect(laterNegative.evaluate(labelled(4, "Almond Linalool", "Prunus Amygdalus Dulcis Oil, Linalool")).status == .safe)
        #expect(laterNegative.evaluate(lavender).status == .safe)
        let earlierNegative = cases.engine(tests: [
            cases.test(50, on: positive, [(.weakPositive, 72)], day: 5), cases.test(51, on: declares, [(.negative, 72)], day: 0),
        ])
        #expect(earlierNegative.evaluate(labelled(4, "Almond Linalool", "Prunus Amygdalus Dulcis Oil, Linalool")).status == .blocked)
        #expect(earlierNegative.evaluate(lavender).status == .blocked)
        // Lavender oil's own later negative clears it for lavender oil, not for products that declare linalool.
        let lavenderTested = cases.engine(tests: [
            cases.test(50, on: positive, [(.weakPositive, 72)], day: 0), cases.test(52, on: lavender, [(.negative, 72)], day: 5),
        ])
        #expect(lavenderTested.evaluate(lavender).status == .safe)
        #expect(lavenderTested.status(of: lavender) == .safe)
        #expect(lavenderTested.evaluate(declares).status == .blocked)
    }

    // MARK: Finding 3

    @Test("readings and tests later than now are not evidence")
    func futureEvidence() {
        let jojoba = cases.product(2, "Golden Jojoba", ["jojoba-oil"])
        // The engine's now is day 30: a test applied on day 29 with a negative "read" on day 32.
        let engine = cases.engine(tests: [cases.test(60, on: jojoba, [(.negative, 72)], day: 29)], conditions: ["sensitive-skin"])
        let verdict = engine.evaluate(jojoba)
        #expect(verdict.status == .pending)
        #expect(engine.status(of: jojoba) == .pending)
        // A test applied in the future is not there at all.
        let blend = cases.product(1, "Calm Blend", ["lavender-oil", "jojoba-oil"])
        let future = cases.engine(tests: [cases.test(61, on: blend, [(.strongPositive, 72)], day: 31)])
        #expect(future.evaluate(cases.product(3, "Lavender", ["lavender-oil"])).status == .safe)
        #expect(future.evaluate(blend).status == .safe)
        // Nor is a positive read in the future: the test is still pending.
        let unread = cases.engine(tests: [cases.test(62, on: blend, [(.strongPositive, 72)], day: 29)])
        #expect(unread.evaluate(blend).status == .pending)
        #expect(unread.evaluate(cases.product(3, "Lavender", ["lavender-oil"])).status == .safe)
    }

    // MARK: Finding 4

    @Test(
        "the highest stated percentage of an ingredient decides its phototoxic cap; an entry without one makes it unstated",
        arguments: [
            ("Simmondsia Chinensis Seed Oil, Citrus Aurantium Bergamia Peel Oil 2%, Citrus Bergamia Oil 0.2%", SuitabilityStatus.caution),
            ("Simmondsia Chinensis Seed Oil, Citrus Aurantium Amara Peel Oil, Citrus Aurantium Peel Oil 1%", .caution),
            ("Bergamot 0.2%, Bergamot", .caution),
            ("Bergamot, Bergamot 0.2%", .caution),
            ("Simmondsia Chinensis Seed Oil, Bergamot 0.2%", .safe),
            ("Simmondsia Chinensis Seed Oil, Citrus Bergamia Oil 0.2%, Bergamot 0.3%", .safe),
        ]
    )
    func percentages(list: String, expected: SuitabilityStatus) {
        let product = labelled(1, "Bergamot Blend", list)
        #expect(product.unresolved.isEmpty, "\(product.unresolved)")
        let engine = cases.engine()
        #expect(engine.evaluate(product).status == expected)
        #expect(engine.status(of: product) == expected)
        #expect(engine.status(of: product.key) == expected)
    }

    @Test("the caution names the highest stated percentage")
    func percentageReason() {
        let product = labelled(1, "Bergamot Blend", "Simmondsia Chinensis Seed Oil, Citrus Aurantium Bergamia Peel Oil 2%, Citrus Bergamia Oil 0.2%")
        #expect(product.percents["bergamot-oil"] == 2)
        let verdict = cases.engine().evaluate(product)
        #expect(verdict.reasons.contains { $0.contains("Citrus Aurantium Bergamia Peel Oil at 2 %, above its phototoxic cap of 0.4 %") })
    }

    // MARK: Reasons

    @Test("a blocked row lists its caution reasons too, blocked first")
    func blockedRowKeepsCautions() {
        let lavender = cases.product(2, "Lavender Oil", ["lavender-oil"])
        let engine = cases.engine(tests: [cases.test(70, on: cases.product(1, "Calm", ["lavender-oil"]), [(.strongPositive, 72)])], conditions: ["eczema"])
        let verdict = engine.evaluate(lavender)
        #expect(verdict.status == .blocked)
        #expect(verdict.reasons.first?.hasPrefix("blocked: ") == true)
        #expect(verdict.reasons.contains { $0.hasPrefix("caution: contains Lavandula Angustifolia Oil: eczema caution") })
    }

    @Test("a client-reported reaction reads as reported, not as a patch test")
    func reportedWording() {
        let blend = cases.product(1, "Calm Blend", ["lavender-oil"])
        let reported = PatchTest(
            id: 80, productID: 1, productReference: "acme:1", productName: "Calm Blend", formulationID: 10, formulationVersion: 1,
            ingredients: ["lavender-oil"], appliedAt: cases.hours(24),
            readings: [.init(id: 1, result: .reported, readAt: cases.hours(24))]
        )
        let verdict = cases.engine(tests: [reported]).evaluate(blend)
        #expect(verdict.status == .blocked)
        #expect(verdict.reasons == [
            "blocked: the client reported a reaction to this product (version 1) on 2026-10-27 (record 80); it stays blocked until a therapist reviews it",
        ])
    }

    @Test("unresolved names are compared as the resolver compares names")
    func unresolvedNamesNormalised() {
        let serum = cases.product(18, "Glow Serum", ["water"], unresolved: ["Unobtainium  Extract."])
        let engine = cases.engine(tests: [cases.test(90, on: serum, [(.extremePositive, 72)])])
        let cream = cases.product(19, "Glow Cream", ["glycerin"], unresolved: ["Unobtainium Extract"])
        let verdict = engine.evaluate(cream)
        #expect(verdict.status == .blocked)
        #expect(verdict.reasons == ["blocked: contains Unobtainium Extract, also in Glow Serum, positive in patch test 90"])
        #expect(engine.status(of: cream) == .blocked)
        let other = engine.evaluate(cases.product(20, "Other", ["glycerin"], unresolved: ["Unobtainium Oil"]))
        #expect(other.status == .unknown, "\(other.reasons)")
    }
}
