@_spi(SQLite) import CatalogueStore
import ClinicServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Issue 21, finding 3, through the web API: a reading stamped in the future is refused, so it cannot finalise a
/// test minutes after the patch went on.
@Suite struct FutureReadingAPITests {
    @Test func aReadingInTheFutureIsRefused() async throws {
        let harness = try await ServerHarness()
        let jojobaTest = try #require(try harness.database.read { db in
            try Int64.fetchOne(db, sql: "SELECT pt.id FROM patchTest pt JOIN product p ON p.id = pt.productId WHERE p.sku = 'NAT-JOJ-100'")
        })
        try await harness.application.test(.router) { client in
            let therapist = harness.headers(.therapist, json: true)
            let ahead = ISO8601DateFormatter().string(from: Date().addingTimeInterval(3 * 86_400))
            let reading = try await client.execute(
                uri: "/api/v1/patch-tests/\(jojobaTest)/readings", method: .post, headers: therapist,
                body: ByteBuffer(string: "{\"result\": \"negative\", \"read_at\": \"\(ahead)\"}")
            )
            #expect(reading.status == .unprocessableContent)
            #expect(reading.text.contains("CLINIC-TIME-FUTURE"))
            #expect(reading.text.contains("is in the future"))
            let list = try await client.execute(
                uri: "/api/v1/clients/\(harness.client)/safe-oils?include_blocked=true&limit=1000", method: .get, headers: therapist
            )
            let object = try JSONSerialization.jsonObject(with: Data(list.text.utf8)) as? [String: Any]
            let rows = object?["products"] as? [[String: Any]] ?? []
            // Still not finally read (jojoba is blocked anyway: the ++ blend contains it).
            let jojoba = rows.first { $0["product"] as? String == "naturalis:NAT-JOJ-100" }
            #expect((jojoba?["reasons"] as? [String])?.contains { $0.hasPrefix("pending: patch test \(jojobaTest) ") } == true)
            #expect(try harness.database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM patchTestReading WHERE patchTestId = ?", arguments: [jojobaTest]) } == 0)
        }
    }
}
