import CatalogueCore
import CatalogueStore
import Foundation
import OilCatalogue
import Testing

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

    /// The client's status for every product, through the suitability listing `safe-oils` uses.
    static func statuses(_ harness: ImportHarness, client: Int64, taxonomy: Taxonomy) throws -> [String: String] {
        let profile = try #require(try harness.database.clientProfile(client))
        let rows = try SuitabilityListing.rows(
            taxonomy: taxonomy, fingerprint: "current", client: profile, database: harness.database, properties: [],
            stock: [:], checksStock: false, includeBlocked: true, limit: nil
        ).rows
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.product, $0.status) })
    }

    @Test("an unchanged product is read again when the reference data changed: its new allergen blocks, its client is listed")
    func unchangedProductsAreReadAgain() throws {
        let harness = try ImportHarness()
        try harness.addSupplier(format: "google-merchant")
        let feed = GoogleFeed.make([
            (sku: "CEDAR", price: "12.00 GBP", ingredients: "Helianthus Annuus Seed Oil, Acetylcedrene"),
            (sku: "JOJOBA", price: "9.00 GBP", ingredients: "Simmondsia Chinensis Seed Oil"),
        ])
        let older = try Self.olderTaxonomy()
        #expect(IngredientResolver(taxonomy: older).resolve(list: "Acetylcedrene").allergenIDs.isEmpty)
        harness.runner = ImportRunner(database: harness.database, taxonomy: older, taxonomyFingerprint: "older")
        try harness.importFeed(feed)

        let taxonomy = RepositoryCatalogue.taxonomy
        let client = try harness.database.addClient(name: "Ada", conditions: [], note: nil, actor: "test")
        _ = try harness.database.addAllergy(
            client: client, target: try #require(taxonomy.allergyTarget(named: "Acetyl Cedrene")), enteredName: "Acetyl Cedrene",
            source: .dermatologist, note: nil, actor: "test"
        )
        func status(_ sku: String) throws -> SuitabilityStatus? {
            let engine = SuitabilityEngine(taxonomy: taxonomy, client: try #require(try harness.database.clientProfile(client)))
            let product = try harness.database.catalogueProducts(taxonomy: taxonomy).first { $0.facts.reference == "acme:\(sku)" }
            return product.map { engine.evaluate($0.facts).status }
        }
        #expect(try status("CEDAR") == .safe, "read with the older data, the product does not declare the allergen")

        // The same feed, imported with the current reference data.
        harness.runner = ImportRunner(database: harness.database, taxonomy: taxonomy, taxonomyFingerprint: "current")
        let dryRun = try harness.importFeed(feed, dryRun: true)
        #expect(dryRun.counts.reresolved == 1)
        #expect(try status("CEDAR") == .safe, "a dry run changes nothing")
        let report = try harness.importFeed(feed)
        #expect(report.status == "succeeded")
        #expect(report.counts.unchanged == 2)
        #expect(report.counts.reresolved == 1)
        #expect(report.affected.map(\.product) == ["acme:CEDAR"])
        #expect(report.affected.first?.status == "blocked")
        #expect(try status("CEDAR") == .blocked)
        #expect(try status("JOJOBA") == .safe)

        // Read once: the next import with the same data does not read the products again.
        let again = try harness.importFeed(feed)
        #expect(again.counts.reresolved == 0)
    }

    @Test("'catalogue reread' reads every product again at once; cached suitability lists are rebuilt; a dry run changes nothing")
    func rereadCommand() throws {
        let harness = try ImportHarness()
        try harness.addSupplier(format: "google-merchant")
        let feed = GoogleFeed.make([
            (sku: "CEDAR", price: "12.00 GBP", ingredients: "Helianthus Annuus Seed Oil, Acetylcedrene"),
            (sku: "JOJOBA", price: "9.00 GBP", ingredients: "Simmondsia Chinensis Seed Oil"),
        ])
        harness.runner = ImportRunner(database: harness.database, taxonomy: try Self.olderTaxonomy(), taxonomyFingerprint: "older")
        try harness.importFeed(feed)
        let taxonomy = RepositoryCatalogue.taxonomy
        let client = try harness.database.addClient(name: "Ada", conditions: [], note: nil, actor: "test")
        _ = try harness.database.addAllergy(
            client: client, target: try #require(taxonomy.allergyTarget(named: "Acetyl Cedrene")), enteredName: "Acetyl Cedrene",
            source: .dermatologist, note: nil, actor: "test"
        )
        // The list a server would cache, made with the new data before the products are read again.
        func listed() throws -> [String: String] { try Self.statuses(harness, client: client, taxonomy: taxonomy) }
        let stampBefore = try harness.database.suitabilitySnapshotStamp(fingerprint: "current")
        #expect(try listed()["acme:CEDAR"] == "safe")

        let dryRun = try ReferenceDataReread.run(database: harness.database, taxonomy: taxonomy, supplier: nil, dryRun: true, actor: "test")
        #expect(dryRun.read == 2 && dryRun.changed == 1)
        #expect(dryRun.changes.map(\.product) == ["acme:CEDAR"])
        #expect(try harness.database.suitabilitySnapshotStamp(fingerprint: "current") == stampBefore)

        let outcome = try ReferenceDataReread.run(database: harness.database, taxonomy: taxonomy, supplier: "acme", dryRun: false, actor: "test")
        #expect(outcome.read == 2 && outcome.changed == 1)
        #expect(outcome.products == ["acme:CEDAR"])
        #expect(outcome.changes.first?.client == client)
        #expect(outcome.changes.first?.previousStatus == "safe" && outcome.changes.first?.status == "blocked")
        #expect(try harness.database.suitabilitySnapshotStamp(fingerprint: "current") != stampBefore)
        #expect(try listed()["acme:CEDAR"] == "blocked")
        #expect(try listed()["acme:JOJOBA"] == "safe")

        let again = try ReferenceDataReread.run(database: harness.database, taxonomy: taxonomy, supplier: nil, dryRun: false, actor: "test")
        #expect(again.changed == 0)
    }
}
