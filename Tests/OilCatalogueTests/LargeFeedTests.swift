import CatalogueStore
import Foundation
import OilCatalogue
import Testing

/// Feeds longer than the queue between the feed's thread and the database: every record applied once and in feed
/// order, and a failure anywhere — in the feed or on the applying side — still changes nothing.
@Suite("Feeds larger than the read-ahead")
struct LargeFeedTests {
    static let count = 5_000

    /// A feed of `count` products whose ingredient lists vary, so the resolver has work on both threads.
    static func feed(count: Int = count, price: (Int) -> String = { _ in "10.00 GBP" }) -> String {
        let lists = ["Simmondsia Chinensis Seed Oil", "Lavandula Angustifolia Oil, Linalool", "Cocos Nucifera Oil, Parfum", "Aqua, Unknownium"]
        return GoogleFeed.make((1...count).map { ("SKU-\($0)", price($0), lists[$0 % lists.count]) })
    }

    @Test("every record of a long feed is applied, with its own ingredients")
    func everyRecord() async throws {
        let harness = try ImportHarness()
        try harness.addSupplier(format: "google-merchant")
        let report = try await harness.importFeed(Self.feed())
        let archived = try Data(contentsOf: URL(fileURLWithPath: try #require(report.archivePath)))
        #expect(archived == Data(Self.feed().utf8))
        #expect(report.counts.read == Self.count)
        #expect(report.counts.added == Self.count)
        #expect(report.counts.withUnresolvedIngredients == Self.count / 4)
        let lavender = try #require(try harness.product("SKU-4001"))
        #expect(lavender.formulations.first?.resolution.ingredientIDs.map(\.rawValue).contains("lavender-oil") == true)
        let unresolved = try #require(try harness.product("SKU-4003"))
        #expect(unresolved.formulations.first?.resolution.unresolved == ["Unknownium"])
        // Unchanged apart from one price: the applying side resolves only what it needs.
        let again = try await harness.importFeed(Self.feed(price: { $0 == 4_321 ? "11.00 GBP" : "10.00 GBP" }))
        #expect(again.counts.unchanged == Self.count - 1)
        #expect(again.counts.changed == 1)
    }

    @Test("a duplicate far down a long feed is the later record")
    func lateDuplicate() async throws {
        let harness = try ImportHarness()
        try harness.addSupplier(format: "google-merchant")
        let feed = Self.feed().replacingOccurrences(of: "<g:id>SKU-4999</g:id>", with: "<g:id>SKU-7</g:id>")
        for dryRun in [true, false] {
            let error = await #expect(throws: ImportError.self) { try await harness.importFeed(feed, dryRun: dryRun) }
            #expect(error?.code == "IMPORT-TOO-MANY-REJECTIONS")
            #expect(error?.report?.rejected.first?.position.index == 4_999)
        }
        #expect(try harness.activeSKUs().isEmpty)
    }

    @Test("malformed XML after thousands of records changes nothing")
    func lateMalformation() async throws {
        let (harness, before) = try await ImportHarness.withThreeProducts()
        let feed = Self.feed()
        let error = await #expect(throws: ImportError.self) { try await harness.importFeed(String(feed.prefix(feed.count - 200))) }
        #expect(error?.code == "IMPORT-FEED-MALFORMED-XML")
        #expect(error?.report?.counts.read ?? 0 > 4_000)
        #expect(try harness.catalogueSnapshot() == before)
    }

    @Test("too many rejections stop the feed's thread early and change nothing")
    func earlyStop() async throws {
        let (harness, before) = try await ImportHarness.withThreeProducts()
        // From record 10 on every item lacks its id: the run fails on the 11th rejection while the feed's thread is
        // far ahead, blocked on a full queue.
        let feed = GoogleFeed.make((1...20_000).map { (sku: $0 >= 10 ? "" : "SKU-\($0)", price: "10.00 GBP", ingredients: Optional("Aqua")) })
        let error = await #expect(throws: ImportError.self) { try await harness.importFeed(feed, maxErrors: 10) }
        #expect(error?.code == "IMPORT-TOO-MANY-REJECTIONS")
        #expect(error?.report?.counts.rejected == 11)
        #expect(error?.report?.counts.read ?? .max < 20_000)
        #expect(try harness.catalogueSnapshot() == before)
    }
}
