import CatalogueCore
@_spi(SQLite) import CatalogueStore
import Foundation
import OilCatalogue
import Testing
import StoreInterface

/// Issue 4's scenarios end to end on a real SQLite database: products come in through the importer, clients and
/// patch tests through the store, verdicts from the engine.
@Suite("Clinic scenarios on a real database")
struct ClinicScenarioTests {
    static let applied = Date().addingTimeInterval(-5 * 86_400)
    static func at(_ hours: Double) -> Date { applied.addingTimeInterval(hours * 3600) }

    static let feed = GoogleFeed.make([
        ("BLEND", "15.00 GBP", "Simmondsia Chinensis Seed Oil, Prunus Amygdalus Dulcis Oil, Lavandula Angustifolia Oil, Linalool"),
        ("JOJOBA", "10.00 GBP", "Simmondsia Chinensis (Jojoba) Seed Oil"),
        ("LAVENDER", "7.00 GBP", "Lavandula Angustifolia (Lavender) Oil"),
        ("LAVANDULA", "9.00 GBP", "Simmondsia Chinensis Seed Oil, Lavandula Oil/Extract"),
        ("ALMOND", "8.00 GBP", "Prunus Amygdalus Dulcis Oil"),
        ("COCONUT", "6.00 GBP", "Cocos Nucifera Oil"),
        ("SUNFLOWER", "5.00 GBP", "Helianthus Annuus Seed Oil"),
        ("ARNICA", "12.00 GBP", "Helianthus Annuus Seed Oil, Arnica Montana Flower Extract"),
        ("MYSTERY", "20.00 GBP", "Aqua, Unobtainium Extract"),
    ])

    func prepared() async throws -> (ImportHarness, Int64) {
        let harness = try ImportHarness()
        try harness.addSupplier(format: "google-merchant")
        try await harness.importFeed(Self.feed)
        let client = try harness.database.addClient(name: "Ada", conditions: [], note: nil, actor: "test")
        _ = try harness.database.recordIntakeReview(client: client, note: nil, actor: "test")  // history taken: nothing to report
        return (harness, client)
    }

    func verdicts(_ harness: ImportHarness, client: Int64) throws -> [String: SuitabilityVerdict] {
        let taxonomy = RepositoryCatalogue.taxonomy
        let engine = SuitabilityEngine(taxonomy: taxonomy, client: try #require(try harness.database.clientProfile(client)))
        var result: [String: SuitabilityVerdict] = [:]
        for product in try harness.database.catalogueProducts(taxonomy: taxonomy) {
            result[String(product.facts.reference.dropFirst("acme:".count))] = engine.evaluate(product.facts)
        }
        return result
    }

    func test(_ harness: ImportHarness, client: Int64, _ sku: String, _ readings: [(PatchTestResult, Double)]) throws -> Int64 {
        let id = try harness.database.applyPatchTest(
            client: client, supplier: "acme", sku: sku, site: "inner forearm", concentration: "2%", carrier: nil, occluded: true,
            at: Self.applied, actor: "test"
        )
        for (result, hours) in readings {
            _ = try harness.database.recordReading(test: id, result: result, at: Self.at(hours), relevance: .current, actor: "test")
        }
        return id
    }

    @Test("a positive blend blocks every product sharing its uncleared ingredients; a negative jojoba test clears jojoba")
    func positiveBlend() async throws {
        let (harness, client) = try await prepared()
        let blendTest = try test(harness, client: client, "BLEND", [(.negative, 48), (.strongPositive, 72)])
        _ = try test(harness, client: client, "JOJOBA", [(.negative, 48), (.negative, 96)])
        let verdicts = try verdicts(harness, client: client)
        #expect(verdicts["BLEND"]?.status == .blocked)
        #expect(verdicts["LAVENDER"]?.status == .blocked)
        #expect(verdicts["LAVENDER"]?.reasons.first?.contains("a suspected allergen from patch test \(blendTest) (Product BLEND, ++ at 72 h") == true)
        #expect(verdicts["ALMOND"]?.status == .blocked)
        #expect(verdicts["JOJOBA"]?.status == .safe)
        #expect(verdicts["COCONUT"]?.status == .safe)
        // "Lavandula Oil/Extract" on a label resolves to lavender, so that product is blocked too.
        #expect(verdicts["LAVANDULA"]?.status == .blocked)
        #expect(verdicts["MYSTERY"]?.status == .unknown)
    }

    @Test("an external linalool allergy blocks lavender oil; a Compositae mix blocks arnica and cautions sunflower")
    func externalAllergies() async throws {
        let (harness, client) = try await prepared()
        let taxonomy = RepositoryCatalogue.taxonomy
        _ = try harness.database.addAllergy(
            client: client, target: try #require(taxonomy.allergyTarget(named: "linalool")), enteredName: "linalool",
            source: .dermatologist, note: nil, actor: "test"
        )
        _ = try harness.database.addAllergy(
            client: client, target: try #require(taxonomy.allergyTarget(named: "Compositae mix")), enteredName: "Compositae mix",
            source: .dermatologist, note: nil, actor: "test"
        )
        let verdicts = try verdicts(harness, client: client)
        #expect(verdicts["LAVENDER"]?.status == .blocked)
        #expect(verdicts["BLEND"]?.status == .blocked)
        #expect(verdicts["ARNICA"]?.status == .blocked)
        #expect(verdicts["SUNFLOWER"]?.status == .caution)
        #expect(verdicts["JOJOBA"]?.status == .safe)
    }

    @Test("a pending test blocks until read; a retracted allergy and a refuted test stop counting")
    func pendingAndCorrections() async throws {
        let (harness, client) = try await prepared()
        let pending = try test(harness, client: client, "COCONUT", [(.negative, 24)])
        #expect(try verdicts(harness, client: client)["COCONUT"]?.status == .pending)
        _ = try harness.database.recordReading(test: pending, result: .negative, at: Self.at(72), relevance: nil, actor: "test")
        #expect(try verdicts(harness, client: client)["COCONUT"]?.status == .safe)

        let positive = try test(harness, client: client, "ALMOND", [(.weakPositive, 72)])
        #expect(try verdicts(harness, client: client)["BLEND"]?.status == .blocked)
        for invisible in ["", " \u{202E} ", "\u{200B}\n\u{FEFF}"] {
            #expect(throws: ClinicStoreError.self, "a reason of invisible characters only is no reason") {
                try harness.database.correctPatchTest(test: positive, reading: nil, kind: "entered-in-error", reason: invisible, actor: "test")
            }
        }
        #expect(try verdicts(harness, client: client)["BLEND"]?.status == .blocked, "nothing corrected")
        try harness.database.correctPatchTest(test: positive, reading: nil, kind: "entered-in-error", reason: "wrong client", actor: "test")
        #expect(try verdicts(harness, client: client)["BLEND"]?.status == .safe)
        #expect(throws: ClinicStoreError.self) {
            try harness.database.recordReading(test: positive, result: .negative, at: Self.at(96), relevance: nil, actor: "test")
        }
    }

    @Test("a reformulation that adds a suspected allergen is blocked after re-import, and the report names the client")
    func reformulation() async throws {
        let (harness, client) = try await prepared()
        _ = try test(harness, client: client, "LAVENDER", [(.strongPositive, 72)])
        _ = try test(harness, client: client, "JOJOBA", [(.negative, 72)])
        #expect(try verdicts(harness, client: client)["JOJOBA"]?.status == .safe)
        let reformulated = Self.feed.replacingOccurrences(
            of: "<g:id>JOJOBA</g:id><g:title>Product JOJOBA</g:title><g:price>10.00 GBP</g:price><g:availability>in stock</g:availability><g:brand>Acme</g:brand><g:product_detail><g:attribute_name>INCI</g:attribute_name><g:attribute_value>Simmondsia Chinensis (Jojoba) Seed Oil",
            with: "<g:id>JOJOBA</g:id><g:title>Product JOJOBA</g:title><g:price>10.00 GBP</g:price><g:availability>in stock</g:availability><g:brand>Acme</g:brand><g:product_detail><g:attribute_name>INCI</g:attribute_name><g:attribute_value>Simmondsia Chinensis (Jojoba) Seed Oil, Lavandula Angustifolia Oil"
        )
        #expect(reformulated != Self.feed)
        let report = try await harness.importFeed(reformulated)
        #expect(report.counts.reformulated == 1)
        #expect(report.affected.map(\.client) == [client])
        #expect(report.affected.first?.status == "blocked")
        #expect(report.affected.first?.previousStatus == "safe")
        let verdict = try #require(try verdicts(harness, client: client)["JOJOBA"])
        #expect(verdict.status == .blocked)
        #expect(verdict.reasons.contains { $0.contains("Lavandula Angustifolia Oil, a suspected allergen") })
    }

    @Test("a negative test of the old version does not clear the new one for a client who needs a test")
    func reformulationNeedsNewTest() async throws {
        let (harness, _) = try await prepared()
        let client = try harness.database.addClient(name: "Bo", conditions: ["sensitive-skin"], note: nil, actor: "test")
        _ = try harness.database.recordIntakeReview(client: client, note: nil, actor: "test")  // history taken: nothing to report
        _ = try test(harness, client: client, "COCONUT", [(.negative, 72)])
        #expect(try verdicts(harness, client: client)["COCONUT"]?.status == .safe)
        try await harness.importFeed(Self.feed.replacingOccurrences(of: "Cocos Nucifera Oil", with: "Cocos Nucifera Oil, Tocopherol"))
        let verdict = try #require(try verdicts(harness, client: client)["COCONUT"])
        #expect(verdict.status == .patchTestRequired)
        #expect(verdict.reasons.first?.contains("version 1; a reformulation is not cleared by it") == true)
    }

    @Test("every clinical change writes an audit line with its author")
    func audit() async throws {
        let (harness, client) = try await prepared()
        let id = try test(harness, client: client, "COCONUT", [(.negative, 72)])
        try harness.database.correctPatchTest(test: id, reading: nil, kind: "refuted", reason: "re-test planned", actor: "therapist-1")
        let actions = try harness.database.read { try String.fetchAll($0, sql: "SELECT action || ':' || actor FROM auditLog WHERE entity != 'importRun' ORDER BY id") }
        #expect(actions == ["client.add:test", "intake.review:test", "patch-test.apply:test", "patch-test.read:test", "patch-test.correct:therapist-1"])
    }
}

@Suite("The suitability snapshot")
struct SuitabilitySnapshotTests {
    func writes(_ database: CatalogueDatabase) throws -> Int {
        try database.writer.write { $0.totalChangesCount }
    }

    @Test("reused while fresh; rebuilt after an applied import or a taxonomy change; same keys as the products")
    func freshness() async throws {
        let harness = try ImportHarness()
        try harness.addSupplier(format: "google-merchant")
        try await harness.importFeed(ClinicScenarioTests.feed)
        let taxonomy = RepositoryCatalogue.taxonomy
        let database = harness.database
        let first = try database.suitabilitySnapshot(taxonomy: taxonomy, fingerprint: "a")
        let products = try await database.catalogueProducts(taxonomy: taxonomy)
        #expect(first.entries.map(\.key.productID) == products.map(\.facts.productID))
        #expect(first.entries.map(\.key.hasUnresolved) == products.map { !$0.facts.unresolved.isEmpty })

        let beforeReuse = try writes(database)
        let again = try database.suitabilitySnapshot(taxonomy: taxonomy, fingerprint: "a")
        #expect(try writes(database) == beforeReuse, "a fresh snapshot was rebuilt")
        #expect(again.entries.count == first.entries.count)
        // The stored blob reads back as exactly what was built: every key, bit and rank.
        func fields(_ entry: SuitabilitySnapshot.Entry) -> [UInt64] {
            let key = entry.key
            return [UInt64(bitPattern: key.productID), UInt64(entry.nameRank)]
                + [key.ingredients, key.allergens, entry.properties].flatMap { [$0.w0, $0.w1, $0.w2, $0.w3] }
                + [key.needsFullCheck, key.hasIngredientList, key.phototoxicCaution, key.hasUnresolved].map { $0 ? 1 : 0 }
        }
        #expect(again.entries.map(fields) == first.entries.map(fields))

        _ = try database.suitabilitySnapshot(taxonomy: taxonomy, fingerprint: "b")
        #expect(try writes(database) > beforeReuse, "a taxonomy change must rebuild")

        try await harness.importFeed(ClinicScenarioTests.feed.replacingOccurrences(of: "Cocos Nucifera Oil", with: "Cocos Nucifera Oil, Linalool"))
        let afterImport = try writes(database)
        _ = try database.suitabilitySnapshot(taxonomy: taxonomy, fingerprint: "b")
        #expect(try writes(database) > afterImport, "an applied import must rebuild")
    }
}

@Suite("Pages of a client's list")
struct ListingPageTests {
    /// 240 products over eight ingredient lists, so statuses, condition fits and names interleave.
    static let feed = GoogleFeed.make((1...240).map { index in
        let lists = [
            "Simmondsia Chinensis Seed Oil", "Lavandula Angustifolia Oil, Linalool", "Cocos Nucifera Oil",
            "Helianthus Annuus Seed Oil, Arnica Montana Flower Extract", "Aqua, Unobtainium Extract",
            "Prunus Amygdalus Dulcis Oil, Simmondsia Chinensis Seed Oil", "Citrus Aurantium Bergamia Peel Oil",
            "Butyrospermum Parkii Butter, Calendula Officinalis Flower Extract",
        ]
        return (String(format: "P%03d", (index * 37) % 241), "9.00 GBP", lists[index % lists.count])
    })

    @Test("every page of the streamed listing is the same slice of the fully evaluated list, whatever the offset and limit")
    func pagesAreSlices() async throws {
        let harness = try ImportHarness()
        try harness.addSupplier(format: "google-merchant")
        try await harness.importFeed(Self.feed)
        let database = harness.database
        let taxonomy = RepositoryCatalogue.taxonomy
        let client = try database.addClient(name: "Ada", conditions: ["eczema", "scar-tissue"], note: nil, actor: "test")
        _ = try database.recordIntakeReview(client: client, note: nil, actor: "test")  // history taken: nothing to report
        _ = try database.addAllergy(
            client: client, target: try #require(taxonomy.allergyTarget(named: "linalool")), enteredName: "linalool",
            source: .dermatologist, note: nil, actor: "test"
        )
        let profile = try #require(try database.clientProfile(client))
        let evaluated = await SuitabilityListing.rows(
            taxonomy: taxonomy, client: profile, products: try database.catalogueProducts(taxonomy: taxonomy), stock: [:],
            checksStock: false, includeBlocked: true
        ).rows
        let full = evaluated.map(\.product)
        #expect(full.count == 240)
        #expect(Set(evaluated.map(\.status)).count >= 3, "the list should mix statuses")
        #expect(Set(evaluated.map(\.condition_fit.count)).count >= 2, "the list should mix condition fits")
        for (limit, offset) in [(10, 0), (10, 35), (50, 200), (7, 238), (5, 400), (Int?.none, 0), (Int.max, 3), (0, 0)] {
            let page = try await SuitabilityListing.rows(
                taxonomy: taxonomy, fingerprint: "pages", client: profile, database: database, properties: [], stock: [:],
                checksStock: false, includeBlocked: true, limit: limit, offset: offset
            )
            let expected = Array(full.dropFirst(offset).prefix(limit ?? Int.max))
            #expect(page.rows.map(\.product) == expected, "limit \(String(describing: limit)), offset \(offset)")
            #expect(page.total == 240)
        }
    }
}
