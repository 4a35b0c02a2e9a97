import CatalogueCore
@_spi(SQLite) import CatalogueStore
import Foundation
import OilCatalogue
import Testing
import StoreInterface

@Suite("Importing the Google Merchant sample and feeds of its kind")
struct GoogleMerchantImportTests {
    @Test("the sample feed imports: SKUs, names, brands, prices with currency, availability and ingredients")
    func sample() async throws {
        let harness = try ImportHarness()
        try harness.addSupplier("naturalis", format: "google-merchant")
        let report = try await harness.importFile(ImportHarness.samples.appending(path: "google-merchant/feed.xml").path, supplier: "naturalis")
        #expect(report.status == "succeeded")
        #expect(report.counts.added == 12)
        #expect(report.counts.rejected == 0)
        #expect(report.feedKind == .fullSnapshot)
        #expect(report.unresolved.map(\.sku) == ["NAT-MYST-50"])

        let jojoba = try #require(try harness.product("NAT-JOJ-100", supplier: "naturalis"))
        #expect(jojoba.data.name == "Golden Jojoba Oil 100 ml")
        #expect(jojoba.data.brand == "Naturalis")
        #expect(jojoba.data.price == "12.50")
        #expect(jojoba.data.currency == "GBP")
        #expect(jojoba.data.availability == .inStock)
        #expect(jojoba.formulations.first?.resolution.ingredientIDs == ["jojoba-oil"])

        let almond = try #require(try harness.product("NAT-ALM-500", supplier: "naturalis"))
        #expect(almond.data.availability == .inStock)  // written "in_stock" in the feed

        // Ingredients from the description when there is no product_detail.
        let coconut = try #require(try harness.product("NAT-COC-250", supplier: "naturalis"))
        #expect(coconut.formulations.first?.ingredientText == "Cocos Nucifera (Coconut) Oil.")
        #expect(coconut.formulations.first?.resolution.ingredientIDs == ["coconut-oil"])

        let blend = try #require(try harness.product("NAT-CALM-100", supplier: "naturalis"))
        let properties = Set(blend.formulations.first?.resolution.propertyIDs(in: RepositoryCatalogue.taxonomy) ?? [])
        #expect(properties.isSuperset(of: ["hydrating", "anti-inflammatory"]))
        #expect(blend.formulations.first?.resolution.allergenIDs == ["linalool", "limonene"])
    }

    @Test("an unchanged feed is not parsed again; a changed one reports fields and versions the formulation")
    func changeDetection() async throws {
        let harness = try ImportHarness()
        try harness.addSupplier(format: "google-merchant")
        let first = GoogleFeed.make([("A", "10.00 GBP", "Simmondsia Chinensis Seed Oil"), ("B", "5.00 GBP", "Cocos Nucifera Oil")])
        try await harness.importFeed(first)
        #expect(try await harness.importFeed(first).status == "unchanged")

        let second = GoogleFeed.make([
            ("A", "11.00 GBP", "Simmondsia Chinensis Seed Oil"),
            ("B", "5.00 GBP", "Cocos Nucifera Oil, Lavandula Angustifolia Oil"),
        ])
        let report = try await harness.importFeed(second)
        #expect(report.counts.changed == 2)
        #expect(report.counts.reformulated == 1)
        #expect(report.changed.first { $0.sku == "A" }?.fields == ["price"])
        #expect(report.changed.first { $0.sku == "B" }?.fields == ["ingredients"])
        let b = try #require(try harness.product("B"))
        #expect(b.formulations.map(\.version) == [2, 1])
        #expect(b.formulations[0].resolution.ingredientIDs == ["coconut-oil", "lavender-oil"])
        #expect(b.formulations[1].resolution.ingredientIDs == ["coconut-oil"])

        // The same content again, but now with an unchanged record too.
        let third = try await harness.importFeed(second.replacingOccurrences(of: "<channel>", with: "<channel><title>t</title>"))
        #expect(third.counts.unchanged == 2)
        #expect(third.counts.changed == 0)
    }

    @Test("a product absent from a full snapshot is discontinued, not deleted, and comes back when listed again")
    func removal() async throws {
        let harness = try ImportHarness()
        try harness.addSupplier(format: "google-merchant")
        try await harness.importFeed(GoogleFeed.numbered(4))
        let report = try await harness.importFeed(GoogleFeed.make([("SKU-1", "10.00 GBP", nil), ("SKU-2", "10.00 GBP", nil), ("SKU-3", "10.00 GBP", nil)]))
        #expect(report.removed == ["SKU-4"])
        #expect(try harness.activeSKUs() == ["SKU-1", "SKU-2", "SKU-3"])
        #expect(try harness.product("SKU-4")?.status == "discontinued")
        let back = try await harness.importFeed(GoogleFeed.numbered(4))
        #expect(back.changed.first { $0.sku == "SKU-4" }?.fields.contains("status") == true)
        #expect(try harness.activeSKUs().count == 4)
    }

    @Test("the absent products are exactly the active ones a snapshot does not name: a returning product and a duplicate count for nothing")
    func removalCounts() async throws {
        let harness = try ImportHarness()
        try harness.addSupplier(format: "google-merchant")
        try await harness.importFeed(GoogleFeed.numbered(6))
        func feed(_ numbers: [Int]) -> String { GoogleFeed.make(numbers.map { ("SKU-\($0)", "10.00 GBP", "Simmondsia Chinensis Seed Oil") }) }

        let first = try await harness.importFeed(feed([1, 2, 3, 4, 5]))
        #expect(first.removed == ["SKU-6"])
        // SKU-6 comes back while SKU-5 goes: the returning product was not active before, so it does not stand in
        // for the absent one.
        let second = try await harness.importFeed(feed([1, 2, 3, 4, 6]))
        #expect(second.removed == ["SKU-5"])
        #expect(second.counts.removed == 1)
        #expect(try harness.activeSKUs() == ["SKU-1", "SKU-2", "SKU-3", "SKU-4", "SKU-6"])
        // A SKU listed twice is rejected once and still names one product only.
        let third = try await harness.importFeed(feed([1, 1, 2, 3, 6]), maxErrors: 1)
        #expect(third.counts.rejected == 1)
        #expect(third.removed == ["SKU-4"])
        #expect(try harness.activeSKUs() == ["SKU-1", "SKU-2", "SKU-3", "SKU-6"])
        // A snapshot that names every active product removes none; a dry run reports what a run would remove.
        #expect(try await harness.importFeed(feed([1, 2, 3, 6])).counts.removed == 0)
        let dry = try await harness.importFeed(feed([1, 2, 3]), dryRun: true)
        #expect(dry.removed == ["SKU-6"])
        #expect(try harness.activeSKUs() == ["SKU-1", "SKU-2", "SKU-3", "SKU-6"])
    }

    @Test("a feed that would remove 90 % of the products is refused and changes nothing, unless allowed")
    func largeRemoval() async throws {
        let harness = try ImportHarness()
        try harness.addSupplier(format: "google-merchant")
        try await harness.importFeed(GoogleFeed.numbered(10))
        let before = try harness.catalogueSnapshot()
        let error = await #expect(throws: ImportError.self) { try await harness.importFeed(GoogleFeed.numbered(1, price: "12.00 GBP")) }
        #expect(error?.code == "IMPORT-LARGE-REMOVAL")
        #expect(error?.message.contains("9 of 10") == true)
        #expect(try harness.catalogueSnapshot() == before)
        #expect(try harness.runs().last?.status == .failed)
        #expect(try harness.runs().last?.report?.contains("IMPORT-LARGE-REMOVAL") == true)

        let allowed = try await harness.importFeed(GoogleFeed.numbered(1, price: "12.00 GBP"), allowLargeRemoval: true)
        #expect(allowed.counts.removed == 9)
    }

    @Test("invalid records are rejected with line, field and reason, a bad optional field is a warning; over --max-errors nothing changes")
    func rejections() async throws {
        let (harness, before) = try await ImportHarness.withThreeProducts()
        let feed = GoogleFeed.make([
            ("SKU-1", "10.00 GBP", nil), ("SKU-2", "ten pounds", nil), ("", "1.00 GBP", nil), ("", "1.00 GBP", nil),
        ])
        let error = await #expect(throws: ImportError.self) { try await harness.importFeed(feed, maxErrors: 1) }
        #expect(error?.code == "IMPORT-TOO-MANY-REJECTIONS")
        #expect(try harness.catalogueSnapshot() == before)
        let report = try #require(error?.report)
        let missing = try #require(report.rejected.first)
        #expect(missing.position.line == 4)
        #expect(missing.field == "g:id")
        #expect(missing.code == "missing-sku")
        let price = try #require(report.warnings.first)
        #expect(price.position.line == 3)
        #expect(price.field == "price")
        #expect(price.rawValue == "ten pounds")
        #expect(price.sku == "SKU-2")

        let tolerated = try await harness.importFeed(feed.replacingOccurrences(of: "<g:id></g:id>", with: "<g:id>SKU-4</g:id>"), maxErrors: 1)
        #expect(tolerated.status == "succeeded")
        #expect(tolerated.counts.rejected == 1)
        #expect(tolerated.warnings.map(\.field) == ["price"])
        let imported = try #require(try harness.product("SKU-2"))
        #expect(imported.data.price == nil)
        #expect(imported.data.currency == nil)
    }

    @Test("a duplicate SKU in one feed is rejected")
    func duplicateSKU() async throws {
        let harness = try ImportHarness()
        try harness.addSupplier(format: "google-merchant")
        let error = await #expect(throws: ImportError.self) {
            try await harness.importFeed(GoogleFeed.make([("A", "1.00 GBP", nil), ("A", "2.00 GBP", nil)]))
        }
        #expect(error?.report?.rejected.first?.code == "duplicate-sku")
        #expect(try harness.activeSKUs().isEmpty)
    }

    @Test("a dry run reports the same as the real run and writes nothing")
    func dryRun() async throws {
        let (harness, before) = try await ImportHarness.withThreeProducts()
        let feed = GoogleFeed.make([("SKU-1", "12.00 GBP", nil), ("SKU-2", "10.00 GBP", "Simmondsia Chinensis Seed Oil"), ("SKU-3", "10.00 GBP", "Simmondsia Chinensis Seed Oil"), ("SKU-9", "1.00 GBP", nil)])
        let dry = try await harness.importFeed(feed, dryRun: true)
        #expect(try harness.catalogueSnapshot() == before)
        #expect(dry.status == "dry-run")
        let real = try await harness.importFeed(feed)
        #expect(dry.counts == real.counts)
        #expect(dry.changed == real.changed)
        #expect(dry.added == real.added)
    }

    @Test("a second run while one holds the supplier's lock is refused and names the holder")
    func lock() async throws {
        let harness = try ImportHarness()
        try harness.addSupplier(format: "google-merchant")
        // A live process (this one, under another run id) holds the lock.
        try harness.database.write { db in
            try ImportLock(supplierId: "acme", runId: 41, holder: ImportLock.currentHolder).insert(db)
        }
        let error = await #expect(throws: ImportError.self) { try await harness.importFeed(GoogleFeed.numbered(2)) }
        #expect(error?.code == "IMPORT-LOCKED")
        #expect(error?.message.contains("run 41") == true)
        #expect(try harness.activeSKUs().isEmpty)
    }

    @Test("a lock left by a process that died is taken over")
    func staleLock() async throws {
        let harness = try ImportHarness()
        try harness.addSupplier(format: "google-merchant")
        try harness.database.write { db in
            try ImportLock(supplierId: "acme", runId: 41, holder: "\(ProcessInfo.processInfo.hostName):2147483000").insert(db)
        }
        #expect(try await harness.importFeed(GoogleFeed.numbered(2)).status == "succeeded")
    }

    @Test("prices with the currency before or after the amount, in any case, or without one")
    func priceForms() async throws {
        let harness = try ImportHarness()
        try harness.addSupplier(format: "google-merchant", currency: "EUR")
        try await harness.importFeed(
            GoogleFeed.make([
                ("A", "12.50 GBP", nil), ("B", "GBP 7.00", nil), ("C", "3.10 usd", nil), ("D", "  9.99  ", nil),
                ("F", "1.234,56 EUR", nil),
            ])
        )
        func price(_ sku: String) throws -> String {
            let data = try #require(try harness.product(sku)).data
            return "\(data.price ?? "-") \(data.currency ?? "-")"
        }
        #expect(try price("A") == "12.50 GBP")
        #expect(try price("B") == "7.00 GBP")
        #expect(try price("C") == "3.10 USD")
        #expect(try price("D") == "9.99 EUR")
        #expect(try price("F") == "1234.56 EUR")
    }
}
