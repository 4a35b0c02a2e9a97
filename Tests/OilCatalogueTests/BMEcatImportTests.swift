import CatalogueCore
import CatalogueStore
import Foundation
import ImporterAPI
import OilCatalogue
import Testing

@Suite("Importing BMEcat catalogues and mapped XML")
struct BMEcatImportTests {
    func sample(_ path: String) -> String { ImportHarness.samples.appending(path: path).path }

    @Test("BMEcat 2005: local names whatever the namespace, English text, features, GTIN, header currency")
    func bmecat2005() async throws {
        let harness = try ImportHarness()
        try harness.addSupplier("berger", format: "bmecat")
        let report = try await harness.importFile(sample("bmecat/catalog-2005.xml"), supplier: "berger")
        #expect(report.feedKind == .fullSnapshot)
        #expect(report.counts.added == 3)
        let jojoba = try #require(try harness.product("KB-1001", supplier: "berger"))
        #expect(jojoba.data.name == "Virgin Jojoba Oil 100 ml")
        #expect(jojoba.data.brand == "Kräuterhaus Berger")
        #expect(jojoba.data.gtin == "4012345000016")
        #expect(jojoba.data.price == "11.90")
        #expect(jojoba.data.currency == "EUR")
        #expect(jojoba.data.size == "100 ml")
        #expect(jojoba.formulations.first?.resolution.ingredientIDs == ["jojoba-oil"])
        let balm = try #require(try harness.product("KB-2040", supplier: "berger"))
        #expect(balm.data.currency == "EUR")  // from the header
        #expect(balm.data.description == "Rich balm, 50 mm² sample tin included.")
        #expect(balm.formulations.first?.resolution.ingredientIDs == [
            "sunflower-seed-oil", "shea-butter", "beeswax", "calendula-extract", "tocopherol",
        ])
    }

    @Test("BMEcat 1.2 in ISO-8859-1: ARTICLE, SUPPLIER_AID, EAN, a decimal comma")
    func bmecat12() async throws {
        let harness = try ImportHarness()
        try harness.addSupplier("olea", format: "bmecat")
        try await harness.importFile(sample("bmecat/catalog-1.2.xml"), supplier: "olea")
        let almond = try #require(try harness.product("OL-10", supplier: "olea"))
        #expect(almond.data.gtin == "4012345000030")
        #expect(almond.formulations.first?.resolution.ingredientIDs == ["sweet-almond-oil", "tocopherol"])
        let cream = try #require(try harness.product("OL-20", supplier: "olea"))
        #expect(cream.data.name == "Crème de massage neutre 500 ml")
        #expect(cream.data.price == "22.50")
        #expect(cream.formulations.first?.resolution.ingredientIDs.contains("olive-oil") == true)
    }

    @Test("T_UPDATE_PRODUCTS is a delta: updates reformulate, deletes discontinue, others stay")
    func updateProducts() async throws {
        let harness = try ImportHarness()
        try harness.addSupplier("berger", format: "bmecat")
        try await harness.importFile(sample("bmecat/catalog-2005.xml"), supplier: "berger")
        let report = try await harness.importFile(sample("bmecat/update-products-2005.xml"), supplier: "berger")
        #expect(report.feedKind == .delta)
        #expect(report.counts.changed == 1)
        #expect(report.counts.reformulated == 1)
        #expect(report.removed == ["KB-3300"])
        #expect(try harness.activeSKUs(supplier: "berger") == ["KB-1001", "KB-2040"])
        let jojoba = try #require(try harness.product("KB-1001", supplier: "berger"))
        #expect(jojoba.formulations.map(\.version) == [2, 1])
        #expect(jojoba.formulations[0].resolution.ingredientIDs == ["jojoba-oil", "lavender-oil"])
    }

    @Test("T_UPDATE_PRICES changes only prices")
    func updatePrices() async throws {
        let harness = try ImportHarness()
        try harness.addSupplier("berger", format: "bmecat")
        try await harness.importFile(sample("bmecat/catalog-2005.xml"), supplier: "berger")
        let report = try await harness.importFile(sample("bmecat/update-prices-2005.xml"), supplier: "berger")
        #expect(report.changed == [ImportReport.Change(sku: "KB-2040", fields: ["price"])])
        let balm = try #require(try harness.product("KB-2040", supplier: "berger"))
        #expect(balm.data.price == "8.90")
        #expect(balm.data.name == "Calendula Skin Balm 50 ml")
        #expect(balm.formulations.count == 1)
        #expect(try harness.activeSKUs(supplier: "berger").count == 3)
    }

    @Test("a price update for an unknown product is rejected")
    func priceForUnknownProduct() async throws {
        let harness = try ImportHarness()
        try harness.addSupplier("berger", format: "bmecat")
        let error = await #expect(throws: ImportError.self) {
            try await harness.importFile(sample("bmecat/update-prices-2005.xml"), supplier: "berger")
        }
        #expect(error?.report?.rejected.first?.code == "unknown-sku")
    }

    @Test("mapped XML: record path, attributes, nested paths and value maps")
    func mappedXML() async throws {
        let harness = try ImportHarness()
        let mapping = FeedMapping(
            record: "catalog/product",
            fields: [
                "sku": "@code", "name": "title", "brand": "maker/name", "price": "price", "currency": "price/@currency",
                "availability": "@available", "gtin": "ean", "ingredients": "composition", "productType": "category",
            ],
            values: ["availability": ["yes": "in stock", "no": "out of stock"]]
        )
        try harness.addSupplier("herbwell", format: "xml", mapping: mapping)
        let report = try await harness.importFile(sample("mapped-xml/feed.xml"), supplier: "herbwell")
        #expect(report.counts.added == 2)
        let oil = try #require(try harness.product("HW-100", supplier: "herbwell"))
        #expect(oil.data.brand == "Herbwell")
        #expect(oil.data.price == "24.00")
        #expect(oil.data.currency == "GBP")
        #expect(oil.data.availability == .inStock)
        #expect(oil.formulations.first?.resolution.propertyIDs(in: RepositoryCatalogue.taxonomy).contains("scar-care") == true)
        #expect(try harness.product("HW-200", supplier: "herbwell")?.data.availability == .outOfStock)
    }

    @Test("a mapping without a sku path is refused")
    func mappingWithoutSKU() throws {
        let mapping = FeedMapping(record: "catalog/product", fields: ["name": "title"])
        #expect(throws: FeedError.self) { try mapping.validate() }
    }
}
