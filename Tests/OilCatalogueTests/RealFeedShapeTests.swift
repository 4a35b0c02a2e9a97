import Foundation
import OilCatalogue
import Testing

/// Feeds shaped like the real ones that once failed on one optional field (Fixtures/real-feed-shapes): each
/// imports with the default options, every product present, the bad field a warning and stored as absent.
@Suite("Real feed shapes import as they are")
struct RealFeedShapeTests {
    static let folder = ImportHarness.fixtures.appending(path: "real-feed-shapes")

    func importWithDefaults(_ file: String, format: String) async throws -> (ImportHarness, ImportReport) {
        let harness = try ImportHarness()
        try harness.addSupplier(format: format)
        let report = try await harness.importFile(Self.folder.appending(path: file).path, maxErrors: nil)
        return (harness, report)
    }

    @Test("Google Merchant: a GTIN with a wrong check digit is a warning; all five items are imported")
    func googleMerchantBadGTIN() async throws {
        let (harness, report) = try await importWithDefaults("google-merchant-bad-gtin.xml", format: "google-merchant")
        #expect(report.status == "succeeded")
        #expect(report.counts.added == 5)
        #expect(report.counts.rejected == 0)
        let warning = try #require(report.warnings.first)
        #expect(report.warnings.count == 1)
        #expect((warning.sku, warning.field, warning.rawValue, warning.code) == ("HT-102", "gtin", "5012345000030", "invalid-gtin"))
        #expect(warning.position.line == 27)
        let product = try #require(try harness.product("HT-102"))
        #expect(product.data.gtin == nil)
        #expect(product.data.price == "9.80")
        #expect(try harness.product("HT-101")?.data.gtin == "5012345000022")
    }

    @Test("BMEcat 2005: the first product's EAN fails the check; the catalogue imports, the EAN a warning")
    func bmecatBadGTIN() async throws {
        let (harness, report) = try await importWithDefaults("bmecat-2005-bad-gtin.xml", format: "bmecat")
        #expect(report.status == "succeeded")
        #expect(report.counts.added == 3)
        #expect(report.warnings.map(\.sku) == ["NW-001"])
        #expect(report.warnings.map(\.field) == ["gtin"])
        #expect(try harness.product("NW-001")?.data.gtin == nil)
        #expect(try harness.activeSKUs() == ["NW-001", "NW-002", "NW-003"])
    }

    @Test("Shopify without a currency, with repeated and empty SKUs: every variant imported by its id, prices without currency as warnings")
    func shopifyNoCurrency() async throws {
        let (harness, report) = try await importWithDefaults("shopify-no-currency.json", format: "shopify")
        #expect(report.status == "succeeded")
        #expect(report.counts.added == 5)
        #expect(report.counts.rejected == 0)
        #expect(report.warnings.count == 5)
        #expect(Set(report.warnings.map(\.code)) == ["missing-currency"])
        #expect(try harness.activeSKUs() == ["39900101", "39900102", "39900201", "39900202", "39900301"])
        let large = try #require(try harness.product("39900102"))
        #expect(large.data.price == "19.00")
        #expect(large.data.currency == nil)
        #expect(large.data.tags == ["carrier", "massage", "sku:ALMOND"])
        #expect(try harness.product("39900201")?.data.tags == ["essential oil"])
    }

    @Test("a supplier keyed by SKU moves to variant ids keeping each product and its history")
    func shopifySKUToVariantKeys() async throws {
        let harness = try ImportHarness()
        try harness.addSupplier(format: "ndjson", currency: "GBP")
        // The catalogue as an older import keyed it: by SKU.
        let legacy = """
            {"sku": "ALMOND", "name": "Sweet Almond Oil – 100 ml", "price": "6.50", "ingredients": "Prunus Amygdalus Dulcis Oil"}
            {"sku": "ARN-50", "name": "Arnica Balm", "price": "12.40", "ingredients": "Helianthus Annuus Seed Oil, Cera Alba"}
            """
        try await harness.importFeed(legacy, name: "legacy.ndjson")
        let almondBefore = try #require(try harness.product("ALMOND"))
        let arnicaBefore = try #require(try harness.product("ARN-50"))
        try #require(try harness.database.updateSupplier(id: "acme", actor: "test") { $0.format = "shopify" } != nil)

        let report = try await harness.importFile(Self.folder.appending(path: "shopify-no-currency.json").path, maxErrors: nil)
        #expect(report.status == "succeeded")
        #expect(report.counts.removed == 0)
        #expect(report.counts.added == 3)
        #expect(report.counts.changed == 2)
        #expect(report.warnings.filter { $0.code == "rekeyed" }.map(\.rawValue) == ["ALMOND", "ARN-50"])
        #expect(try harness.product("ALMOND") == nil)
        let almond = try #require(try harness.product("39900101"))
        #expect(almond.formulations.count == almondBefore.formulations.count)
        let arnica = try #require(try harness.product("39900301"))
        // The list grew an ingredient: a second version, the first kept.
        #expect(arnica.formulations.count == arnicaBefore.formulations.count + 1)
        #expect(try harness.activeSKUs() == ["39900101", "39900102", "39900201", "39900202", "39900301"])
    }

    @Test("a dry run of the move reports what the run then does, a variant id met twice included")
    func dryRunOfTheMoveMatchesTheRun() async throws {
        let harness = try ImportHarness()
        try harness.addSupplier(format: "ndjson", currency: "GBP")
        try await harness.importFeed(
            #"{"sku": "ALMOND", "name": "Sweet Almond Oil", "price": "6.50", "ingredients": "Prunus Amygdalus Dulcis Oil"}"#,
            name: "legacy.ndjson"
        )
        try #require(try harness.database.updateSupplier(id: "acme", actor: "test") { $0.format = "shopify" } != nil)
        // The first variant takes the product over from its SKU; the second repeats the variant id.
        let feed = """
            {"products": [{"id": 1, "title": "Sweet Almond Oil", "body_html": "Ingredients: Prunus Amygdalus Dulcis Oil",
              "variants": [{"id": 7001, "sku": "ALMOND", "price": "6.50"}, {"id": 7001, "sku": "ALMOND", "price": "6.90"}]}]}
            """
        let dry = try await harness.importFeed(feed, name: "products.json", dryRun: true, maxErrors: 1)
        let real = try await harness.importFeed(feed, name: "products.json", maxErrors: 1)
        #expect(real.counts.rejected == 1 && real.rejected.first?.code == "duplicate-sku")
        for report in [dry, real] {
            #expect(report.counts.added == 0 && report.counts.removed == 0 && report.counts.rejected == 1)
            #expect(report.warnings.filter { $0.code == "rekeyed" }.map(\.rawValue) == ["ALMOND"])
        }
        #expect(dry.counts.changed == real.counts.changed && dry.counts.unchanged == real.counts.unchanged)
        #expect(try harness.activeSKUs() == ["7001"])
    }
}
