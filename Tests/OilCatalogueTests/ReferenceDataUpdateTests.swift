import CatalogueCore
import CatalogueStore
import Foundation
import OilCatalogue
import Testing
import StoreInterface

/// When the reference data learns something (a name, an allergen it now declares), the products already in the
/// catalogue must learn it at the supplier's next import, though their feed records have not changed.
@Suite("Reference data updates reach imported products")
struct ReferenceDataUpdateTests {
    /// The repository's catalogue without the "Acetylcedrene" spelling of the EU allergen Acetyl Cedrene: as the
    /// reference data was before it listed that spelling (the name then resolved to the plain inventory entry).
    static func olderTaxonomy() throws -> Taxonomy {
        let folder = FileManager.default.temporaryDirectory.appending(path: "oilcat-older-catalogue-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: RepositoryCatalogue.folder, to: folder)
        let allergens = folder.appending(path: "taxonomy/allergens.yaml")
        let text = try String(contentsOf: allergens, encoding: .utf8)
        let older = text.replacingOccurrences(of: "synonyms: [Acetylcedrene], ", with: "")
        #expect(older != text)
        try older.write(to: allergens, atomically: true, encoding: .utf8)
        return try ReferenceCatalogueLoader.loadYAML(from: folder)
    }

    static let feed = GoogleFeed.make([
        (sku: "CEDAR", price: "12.00 GBP", ingredients: "Helianthus Annuus Seed Oil, Acetylcedrene"),
        (sku: "JOJOBA", price: "9.00 GBP", ingredients: "Simmondsia Chinensis Seed Oil"),
    ])

    static let otherFeed = GoogleFeed.make([
        (sku: "CEDAR-2", price: "14.00 GBP", ingredients: "Prunus Amygdalus Dulcis Oil, Acetylcedrene"),
    ])

    /// A catalogue imported with the older reference data, and a client allergic to acetyl cedrene; the harness's
    /// runner then has the current data.
    static func importedWithOlderData() async throws -> (harness: ImportHarness, client: Int64) {
        let harness = try ImportHarness()
        try harness.addSupplier(format: "google-merchant")
        let older = try olderTaxonomy()
        #expect(IngredientResolver(taxonomy: older).resolve(list: "Acetylcedrene").allergenIDs.isEmpty)
        harness.runner = ImportRunner(database: harness.database, taxonomy: older, taxonomyFingerprint: "older")
        try await harness.importFeed(feed)
        try harness.addSupplier("other", format: "google-merchant")
        try await harness.importFeed(otherFeed, supplier: "other")
        let taxonomy = RepositoryCatalogue.taxonomy
        let client = try harness.database.addClient(name: "Ada", conditions: [], note: nil, actor: "test")
        _ = try harness.database.recordIntakeReview(client: client, note: nil, actor: "test")  // history taken: nothing to report
        _ = try harness.database.addAllergy(
            client: client, target: try #require(taxonomy.allergyTarget(named: "Acetyl Cedrene")), enteredName: "Acetyl Cedrene",
            source: .dermatologist, note: nil, actor: "test"
        )
        harness.runner = ImportRunner(database: harness.database, taxonomy: taxonomy, taxonomyFingerprint: "current")
        return (harness, client)
    }

    /// The client's status for every product, through the suitability listing `safe-oils` uses.
    static func statuses(_ harness: ImportHarness, client: Int64, taxonomy: Taxonomy) async throws -> [String: String] {
        let profile = try #require(try harness.database.clientProfile(client))
        let rows = try await SuitabilityListing.rows(
            taxonomy: taxonomy, fingerprint: "current", client: profile, database: harness.database, properties: [],
            stock: [:], checksStock: false, includeBlocked: true, limit: nil
        ).rows
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.product, $0.status) })
    }

    @Test("the first import after a reference-data change reads every product of every supplier again, whatever it does to them")
    func importReadsTheCatalogueAgain() async throws {
        let (harness, client) = try await Self.importedWithOlderData()
        let taxonomy = RepositoryCatalogue.taxonomy
        func status(_ reference: String) async throws -> String? { try await Self.statuses(harness, client: client, taxonomy: taxonomy)[reference] }
        #expect(try await status("acme:CEDAR") == "safe", "read with the older data, the product does not declare the allergen")
        #expect(try await status("other:CEDAR-2") == "safe")

        // A dry run with the current data writes nothing, the readings included.
        let dryRun = try await harness.importFeed(Self.feed, dryRun: true)
        #expect(dryRun.reread == nil)
        #expect(try await status("acme:CEDAR") == "safe")

        // The supplier changes CEDAR's price only: no new formulation, yet its reading, and the other supplier's
        // product's, must follow the data.
        let repriced = Self.feed.replacingOccurrences(of: "12.00 GBP", with: "12.50 GBP")
        let report = try await harness.importFeed(repriced)
        #expect(report.status == "succeeded")
        #expect(report.counts.changed == 1)
        #expect(report.counts.reformulated == 0)
        let reread = try #require(report.reread)
        #expect(reread.read == 3)
        #expect(reread.changed == 2)
        #expect(Set(reread.products) == ["acme:CEDAR", "other:CEDAR-2"])
        #expect(Set(reread.changes.map(\.product)) == ["acme:CEDAR", "other:CEDAR-2"])
        #expect(reread.changes.allSatisfy { $0.client == client && $0.previousStatus == "safe" && $0.status == "blocked" })
        #expect(try await status("acme:CEDAR") == "blocked")
        #expect(try await status("other:CEDAR-2") == "blocked")
        #expect(try await status("acme:JOJOBA") == "safe")

        // Read once: the next run, of either supplier, does not read the catalogue again.
        #expect(try await harness.importFeed(repriced).reread == nil)
        #expect(try await harness.importFeed(Self.otherFeed, supplier: "other").reread == nil)
    }

    @Test("'catalogue reread' reads every product again at once; cached suitability lists are rebuilt; a dry run changes nothing")
    func rereadCommand() async throws {
        let (harness, client) = try await Self.importedWithOlderData()
        let taxonomy = RepositoryCatalogue.taxonomy
        // The list a server would cache, made with the new data before the products are read again.
        func listed() async throws -> [String: String] { try await Self.statuses(harness, client: client, taxonomy: taxonomy) }
        let stampBefore = try harness.database.suitabilitySnapshotStamp(fingerprint: "current")
        #expect(try await listed()["acme:CEDAR"] == "safe")

        let dryRun = try #require(try await ReferenceDataReread.run(
            database: harness.database, taxonomy: taxonomy, supplier: nil, dryRun: true, readWith: nil, actor: "test"
        ))
        #expect(dryRun.read == 3 && dryRun.changed == 2)
        #expect(Set(dryRun.changes.map(\.product)) == ["acme:CEDAR", "other:CEDAR-2"])
        #expect(try harness.database.suitabilitySnapshotStamp(fingerprint: "current") == stampBefore)

        let outcome = try #require(try await ReferenceDataReread.run(
            database: harness.database, taxonomy: taxonomy, supplier: "acme", dryRun: false, readWith: nil, actor: "test"
        ))
        #expect(outcome.read == 2 && outcome.changed == 1)
        #expect(outcome.products == ["acme:CEDAR"])
        #expect(outcome.changes.first?.client == client)
        #expect(outcome.changes.first?.previousStatus == "safe" && outcome.changes.first?.status == "blocked")
        #expect(try harness.database.suitabilitySnapshotStamp(fingerprint: "current") != stampBefore)
        #expect(try await listed()["acme:CEDAR"] == "blocked")
        #expect(try await listed()["acme:JOJOBA"] == "safe")

        // Every supplier, storing the data it was read with: the other supplier's product follows; then nothing is left.
        let all = try #require(try await ReferenceDataReread.run(
            database: harness.database, taxonomy: taxonomy, supplier: nil, dryRun: false, readWith: "current", actor: "test"
        ))
        #expect(all.products == ["other:CEDAR-2"])
        #expect(try await ReferenceDataReread.ensureCurrent(database: harness.database, taxonomy: taxonomy, fingerprint: "current", actor: "test") == nil)
    }

    @Test("a discontinued product is read again too, and comes back read with the current data; a server's runner refuses older data")
    func discontinuedAndServerRunners() async throws {
        let (harness, client) = try await Self.importedWithOlderData()
        let taxonomy = RepositoryCatalogue.taxonomy
        let older = try Self.olderTaxonomy()
        // With the older data still: CEDAR leaves the feed and is discontinued.
        var olderRunner = ImportRunner(database: harness.database, taxonomy: older, taxonomyFingerprint: "older")
        let jojobaOnly = GoogleFeed.make([(sku: "JOJOBA", price: "9.00 GBP", ingredients: "Simmondsia Chinensis Seed Oil")])
        let file = harness.folder.appending(path: "jojoba-only.xml")
        try Data(jojobaOnly.utf8).write(to: file)
        let removal = try await olderRunner.run(ImportRequest(supplier: "acme", feed: file.path, allowLargeRemoval: true))
        #expect(removal.counts.removed == 1)

        // The current data arrives with another supplier's import: the discontinued CEDAR is read again too.
        let report = try await harness.importFeed(Self.otherFeed, supplier: "other")
        let reread = try #require(report.reread)
        #expect(reread.read == 3)
        #expect(Set(reread.products) == ["acme:CEDAR", "other:CEDAR-2"])
        #expect(reread.changedVerdicts == reread.changes.count)
        // CEDAR comes back unchanged: no new formulation, and it reads with the current data.
        let back = try await harness.importFeed(Self.feed)
        #expect(back.counts.reformulated == 0)
        #expect(try await Self.statuses(harness, client: client, taxonomy: taxonomy)["acme:CEDAR"] == "blocked")

        // A server that started with the older data must not read the catalogue back to it: its runs refuse.
        olderRunner.readsCatalogueAgain = false
        let file2 = harness.folder.appending(path: "full.xml")
        try Data(Self.feed.utf8).write(to: file2)
        await #expect {
            try await olderRunner.run(ImportRequest(supplier: "acme", feed: file2.path))
        } throws: { error in
            (error as? ImportError)?.code == "REFERENCE-DATA-CHANGED"
        }
        #expect(try await Self.statuses(harness, client: client, taxonomy: taxonomy)["acme:CEDAR"] == "blocked")
        #expect(try harness.database.catalogueReadWith() == "current")

        // Nor does any other process with that older data: it was replaced, and is refused.
        await #expect {
            try await ReferenceDataReread.ensureCurrent(database: harness.database, taxonomy: older, fingerprint: "older", actor: "test")
        } throws: { error in
            (error as? ReferenceDataChanged)?.superseded != nil
        }
        olderRunner.readsCatalogueAgain = true
        await #expect {
            try await olderRunner.run(ImportRequest(supplier: "acme", feed: file2.path))
        } throws: { error in
            (error as? ImportError)?.code == "REFERENCE-DATA-CHANGED"
        }
        #expect(try await Self.statuses(harness, client: client, taxonomy: taxonomy)["acme:CEDAR"] == "blocked")
    }
}
