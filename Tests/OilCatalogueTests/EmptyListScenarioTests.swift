import CatalogueCore
import CatalogueStore
import Foundation
import OilCatalogue
import Testing
import StoreInterface

/// A supplier's ingredient list that is only punctuation, brackets or a note names nothing the product holds.
@Suite("An ingredient list that names no ingredient")
struct EmptyListScenarioTests {
    static let lists = ["-", ".", "*", "()", "—", "[ ]", "*May contain traces", ", ,", "· ·"]

    @Test("is not known to be safe: unknown with its reason, on the fast path and the full check alike, for reception too")
    func unknown() async throws {
        let harness = try ImportHarness()
        try harness.addSupplier(format: "ndjson", currency: "GBP")
        var lines = Self.lists.enumerated().map { index, list in
            #"{"sku": "E-\#(index)", "name": "Oil \#(index)", "price": "5.00", "ingredients": \#(Self.quoted(list))}"#
        }
        lines.append(#"{"sku": "JOJOBA", "name": "Jojoba", "price": "5.00", "ingredients": "Simmondsia Chinensis Seed Oil"}"#)
        let report = try await harness.importFeed(lines.joined(separator: "\n"), name: "feed.ndjson")
        #expect(report.counts.added == Self.lists.count + 1)

        let taxonomy = RepositoryCatalogue.taxonomy
        let client = try harness.database.addClient(name: "Grace", conditions: [], note: nil, actor: "test")
        _ = try harness.database.recordIntakeReview(client: client, note: nil, actor: "test")  // history taken: nothing to report
        let profile = try #require(try harness.database.clientProfile(client))
        let engine = SuitabilityEngine(taxonomy: taxonomy, client: profile)
        var seen = 0
        for product in try await harness.database.catalogueProducts(taxonomy: taxonomy) {
            let verdict = engine.evaluate(product.facts)
            if product.facts.reference == "acme:JOJOBA" {
                #expect(verdict.status == .safe)
                continue
            }
            seen += 1
            #expect(verdict.status == .unknown, "\(product.facts.reference)")
            #expect(verdict.reasons.contains("unknown: the supplier's ingredient list names no ingredient; not known to be safe"))
            #expect(engine.status(of: product.facts.key) == .unknown, "fast path for \(product.facts.reference)")
        }
        #expect(seen == Self.lists.count)
        let (rows, _) = try await SuitabilityListing.rows(
            taxonomy: taxonomy, fingerprint: "scenario", client: profile, database: harness.database, properties: [], stock: [:],
            checksStock: false, includeBlocked: true, limit: nil
        )
        #expect(rows.filter { $0.status == "safe" }.map(\.product) == ["acme:JOJOBA"])
        #expect(rows.filter { $0.receptionVerdict == .suitable }.map(\.product) == ["acme:JOJOBA"])
    }

    static func quoted(_ text: String) -> String {
        String(decoding: try! JSONEncoder().encode(text), as: UTF8.self)
    }
}
