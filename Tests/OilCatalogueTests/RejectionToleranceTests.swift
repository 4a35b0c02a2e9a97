import Foundation
import OilCatalogue
import Testing

/// The default tolerance: a run applies when at most 5 % of its records are rejected; `--max-errors` and
/// `--max-rejected-percent` override it, and 0 keeps any rejection fatal.
@Suite("Rejected records: the default tolerance and its overrides")
struct RejectionToleranceTests {
    /// `good` valid items and `bad` items without a g:id.
    static func feed(good: Int, bad: Int) -> String {
        let items = (1...good).map { (sku: "SKU-\($0)", price: "10.00 GBP", ingredients: Optional("Simmondsia Chinensis Seed Oil")) }
            + (0..<bad).map { _ in (sku: "", price: "10.00 GBP", ingredients: Optional("Aqua")) }
        return GoogleFeed.make(items)
    }

    @Test("one record in 25 rejected (4 %): the run applies with the default limits, the rejection reported")
    func withinDefault() async throws {
        let harness = try ImportHarness()
        try harness.addSupplier(format: "google-merchant")
        let report = try await harness.importFeed(Self.feed(good: 24, bad: 1), maxErrors: nil)
        #expect(report.status == "succeeded")
        #expect(report.counts.added == 24)
        #expect(report.counts.rejected == 1)
        #expect(report.rejected.first?.code == "missing-sku")
    }

    @Test("two records in 10 rejected (20 %): nothing changes, and the error names the limit it hit")
    func overDefault() async throws {
        let (harness, before) = try await ImportHarness.withThreeProducts()
        let feed = Self.feed(good: 8, bad: 2)
        let error = await #expect(throws: ImportError.self) { try await harness.importFeed(feed, maxErrors: nil) }
        #expect(error?.code == "IMPORT-TOO-MANY-REJECTIONS")
        #expect(error?.message.contains("2 of 10 records rejected (20 %), more than --max-rejected-percent 5") == true)
        #expect(try harness.catalogueSnapshot() == before)
        let allowed = try await harness.importFeed(feed, maxErrors: nil, maxRejectedPercent: 25)
        #expect(allowed.status == "succeeded")
        #expect(allowed.counts.added == 5)  // SKU-1 to SKU-3 were there already
        #expect(try harness.activeSKUs().count == 8)
    }

    @Test("--max-errors 0 or --max-rejected-percent 0 keeps any rejection fatal; --max-errors alone replaces the share")
    func strict() async throws {
        let harness = try ImportHarness()
        try harness.addSupplier(format: "google-merchant")
        let feed = Self.feed(good: 24, bad: 1)
        let byCount = await #expect(throws: ImportError.self) { try await harness.importFeed(feed, maxErrors: 0) }
        #expect(byCount?.message.contains("more than --max-errors 0") == true)
        let byShare = await #expect(throws: ImportError.self) { try await harness.importFeed(feed, maxErrors: nil, maxRejectedPercent: 0) }
        #expect(byShare?.message.contains("more than --max-rejected-percent 0") == true)
        #expect(try harness.activeSKUs().isEmpty)
        let counted = try await harness.importFeed(Self.feed(good: 8, bad: 2), maxErrors: 2)
        #expect(counted.counts.added == 8)
    }
}
