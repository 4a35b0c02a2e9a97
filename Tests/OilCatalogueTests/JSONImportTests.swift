import CatalogueCore
@_spi(SQLite) import CatalogueStore
import Foundation
import ImporterAPI
import OilCatalogue
import Testing

@Suite("Importing JSON feeds: Shopify, schema.org, NDJSON, mapped JSON")
struct JSONImportTests {
    func sample(_ path: String) -> String { ImportHarness.samples.appending(path: path).path }

    @Test("Shopify: one record per variant keyed by its id, ingredients from body_html, tags as string or array, supplier currency")
    func shopify() async throws {
        let harness = try ImportHarness()
        try harness.addSupplier("bloom", format: "shopify", currency: "GBP")
        let report = try await harness.importFile(sample("shopify/products.json"), supplier: "bloom")
        #expect(report.counts.added == 3)
        let calm = try #require(try harness.product("44810001", supplier: "bloom"))
        #expect(calm.data.name == "Calm Skin Massage Oil – 100 ml")
        #expect(calm.data.brand == "Bloom & Balm")
        #expect(calm.data.price == "14.00")
        #expect(calm.data.currency == "GBP")
        #expect(calm.data.availability == .inStock)
        #expect(calm.data.gtin == "5012345000107")
        #expect(calm.data.tags == ["massage", "calming", "psoriasis-friendly", "sku:BB-CALM-100"])
        #expect(calm.formulations.first?.resolution.ingredientIDs == ["jojoba-oil", "sunflower-seed-oil", "german-chamomile-oil", "lavender-oil"])
        #expect(try harness.product("44810002", supplier: "bloom")?.data.availability == .outOfStock)
        let coconut = try #require(try harness.product("44810003", supplier: "bloom"))
        #expect(coconut.data.name == "Fractionated Coconut Oil")
        #expect(coconut.data.tags == ["carrier", "light", "sku:BB-FCO-500"])
        #expect(coconut.data.availability == .inStock)
        #expect(coconut.formulations.first?.resolution.ingredientIDs == ["fractionated-coconut-oil"])
    }

    @Test("Shopify as a bare array; without a currency the price is stored without one, with a warning")
    func shopifyBareArrayAndCurrency() async throws {
        let harness = try ImportHarness()
        try harness.addSupplier("bloom", format: "shopify")
        let feed = #"[{"title":"Jojoba","handle":"j","body_html":"","variants":[{"id":901,"sku":"J1","price":"5.00","available":true}]}]"#
        let report = try await harness.importFeed(feed, supplier: "bloom", name: "p.json")
        #expect(report.counts.added == 1)
        #expect(report.counts.rejected == 0)
        #expect(report.warnings.first?.code == "missing-currency")
        #expect(try harness.product("901", supplier: "bloom")?.data.price == "5.00")
        #expect(try harness.product("901", supplier: "bloom")?.data.currency == nil)
        try harness.database.write { try $0.execute(sql: "UPDATE supplier SET currency = 'EUR'") }
        #expect(try await harness.importFeed(feed, supplier: "bloom", name: "p.json").counts.changed == 1)
        #expect(try harness.product("901", supplier: "bloom")?.data.currency == "EUR")
    }

    @Test("schema.org: a Product inside an HTML page, with additionalProperty ingredients")
    func schemaOrgPage() async throws {
        let harness = try ImportHarness()
        try harness.addSupplier("verde", format: "schema-org")
        let report = try await harness.importFile(sample("schema-org/product-page.html"), supplier: "verde")
        #expect(report.feedKind == .delta)
        let serum = try #require(try harness.product("VB-ROSE-30", supplier: "verde"))
        #expect(serum.data.brand == "Verde Botanicals")
        #expect(serum.data.price == "19.90")
        #expect(serum.data.currency == "EUR")
        #expect(serum.data.availability == .inStock)
        #expect(serum.data.url == "https://verde.example/rosehip-scar-serum")
        #expect(serum.formulations.first?.resolution.ingredientIDs == ["rosehip-oil", "jojoba-oil", "helichrysum-oil", "tocopherol"])
    }

    @Test("schema.org: @graph with an ItemList; a page never removes other products")
    func schemaOrgGraph() async throws {
        let harness = try ImportHarness()
        try harness.addSupplier("verde", format: "schema-org")
        try await harness.importFile(sample("schema-org/product-page.html"), supplier: "verde")
        let report = try await harness.importFile(sample("schema-org/catalog.jsonld"), supplier: "verde")
        #expect(report.counts.added == 2)
        #expect(report.counts.removed == 0)
        #expect(try harness.activeSKUs(supplier: "verde") == ["VB-ARG-50", "VB-ROSE-30", "VB-TT-10"])
        let argan = try #require(try harness.product("VB-ARG-50", supplier: "verde"))
        #expect(argan.data.price == "16.5")
        #expect(argan.data.availability == .outOfStock)
        #expect(try harness.product("VB-TT-10", supplier: "verde")?.formulations.first?.resolution.ingredientIDs == ["tea-tree-oil"])
    }

    @Test("NDJSON: one product per line; a broken line is rejected with its line number")
    func ndjson() async throws {
        let harness = try ImportHarness()
        try harness.addSupplier("aroma", format: "ndjson")
        let report = try await harness.importFile(sample("ndjson/feed.ndjson"), supplier: "aroma")
        #expect(report.counts.added == 4)
        #expect(try harness.product("AP-003", supplier: "aroma")?.data.availability == .backorder)
        #expect(try harness.product("AP-004", supplier: "aroma")?.formulations.first?.resolution.propertyIDs(in: RepositoryCatalogue.taxonomy).contains("warming") == true)

        let broken = "{\"sku\":\"A\",\"name\":\"x\"}\n{\"sku\":\"B\",\"name\":\"y\",}\n"
        let error = await #expect(throws: ImportError.self) { try await harness.importFeed(broken, supplier: "aroma", name: "b.ndjson") }
        let rejection = try #require(error?.report?.rejected.first)
        #expect(rejection.position.line == 2)
        #expect(rejection.code == "malformed-json")
    }

    @Test("mapped JSON: records array path, nested fields, an array of ingredients, value maps")
    func mappedJSON() async throws {
        let harness = try ImportHarness()
        let mapping = FeedMapping(
            record: "data.items",
            fields: [
                "sku": "id", "name": "label", "brand": "maker", "price": "pricing.amount", "currency": "pricing.currency",
                "availability": "stock.status", "ingredients": "inci",
            ],
            values: ["availability": ["available": "in stock", "sold out": "out of stock"]]
        )
        try harness.addSupplier("oleum", format: "json", mapping: mapping)
        try await harness.importFile(sample("mapped-json/feed.json"), supplier: "oleum")
        let grapeseed = try #require(try harness.product("OT-55", supplier: "oleum"))
        #expect(grapeseed.data.price == "7.90")
        #expect(grapeseed.data.availability == .inStock)
        #expect(grapeseed.formulations.first?.ingredientText == "Vitis Vinifera Seed Oil, Tocopherol")
        #expect(try harness.product("OT-56", supplier: "oleum")?.data.availability == .outOfStock)
    }

    @Test("malformed and trailing-comma JSON fail with their line, and change nothing")
    func malformed() async throws {
        let harness = try ImportHarness()
        try harness.addSupplier("bloom", format: "shopify", currency: "GBP")
        try await harness.importFile(sample("shopify/products.json"), supplier: "bloom")
        let before = try harness.catalogueSnapshot()
        let text = try String(contentsOfFile: sample("shopify/products.json"), encoding: .utf8)
        let trailing = text.replacingOccurrences(of: "\"available\": false}", with: "\"available\": false},")
        let error = await #expect(throws: ImportError.self) { try await harness.importFeed(trailing, supplier: "bloom", name: "p.json") }
        #expect(error?.code == "IMPORT-FEED-MALFORMED-JSON")
        #expect(error?.message.contains("line 14") == true, "\(error?.message ?? "")")
        #expect(try harness.catalogueSnapshot() == before)
        let truncated = String(text.prefix(text.count / 2))
        await #expect(throws: ImportError.self) { try await harness.importFeed(truncated, supplier: "bloom", name: "p.json") }
        #expect(try harness.catalogueSnapshot() == before)
        await #expect(throws: ImportError.self) { try await harness.importFeed("{\"products\": []}", supplier: "bloom", name: "p.json") }
        #expect(try harness.catalogueSnapshot() == before)
    }

    @Test("the registry recognises each sample's format from its first bytes")
    func recognition() throws {
        let cases: [(String, String)] = [
            ("google-merchant/feed.xml", "google-merchant"), ("bmecat/catalog-2005.xml", "bmecat"),
            ("bmecat/catalog-1.2.xml", "bmecat"), ("shopify/products.json", "shopify"),
            ("schema-org/product-page.html", "schema-org"), ("schema-org/catalog.jsonld", "schema-org"),
            ("ndjson/feed.ndjson", "ndjson"),
        ]
        for (path, format) in cases {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: sample(path))).prefix(4096))
            let importer = BuiltInImporters.registry.recognise(FeedHead(bytes: bytes, name: path))
            #expect(importer?.descriptor.identifier == format, "\(path)")
        }
    }
}
