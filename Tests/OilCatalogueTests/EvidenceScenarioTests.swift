import CatalogueCore
@_spi(SQLite) import CatalogueStore
import Foundation
import GRDB
import OilCatalogue
import Testing
import StoreInterface

/// Issue 21's four findings as they were reproduced: products through the importer, tests and readings through
/// the store, verdicts from the engine and from the stored snapshot's list.
@Suite("Patch-test evidence in time on a real database")
struct EvidenceScenarioTests {
    static let feed = GoogleFeed.make([
        ("CALM", "15.00 GBP", "Lavandula Angustifolia Oil, Melaleuca Alternifolia Leaf Oil"),
        ("LAVENDER", "7.00 GBP", "Lavandula Angustifolia (Lavender) Oil"),
        ("TEATREE", "7.00 GBP", "Melaleuca Alternifolia Leaf Oil"),
        ("OAKMOSS", "18.00 GBP", "Simmondsia Chinensis Seed Oil, Parfum, Linalool, Evernia Prunastri Extract"),
        ("JOJOBA-SCENT", "11.00 GBP", "Simmondsia Chinensis Seed Oil, Parfum"),
        ("JOJOBA-LINALOOL", "12.00 GBP", "Simmondsia Chinensis Seed Oil, Linalool"),
        ("COCONUT-OAKMOSS", "12.00 GBP", "Cocos Nucifera Oil, Evernia Prunastri Extract"),
        ("COCONUT-SCENT", "9.00 GBP", "Cocos Nucifera Oil, Parfum"),
        ("JOJOBA", "10.00 GBP", "Simmondsia Chinensis (Jojoba) Seed Oil"),
        ("BERGAMOT-TWICE", "9.00 GBP", "Simmondsia Chinensis Seed Oil, Citrus Aurantium Bergamia Peel Oil 2%, Citrus Bergamia Oil 0.2%"),
        ("ORANGE-GROUP", "9.00 GBP", "Simmondsia Chinensis Seed Oil, Citrus Aurantium Amara Peel Oil, Citrus Aurantium Peel Oil 1%"),
        ("BERGAMOT-UNSTATED", "9.00 GBP", "Bergamot 0.2%, Bergamot"),
        ("BERGAMOT-LOW", "9.00 GBP", "Simmondsia Chinensis Seed Oil, Bergamot 0.2%"),
    ])

    let taxonomy = RepositoryCatalogue.taxonomy

    func prepared(conditions: [String] = []) async throws -> (ImportHarness, Int64) {
        let harness = try ImportHarness()
        try harness.addSupplier(format: "google-merchant")
        try await harness.importFeed(Self.feed)
        let client = try harness.database.addClient(name: "Ada", conditions: conditions.map { ConditionID(rawValue: $0) }, note: nil, actor: "test")
        _ = try harness.database.recordIntakeReview(client: client, note: nil, actor: "test")  // history taken: nothing to report
        return (harness, client)
    }

    /// Each product's verdict, and the status the stored snapshot's list gives it.
    func verdicts(_ harness: ImportHarness, client: Int64) async throws -> [String: SuitabilityVerdict] {
        let profile = try #require(try harness.database.clientProfile(client))
        let engine = SuitabilityEngine(taxonomy: taxonomy, client: profile)
        var result: [String: SuitabilityVerdict] = [:]
        for product in try await harness.database.catalogueProducts(taxonomy: taxonomy) {
            result[String(product.facts.reference.dropFirst("acme:".count))] = engine.evaluate(product.facts)
        }
        let listed = try await SuitabilityListing.rows(
            taxonomy: taxonomy, fingerprint: "evidence", client: profile, database: harness.database, properties: [], stock: [:],
            checksStock: false, includeBlocked: true, limit: nil, offset: 0
        )
        for row in listed.rows {
            let sku = String(row.product.dropFirst("acme:".count))
            #expect(row.status == result[sku]?.status.rawValue, "\(sku): the list says \(row.status)")
        }
        return result
    }

    func test(
        _ harness: ImportHarness, client: Int64, _ sku: String, daysAgo: Double, _ readings: [(PatchTestResult, Double)]
    ) throws -> Int64 {
        let applied = Date().addingTimeInterval(-daysAgo * 86_400)
        let id = try harness.database.applyPatchTest(
            client: client, supplier: "acme", sku: sku, site: "inner forearm", concentration: "2%", carrier: nil, occluded: true,
            at: applied, actor: "test"
        )
        for (result, hours) in readings {
            _ = try harness.database.recordReading(
                test: id, result: result, at: applied.addingTimeInterval(hours * 3600), relevance: .current, actor: "test"
            )
        }
        return id
    }

    @Test("finding 1: a blend read negative in May and ++ in June blocks lavender and tea tree")
    func olderNegative() async throws {
        let (harness, client) = try await prepared()
        _ = try test(harness, client: client, "CALM", daysAgo: 40, [(.negative, 48), (.negative, 96)])
        let june = try test(harness, client: client, "CALM", daysAgo: 10, [(.strongPositive, 72)])
        let verdicts = try await verdicts(harness, client: client)
        #expect(verdicts["LAVENDER"]?.status == .blocked)
        #expect(verdicts["TEATREE"]?.status == .blocked)
        #expect(verdicts["TEATREE"]?.reasons.first?.contains("a suspected allergen from patch test \(june)") == true)
        #expect(verdicts["JOJOBA"]?.status == .safe)
    }

    @Test("finding 2: declared allergens of a positive product are suspected; another product's Parfum clears no other")
    func declaredAllergens() async throws {
        let (harness, client) = try await prepared()
        let positive = try test(harness, client: client, "OAKMOSS", daysAgo: 20, [(.strongPositive, 72)])
        _ = try test(harness, client: client, "JOJOBA-SCENT", daysAgo: 10, [(.negative, 48), (.negative, 96)])
        let verdicts = try await verdicts(harness, client: client)
        #expect(verdicts["JOJOBA-LINALOOL"]?.status == .blocked)
        #expect(verdicts["JOJOBA-LINALOOL"]?.reasons.first?.contains("declares Linalool, a suspected allergen from patch test \(positive)") == true)
        #expect(verdicts["COCONUT-OAKMOSS"]?.status == .blocked)
        #expect(verdicts["COCONUT-SCENT"]?.status == .blocked)
        #expect(verdicts["LAVENDER"]?.status == .blocked)
        #expect(verdicts["JOJOBA-SCENT"]?.status == .safe)
        #expect(verdicts["JOJOBA"]?.status == .safe)
    }

    @Test("finding 3: a reading or a reaction later than now is refused; the test stays pending")
    func futureReading() async throws {
        let (harness, client) = try await prepared(conditions: ["sensitive-skin"])
        let id = try harness.database.applyPatchTest(
            client: client, supplier: "acme", sku: "JOJOBA", site: nil, concentration: nil, carrier: nil, occluded: true,
            at: Date().addingTimeInterval(-60), actor: "test"
        )
        let error = #expect(throws: ClinicStoreError.self) {
            try harness.database.recordReading(
                test: id, result: .negative, at: Date().addingTimeInterval(3 * 86_400), relevance: nil, actor: "test"
            )
        }
        #expect(error?.code == "CLINIC-TIME-FUTURE")
        #expect(error?.message.contains("is in the future") == true)
        #expect(try await verdicts(harness, client: client)["JOJOBA"]?.status == .pending)
        // A few minutes of clock skew are accepted (it counts once its time has come); a reading before the
        // application is refused as before.
        _ = try harness.database.recordReading(test: id, result: .negative, at: Date().addingTimeInterval(120), relevance: nil, actor: "test")
        #expect(try await verdicts(harness, client: client)["JOJOBA"]?.status == .pending)
        #expect(throws: ClinicStoreError.self) {
            try harness.database.recordReading(test: id, result: .negative, at: Date().addingTimeInterval(-3600), relevance: nil, actor: "test")
        }
        #expect(throws: ClinicStoreError.self) {
            try harness.database.applyPatchTest(
                client: client, supplier: "acme", sku: "JOJOBA", site: nil, concentration: nil, carrier: nil, occluded: true,
                at: Date().addingTimeInterval(86_400), actor: "test"
            )
        }
        #expect(throws: ClinicStoreError.self) {
            try harness.database.recordReportedReaction(
                client: client, supplier: "acme", sku: "COCONUT-SCENT", at: Date().addingTimeInterval(86_400), note: nil, actor: "test"
            )
        }
    }

    @Test("finding 4: one stated percentage no longer hides another entry of the same oil")
    func percentages() async throws {
        let (harness, client) = try await prepared()
        let verdicts = try await verdicts(harness, client: client)
        #expect(verdicts["BERGAMOT-TWICE"]?.status == .caution)
        #expect(verdicts["ORANGE-GROUP"]?.status == .caution)
        #expect(verdicts["BERGAMOT-UNSTATED"]?.status == .caution)
        #expect(verdicts["BERGAMOT-LOW"]?.status == .safe)
    }

    @Test("a database written with per-entry percentages is migrated, and its snapshot rebuilt")
    func percentsMigration() async throws {
        let (harness, client) = try await prepared()
        let database = harness.database
        _ = try database.suitabilitySnapshot(taxonomy: taxonomy, fingerprint: "evidence")
        // What the previous version stored: one pair per entry (the last one won), under the previous snapshot stamp.
        try database.write { db in
            try db.execute(sql: """
                UPDATE formulation SET percents = ' bergamot-oil=2.0 bergamot-oil=0.2 '
                WHERE id = (SELECT currentFormulationId FROM product WHERE sku = 'BERGAMOT-TWICE')
                """)
            try db.execute(sql: """
                UPDATE formulation SET percents = ' bergamot-oil=0.2 '
                WHERE id = (SELECT currentFormulationId FROM product WHERE sku = 'BERGAMOT-UNSTATED')
                """)
            try db.execute(sql: "UPDATE suitabilitySnapshot SET stamp = replace(stamp, 'v4|', 'v3|')")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v5-percents-per-ingredient'")
        }
        let reopened = try CatalogueDatabase.open(at: database.path)
        let percents = try reopened.read { db in
            try String.fetchAll(db, sql: """
                SELECT f.percents FROM product p JOIN formulation f ON f.id = p.currentFormulationId
                WHERE p.sku IN ('BERGAMOT-TWICE', 'BERGAMOT-UNSTATED') ORDER BY p.sku
                """)
        }
        #expect(percents == [" bergamot-oil=2.0 ", " "])
        let profile = try #require(try reopened.clientProfile(client))
        let listed = try await SuitabilityListing.rows(
            taxonomy: taxonomy, fingerprint: "evidence", client: profile, database: reopened, properties: [], stock: [:],
            checksStock: false, includeBlocked: true, limit: nil, offset: 0
        )
        let statuses = Dictionary(uniqueKeysWithValues: listed.rows.map { ($0.product, $0.status) })
        #expect(statuses["acme:BERGAMOT-TWICE"] == "caution")
        #expect(statuses["acme:BERGAMOT-UNSTATED"] == "caution")
        #expect(statuses["acme:BERGAMOT-LOW"] == "safe")
    }

    @Test("a client-reported reaction blocks the product with a reason that says it was reported")
    func reportedReaction() async throws {
        let (harness, client) = try await prepared()
        let id = try harness.database.recordReportedReaction(
            client: client, supplier: "acme", sku: "COCONUT-SCENT", at: Date().addingTimeInterval(-86_400), note: "itching", actor: "test"
        )
        let verdict = try #require(try await verdicts(harness, client: client)["COCONUT-SCENT"])
        #expect(verdict.status == .blocked)
        #expect(verdict.reasons.first?.hasPrefix("blocked: the client reported a reaction to this product (version 1) on ") == true)
        #expect(verdict.reasons.first?.contains("(record \(id))") == true)
        #expect(!(verdict.reasons.first?.contains("patch test") ?? true))
    }
}
