import CatalogueCore
import Foundation
import Testing

/// Random clients against a random catalogue, checked against what a clinician would state. Seeded, so a failure
/// names a client that fails again on every run: the seed and the client's index are in the message.
///
/// Each client has patch tests (some applied or read in the future, readings at 24–96 h, client-reported reactions),
/// allergies and conditions; corrected tests and readings are left out of the profile, as the store hands them to
/// the engine. The invariants:
/// - a product sharing an ingredient or a declared EU substance with a positive test is blocked, unless a negative
///   read at or after every reaction implicating it cleared it (a product's own later negative for undisclosed fragrance);
/// - a product with a reaction on any of its versions is blocked;
/// - a test without a final reading clears nothing: leaving it out changes no other product's verdict;
/// - nothing in the future counts: leaving out what was applied or read after now changes no verdict;
/// - every row that is not safe has a reason for its status, and reasons come most severe first;
/// - the status without reasons, and the fast path's, agree with the full verdict.
@Suite("Suitability properties on random clients")
struct SuitabilityPropertyTests {
    static let seed: UInt64 = 0x5EED_0021
    static let clientCount = 300
    static let now = Date(timeIntervalSince1970: 1_796_000_000)

    let taxonomy = RepositoryCatalogue.taxonomy

    static let ingredientPool: [IngredientID] = [
        "jojoba-oil", "sweet-almond-oil", "lavender-oil", "tea-tree-oil", "coconut-oil", "bergamot-oil", "parfum",
        "arnica-extract", "sunflower-seed-oil", "shea-butter", "roman-chamomile-oil", "lavandin-oil", "olive-oil", "water",
    ]
    static let allergenPool: [AllergenID] = ["linalool", "limonene", "geraniol", "oak-moss-extract", "lavandula-oil-extract"]
    static let unresolvedPool = ["Unobtainium Extract", "unobtainium  extract.", "Mystery Resin"]

    /// A small deterministic generator (SplitMix64).
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &self) < probability }
    }

    func catalogue(_ random: inout Generator) -> [ProductFacts] {
        var products: [ProductFacts] = []
        for id in Int64(1)...60 {
            for version in 1...(id % 3 == 0 ? 2 : 1) {
                let ingredients = Array(Set((0..<Int.random(in: 1...4, using: &random)).map { _ in
                    Self.ingredientPool.randomElement(using: &random)!
                })).sorted { $0.rawValue < $1.rawValue }
                let allergens = random.chance(0.4)
                    ? Array(Set((0..<Int.random(in: 1...2, using: &random)).map { _ in Self.allergenPool.randomElement(using: &random)! }))
                        .sorted { $0.rawValue < $1.rawValue }
                    : []
                var percents: [IngredientID: Double] = [:]
                if ingredients.contains("bergamot-oil"), random.chance(0.5) { percents["bergamot-oil"] = random.chance(0.5) ? 0.2 : 2 }
                products.append(ProductFacts(
                    productID: id, reference: "acme:P\(id)", name: "Product \(id)", formulationID: id * 10 + Int64(version),
                    version: version, hasIngredientList: id % 29 != 0, ingredientIDs: ingredients, allergenIDs: allergens,
                    unresolved: random.chance(0.08) ? [Self.unresolvedPool.randomElement(using: &random)!] : [],
                    percents: percents, taxonomy: taxonomy
                ))
            }
        }
        return products
    }

    func client(_ index: Int, catalogue: [ProductFacts], _ random: inout Generator) -> ClientProfile {
        var tests: [PatchTest] = []
        for number in 0..<Int.random(in: 0...6, using: &random) {
            let product = catalogue.randomElement(using: &random)!
            let id = Int64(index * 100 + number)
            let applied = Self.now.addingTimeInterval(
                random.chance(0.1) ? Double.random(in: 0...(5 * 86_400), using: &random) : -Double.random(in: 0...(200 * 86_400), using: &random)
            )
            var readings: [PatchTest.Reading] = []
            if random.chance(0.1) {
                readings = [.init(id: id * 10, result: .reported, readAt: applied)]
            } else {
                for reading in 0..<Int.random(in: 0...3, using: &random) {
                    if random.chance(0.1) { continue }  // corrected: not in force
                    let roll = Double.random(in: 0..<1, using: &random)
                    let result: PatchTestResult = roll < 0.6 ? .negative : roll < 0.68 ? .weakPositive : roll < 0.74 ? .strongPositive
                        : roll < 0.77 ? .extremePositive : roll < 0.88 ? .doubtful : .irritant
                    let hours = Double(Int.random(in: 24...96, using: &random))
                    readings.append(.init(id: id * 10 + Int64(reading), result: result, readAt: applied.addingTimeInterval(hours * 3600)))
                }
            }
            if random.chance(0.05) { continue }  // the whole test corrected: not in force
            tests.append(PatchTest(
                id: id, productID: product.productID, productReference: product.reference, productName: product.name,
                formulationID: product.formulationID, formulationVersion: product.version, ingredients: product.ingredientIDs,
                allergens: product.allergenIDs, unresolvedNames: product.unresolved, appliedAt: applied, readings: readings
            ))
        }
        var allergies: [ClientAllergy] = []
        if random.chance(0.2) {
            let name = ["lavender", "linalool", "Compositae mix", "tree nuts", "Lavandula Oil/Extract"].randomElement(using: &random)!
            if let target = taxonomy.allergyTarget(named: name) {
                allergies.append(ClientAllergy(
                    id: 1, target: target, enteredName: name, source: random.chance(0.5) ? .dermatologist : .clientReported,
                    recordedAt: Self.now.addingTimeInterval(-86_400 * 300)
                ))
            }
        }
        var conditions: [ConditionID] = []
        if random.chance(0.3) { conditions.append("sensitive-skin") }
        if random.chance(0.15) { conditions.append("eczema") }
        // One client in four has no medical history on record: every product not blocked, unknown or pending is a caution.
        return ClientProfile(
            id: Int64(index), name: "Client \(index)", conditions: conditions, allergies: allergies, patchTests: tests,
            historyOnRecord: index % 4 != 0
        )
    }

    // MARK: The clinician's view, written apart from the engine

    /// The test as it stood at `now`, or nil when it was applied later.
    static func inForce(_ test: PatchTest) -> PatchTest? {
        guard test.appliedAt <= now else { return nil }
        var copy = test
        copy.readings = test.readings.filter { $0.readAt <= now }
        return copy
    }

    /// When the latest non-negative reading was made, for a test that reacted.
    static func reactedAt(_ test: PatchTest) -> Date? { test.readings.filter { $0.result != .negative }.map(\.readAt).max() }

    static func isPositive(_ test: PatchTest) -> Bool { test.readings.contains { $0.result.isPositive } }

    /// The final reading's time, for a test read only negative and read at 48 h or later.
    static func negativeFinal(_ test: PatchTest) -> Date? {
        guard test.readings.allSatisfy({ $0.result == .negative }) else { return nil }
        return test.readings.filter { $0.readAt.timeIntervalSince(test.appliedAt) >= 48 * 3600 }.map(\.readAt).max()
    }

    /// Why the product must be blocked by the client's test evidence, or nil.
    func mustBlock(_ product: ProductFacts, tests: [PatchTest]) -> String? {
        if let reacted = tests.first(where: { $0.productID == product.productID && Self.reactedAt($0) != nil }) {
            return "reaction in test \(reacted.id)"
        }
        var lastIngredient: [IngredientID: Date] = [:]
        var lastAllergen: [AllergenID: Date] = [:]
        for test in tests {
            guard let at = Self.reactedAt(test) else { continue }
            for id in test.ingredients { lastIngredient[id] = max(lastIngredient[id] ?? at, at) }
            for id in test.allergens { lastAllergen[id] = max(lastAllergen[id] ?? at, at) }
        }
        let ownNegative = tests.filter { $0.formulationID == product.formulationID }.compactMap(Self.negativeFinal).max()
        for positive in tests where Self.isPositive(positive) {
            for id in positive.ingredients where product.ingredientIDs.contains(id) {
                let since = lastIngredient[id]!
                let fragrance = taxonomy.ingredient(id)?.kind == .fragrance
                let cleared = !fragrance && tests.contains { test in
                    test.ingredients.contains(id) && (Self.negativeFinal(test).map { $0 >= since } ?? false)
                }
                if !cleared && !(ownNegative.map { $0 >= since } ?? false) { return "\(id) from test \(positive.id)" }
            }
            for id in positive.allergens where product.allergenIDs.contains(id) {
                let since = lastAllergen[id]!
                let cleared = tests.contains { test in
                    test.allergens.contains(id) && (Self.negativeFinal(test).map { $0 >= since } ?? false)
                }
                if !cleared && !(ownNegative.map { $0 >= since } ?? false) { return "\(id) declared in test \(positive.id)" }
            }
        }
        return nil
    }

    @Test("invariants hold for a few hundred random clients")
    func invariants() throws {
        for id in Self.ingredientPool { #expect(taxonomy.ingredient(id) != nil, "\(id) is not in the taxonomy") }
        for id in Self.allergenPool { #expect(taxonomy.allergen(id) != nil, "\(id) is not in the taxonomy") }
        var random = Generator(state: Self.seed)
        let products = catalogue(&random)
        var failures = 0
        var checked = (blockedByEvidence: 0, pendingLeftOut: 0, futureLeftOut: 0)
        for index in 0..<Self.clientCount where failures < 20 {
            let profile = client(index, catalogue: products, &random)
            let engine = SuitabilityEngine(taxonomy: taxonomy, client: profile, now: Self.now)
            let present = profile.patchTests.compactMap(Self.inForce)
            var verdicts: [SuitabilityVerdict] = []
            for product in products {
                let verdict = engine.evaluate(product)
                verdicts.append(verdict)
                let context = "seed \(Self.seed), client \(index), product \(product.productID) v\(product.version): \(verdict)"
                func check(_ condition: Bool, _ what: String) {
                    if !condition { failures += 1 }
                    #expect(condition, "\(what) — \(context)")
                }
                check(engine.status(of: product) == verdict.status, "status(of:) differs")
                if let fast = engine.status(of: product.key) { check(fast == verdict.status, "the fast path differs") }
                if verdict.status != .safe {
                    check(verdict.reasons.contains { $0.hasPrefix("\(verdict.status.rawValue): ") }, "no reason for the status")
                }
                let ranks = verdict.reasons.compactMap { reason in
                    SuitabilityStatus.allCases.first { reason.hasPrefix("\($0.rawValue): ") }?.rank
                }
                check(ranks.count == verdict.reasons.count && ranks == ranks.sorted(by: >), "reasons are not most severe first")
                if let why = mustBlock(product, tests: present) {
                    checked.blockedByEvidence += 1
                    check(verdict.status == .blocked, "must be blocked (\(why))")
                }
                for allergy in profile.allergies {
                    if case .ingredient(let id) = allergy.target, product.ingredientIDs.contains(id) {
                        check(verdict.status == .blocked, "an ingredient allergy must block")
                    }
                }
            }

            // Nothing in the future counts.
            let pastOnly = ClientProfile(
                id: profile.id, name: profile.name, conditions: profile.conditions, allergies: profile.allergies, patchTests: present,
                historyOnRecord: profile.historyOnRecord
            )
            if pastOnly != profile {
                checked.futureLeftOut += 1
                let pastEngine = SuitabilityEngine(taxonomy: taxonomy, client: pastOnly, now: Self.now)
                for (product, verdict) in zip(products, verdicts) where pastEngine.evaluate(product) != verdict {
                    failures += 1
                    Issue.record("a future test or reading changed the verdict — seed \(Self.seed), client \(index), product \(product.productID)")
                }
            }

            // A test without a final reading clears nothing (and implicates nothing): only its own product changes.
            if let unfinished = present.first(where: { test in
                Self.reactedAt(test) == nil && Self.negativeFinal(test) == nil
            }) {
                checked.pendingLeftOut += 1
                var without = pastOnly
                without.patchTests.removeAll { $0.id == unfinished.id }
                let withoutEngine = SuitabilityEngine(taxonomy: taxonomy, client: without, now: Self.now)
                for (product, verdict) in zip(products, verdicts) where product.productID != unfinished.productID {
                    if withoutEngine.evaluate(product) != verdict {
                        failures += 1
                        Issue.record("unfinished test \(unfinished.id) changed another product — seed \(Self.seed), client \(index), product \(product.productID)")
                    }
                }
                if let own = products.firstIndex(where: { $0.productID == unfinished.productID }) {
                    #expect(verdicts[own].status >= .pending, "client \(index)")
                }
            }
        }
        // The random clients must reach every invariant, or the test proves little.
        #expect(checked.blockedByEvidence > 100, "\(checked)")
        #expect(checked.pendingLeftOut > 20, "\(checked)")
        #expect(checked.futureLeftOut > 20, "\(checked)")
    }
}
