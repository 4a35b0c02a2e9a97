import CatalogueCore
import CatalogueStore
import Foundation
import OilCatalogue
import Testing
import StoreInterface

/// A rejected record never hides a change: the reformulations of the same feed are applied, and the product whose
/// record was rejected keeps its last good version but turns `unknown` (stale) until a good record arrives.
@Suite("Stale products: a rejected record never hides a change")
struct StaleProductTests {
    static let applied = Date().addingTimeInterval(-5 * 86_400)

    /// JOJOBA, LAVENDER, SUNFLOWER and 22 more (25 records: one rejection is 4 %, within the default limit).
    static func feed(jojoba: String = "Simmondsia Chinensis (Jojoba) Seed Oil") -> String {
        GoogleFeed.make(
            [
                ("JOJOBA", "10.00 GBP", jojoba), ("LAVENDER", "7.00 GBP", "Lavandula Angustifolia (Lavender) Oil"),
                ("SUNFLOWER", "5.00 GBP", "Helianthus Annuus Seed Oil"),
            ] + (1...22).map { (sku: "COCONUT-\($0)", price: "6.00 GBP", ingredients: Optional("Cocos Nucifera Oil")) }
        )
    }

    /// The feed with SUNFLOWER's title emptied: its record is rejected (a product needs a name).
    static func rejectingSunflower(_ feed: String) -> String {
        feed.replacingOccurrences(of: "<g:title>Product SUNFLOWER</g:title>", with: "<g:title></g:title>")
    }

    func verdicts(_ harness: ImportHarness, client: Int64) throws -> [String: SuitabilityVerdict] {
        let taxonomy = RepositoryCatalogue.taxonomy
        let engine = SuitabilityEngine(taxonomy: taxonomy, client: try #require(try harness.database.clientProfile(client)))
        var result: [String: SuitabilityVerdict] = [:]
        for product in try harness.database.catalogueProducts(taxonomy: taxonomy) {
            let sku = String(product.facts.reference.dropFirst("acme:".count))
            result[sku] = engine.evaluate(product.facts)
            #expect(engine.status(of: product.facts) == result[sku]?.status, "fast and full status agree for \(sku)")
        }
        return result
    }

    @Test("a client whose history was never taken is not listed as affected for the missing history alone")
    func historyNotTakenIsNotAnEffect() async throws {
        let harness = try ImportHarness()
        try harness.addSupplier(format: "google-merchant")
        try await harness.importFeed(Self.feed(jojoba: "Simmondsia Chinensis (Jojoba) Seed Oil, Unobtainium Extract"), maxErrors: nil)
        let untaken = try harness.database.addClient(name: "New", conditions: [], note: nil, actor: "test")
        let allergic = try harness.database.addClient(name: "Lin", conditions: [], note: nil, actor: "test")
        _ = try harness.database.addAllergy(
            client: allergic, target: try #require(RepositoryCatalogue.taxonomy.allergyTarget(named: "linalool")), enteredName: "linalool",
            source: .dermatologist, note: nil, actor: "test"
        )
        #expect(try verdicts(harness, client: untaken)["JOJOBA"]?.status == .unknown)
        // The unknown name is gone and lavender is in: the allergic client is affected; the other is only a caution
        // for want of a history, as every product is for them.
        let report = try await harness.importFeed(Self.feed(jojoba: "Simmondsia Chinensis (Jojoba) Seed Oil, Lavandula Angustifolia Oil"), maxErrors: nil)
        #expect(report.counts.reformulated == 1)
        #expect(try verdicts(harness, client: untaken)["JOJOBA"]?.status == .caution)
        #expect(report.affected.map(\.client) == [allergic])
    }

    @Test("the reformulation is applied and its client listed; the rejected product turns unknown with its reason, then comes back")
    func rejectedRecordMarksStale() async throws {
        let harness = try ImportHarness()
        try harness.addSupplier(format: "google-merchant")
        try await harness.importFeed(Self.feed(), maxErrors: nil)
        let client = try harness.database.addClient(name: "Ada", conditions: [], note: nil, actor: "test")
        _ = try harness.database.recordIntakeReview(client: client, note: nil, actor: "test")  // history taken: nothing to report
        let patchTest = try harness.database.applyPatchTest(
            client: client, supplier: "acme", sku: "LAVENDER", site: "inner forearm", concentration: "2%", carrier: nil,
            occluded: true, at: Self.applied, actor: "test"
        )
        _ = try harness.database.recordReading(
            test: patchTest, result: .strongPositive, at: Self.applied.addingTimeInterval(72 * 3600), relevance: .current, actor: "test"
        )
        #expect(try verdicts(harness, client: client)["JOJOBA"]?.status == .safe)
        #expect(try verdicts(harness, client: client)["SUNFLOWER"]?.status == .safe)

        // The supplier reformulates JOJOBA with lavender; the same feed's SUNFLOWER record is broken.
        let reformulated = Self.feed(jojoba: "Simmondsia Chinensis (Jojoba) Seed Oil, Lavandula Angustifolia Oil")
        let report = try await harness.importFeed(Self.rejectingSunflower(reformulated), maxErrors: nil)
        #expect(report.status == "succeeded")
        #expect(report.counts.rejected == 1)
        #expect(report.counts.reformulated == 1)
        #expect(report.affected.map(\.client) == [client])
        #expect(report.affected.first?.product == "acme:JOJOBA")
        #expect(report.stale == ["SUNFLOWER"])
        #expect(report.counts.removed == 0)

        let after = try verdicts(harness, client: client)
        #expect(after["JOJOBA"]?.status == .blocked)
        let sunflower = try #require(after["SUNFLOWER"])
        #expect(sunflower.status == .unknown)
        let reason = try #require(sunflower.reasons.first)
        #expect(reason.contains("the supplier's latest record was rejected on "))
        #expect(reason.contains("line 4") && reason.contains("field name"))
        #expect(reason.contains("the ingredient list may be out of date"))
        #expect(try harness.activeSKUs().contains("SUNFLOWER"))
        let stale = try await harness.database.staleProducts()
        #expect(stale.map(\.reference) == ["acme:SUNFLOWER"])
        #expect(try harness.product("SUNFLOWER")?.data.name == "Product SUNFLOWER")

        // The same feed again (not parsed: unchanged), then rejected once more in a changed feed: still stale,
        // never discontinued.
        #expect(try await harness.importFeed(Self.rejectingSunflower(reformulated), maxErrors: nil).status == "unchanged")
        let again = try await harness.importFeed(
            Self.rejectingSunflower(reformulated).replacingOccurrences(of: "<g:price>7.00 GBP", with: "<g:price>7.50 GBP"), maxErrors: nil
        )
        #expect(again.stale == ["SUNFLOWER"])
        #expect(try verdicts(harness, client: client)["SUNFLOWER"]?.status == .unknown)
        #expect(try harness.activeSKUs().contains("SUNFLOWER"))

        // A good record arrives: current again, with the verdict it had.
        let good = try await harness.importFeed(reformulated, maxErrors: nil)
        #expect(good.stale == nil)
        #expect(good.changed.first { $0.sku == "SUNFLOWER" }?.fields == ["stale"])
        #expect(try verdicts(harness, client: client)["SUNFLOWER"]?.status == .safe)
        #expect(try await harness.database.staleProducts().isEmpty)
    }

    @Test("a dry run reports the product that would turn stale and marks nothing")
    func dryRunMarksNothing() async throws {
        let harness = try ImportHarness()
        try harness.addSupplier(format: "google-merchant")
        try await harness.importFeed(Self.feed(), maxErrors: nil)
        let report = try await harness.importFeed(Self.rejectingSunflower(Self.feed()), dryRun: true, maxErrors: nil)
        #expect(report.stale == ["SUNFLOWER"])
        #expect(try await harness.database.staleProducts().isEmpty)
    }

    @Test("a record with no readable key keeps the products the feed left out: stale, not discontinued, until a clean feed")
    func unreadableKeyKeepsAbsentProducts() async throws {
        let harness = try ImportHarness()
        try harness.addSupplier(format: "google-merchant")
        try await harness.importFeed(Self.feed(), maxErrors: nil)
        let client = try harness.database.addClient(name: "Ada", conditions: [], note: nil, actor: "test")
        _ = try harness.database.recordIntakeReview(client: client, note: nil, actor: "test")  // history taken: nothing to report
        #expect(try verdicts(harness, client: client)["SUNFLOWER"]?.status == .safe)

        // SUNFLOWER's item lost its id: the feed no longer names it, and the broken item may be it.
        let broken = Self.feed().replacingOccurrences(of: "<g:id>SUNFLOWER</g:id>", with: "<g:id></g:id>")
        #expect(broken != Self.feed())
        let report = try await harness.importFeed(broken, maxErrors: nil)
        #expect(report.status == "succeeded" && report.counts.rejected == 1)
        #expect(report.counts.removed == 0)
        #expect(report.stale == ["SUNFLOWER"])
        #expect(report.warnings.contains { $0.code == "absent-kept" })
        let sunflower = try #require(try verdicts(harness, client: client)["SUNFLOWER"])
        #expect(sunflower.status == .unknown)
        #expect(sunflower.reasons.contains { $0.contains("cannot be told apart") && $0.contains("not known to be safe") })
        #expect(try harness.activeSKUs().contains("SUNFLOWER"))

        // A dry run says the same and changes nothing; a clean feed that leaves it out discontinues it.
        let dry = try await harness.importFeed(broken, dryRun: true, maxErrors: nil)
        #expect(dry.counts.removed == 0 && dry.stale == ["SUNFLOWER"])
        let without = GoogleFeed.make(
            [("JOJOBA", "10.00 GBP", "Simmondsia Chinensis (Jojoba) Seed Oil"), ("LAVENDER", "7.00 GBP", "Lavandula Angustifolia (Lavender) Oil")]
                + (1...22).map { (sku: "COCONUT-\($0)", price: "6.00 GBP", ingredients: Optional("Cocos Nucifera Oil")) }
        )
        let clean = try await harness.importFeed(without, maxErrors: nil)
        #expect(clean.counts.removed == 1 && clean.stale == nil)
        #expect(try !harness.activeSKUs().contains("SUNFLOWER"))
    }
}
