import Foundation
import OilCatalogue
import Testing

/// Feeds shaped like the real ones that once failed on one optional field (Fixtures/real-feed-shapes): each
/// imports with the default options, every product present, the bad field a warning and stored as absent.
@Suite("Real feed shapes import as they are")
struct RealFeedShapeTests {
    static let folder = ImportHarness.fixtures.appending(path: "real-feed-shapes")

    func importWithDefaults(_ file: String, format: String) throws -> (ImportHarness, ImportReport) {
        let harness = try ImportHarness()
        try harness.addSupplier(format: format)
        let report = try harness.importFile(Self.folder.appending(path: file).path, maxErrors: nil)
        return (harness, report)
    }

    @Test("Google Merchant: a GTIN with a wrong check digit is a warning; all five items are imported")
    func googleMerchantBadGTIN() throws {
        let (harness, report) = try importWithDefaults("google-merchant-bad-gtin.xml", format: "google-merchant")
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
    func bmecatBadGTIN() throws {
        let (harness, report) = try importWithDefaults("bmecat-2005-bad-gtin.xml", format: "bmecat")
        #expect(report.status == "succeeded")
        #expect(report.counts.added == 3)
        #expect(report.warnings.map(\.sku) == ["NW-001"])
        #expect(report.warnings.map(\.field) == ["gtin"])
        #expect(try harness.product("NW-001")?.data.gtin == nil)
        #expect(try harness.activeSKUs() == ["NW-001", "NW-002", "NW-003"])
    }
}
