@_spi(SQLite) import CatalogueStore
import ClinicServer
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("The admin page lists stale products")
struct StaleProductsPageTests {
    @Test("a product whose latest record was rejected is listed with its reason; none, no section")
    func adminListsStale() async throws {
        let harness = try await ServerHarness()
        try await harness.application.test(.router) { client in
            let before = try await client.execute(uri: "/admin", method: .get, headers: harness.headers(.admin))
            #expect(before.status == .ok)
            #expect(!before.text.contains("Stale products"))
        }
        let reason = "the supplier's latest record was rejected on 2026-11-30: line 7 (record 3), sku NAT-LAV-10, field name: the product has no name; the ingredient list may be out of date"
        try harness.database.write { db in
            try db.execute(
                sql: "UPDATE product SET staleReason = ?, staleSince = ? WHERE supplierId = 'naturalis' AND sku = 'NAT-LAV-10'",
                arguments: [reason, Date()]
            )
        }
        try await harness.application.test(.router) { client in
            let page = try await client.execute(uri: "/admin", method: .get, headers: harness.headers(.admin))
            #expect(page.status == .ok)
            #expect(page.text.contains("Stale products"))
            #expect(page.text.contains("naturalis:NAT-LAV-10"))
            #expect(page.text.contains("field name: the product has no name; the ingredient list may be out of date"))
        }
    }
}
