@_spi(SQLite) import CatalogueStore
import ClinicServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OilCatalogue
import Testing
import Yams

@Suite struct APIJourneyTests {
    /// Every API route is in the OpenAPI document with its method, and the document names no route that does not
    /// exist.
    @Test func theOpenAPIDocumentDescribesEveryRoute() async throws {
        let harness = try await ServerHarness()
        try await harness.application.test(.router) { client in
            let response = try await client.execute(uri: "/openapi.yaml", method: .get, headers: harness.headers(.reception))
            #expect(response.status == .ok)
            let document = try #require(try Yams.load(yaml: response.text) as? [String: Any])
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            let documented = Set(paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) \(path)" } })
            let served = Set(harness.routes.filter(\.isAPI).map { "\($0.method) \($0.path)" } + ["GET /health"])
            #expect(documented == served, "only documented: \(documented.subtracting(served).sorted()); only served: \(served.subtracting(documented).sorted())")
        }
    }

    /// The admin's queue of unresolved names: listed with their products; an alias resolves them at once and the
    /// list follows; the page shows the queue.
    @Test func anAliasEmptiesTheQueue() async throws {
        let harness = try await ServerHarness()
        try await harness.application.test(.router) { client in
            let admin = harness.headers(.admin, json: true)
            let queue = try await client.execute(uri: "/api/v1/label-queue", method: .get, headers: admin)
            #expect(queue.status == .ok)
            #expect(queue.text.contains("\"spelling\":\"Unobtainium Extract\""))
            let page = try await client.execute(uri: "/admin/labels", method: .get, headers: harness.headers(.admin))
            #expect(page.status == .ok)
            #expect(visibleText(page.text).contains("Unobtainium Extract"))
            let refused = try await client.execute(
                uri: "/api/v1/label-aliases", method: .post, headers: admin, body: ByteBuffer(string: "{\"spelling\": \"Glycerin\", \"mixture\": true}")
            )
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("ALIAS-RESOLVES"))
            let added = try await client.execute(
                uri: "/api/v1/label-aliases", method: .post, headers: admin,
                body: ByteBuffer(string: "{\"spelling\": \"Unobtainium Extract\", \"ingredient\": \"Butylene Glycol\"}")
            )
            #expect(added.status == .created, "\(added.text)")
            #expect(added.text.contains("naturalis:NAT-MYST-50"))
            let after = try await client.execute(uri: "/api/v1/label-queue", method: .get, headers: admin)
            #expect(!after.text.contains("Unobtainium"))
            let therapist = harness.headers(.therapist, json: true)
            let list = try await client.execute(uri: "/api/v1/clients/\(harness.client)/safe-oils?include_blocked=true&limit=1000", method: .get, headers: therapist)
            #expect(!list.text.contains("Unobtainium Extract' is not in the reference catalogue"))
        }
    }

    /// Once another oilcat has read the catalogue with other reference data, this server judges nothing with its
    /// own and changes no reading: lists, reports and aliases answer 409 until it is restarted.
    @Test func aServerWithOtherReferenceDataRefuses() async throws {
        let harness = try await ServerHarness()
        try harness.database.write { db in
            try db.execute(sql: "UPDATE catalogueRevision SET readWith = 'newer-data' WHERE id = 1")
        }
        try await harness.application.test(.router) { client in
            let therapist = harness.headers(.therapist, json: true)
            let list = try await client.execute(uri: "/api/v1/clients/\(harness.client)/safe-oils", method: .get, headers: therapist)
            #expect(list.status == .conflict)
            #expect(list.text.contains("REFERENCE-DATA-CHANGED"))
            let alias = try await client.execute(
                uri: "/api/v1/label-aliases", method: .post, headers: harness.headers(.admin, json: true),
                body: ByteBuffer(string: "{\"spelling\": \"Unobtainium Extract\", \"mixture\": true}")
            )
            #expect(alias.status == .conflict)
            #expect(try harness.database.labelAliases().isEmpty)
        }
    }

    /// An import that first read the catalogue again with changed reference data shows that on its run page.
    @Test func aRunPageShowsTheCatalogueReadAgain() async throws {
        let harness = try await ServerHarness()
        // As if the catalogue had last been read with other data this server has never used.
        try harness.database.write { db in
            try db.execute(sql: "UPDATE catalogueRevision SET readWith = 'other-data' WHERE id = 1")
            try db.execute(sql: "DELETE FROM referenceDataReading")
        }
        let runner = ImportRunner(database: harness.database, taxonomy: harness.services.taxonomy, taxonomyFingerprint: harness.services.fingerprint)
        let report = try await runner.run(ImportRequest(supplier: "naturalis", feed: nil, archiveFolder: harness.folder.appending(path: "feeds")))
        let reread = try #require(report.reread)
        #expect(reread.read > 0 && reread.changed == 0)
        try await harness.application.test(.router) { client in
            let page = try await client.execute(uri: "/admin/imports/\(try #require(report.runId))", method: .get, headers: harness.headers(.admin))
            #expect(page.status == .ok)
            let text = visibleText(page.text)
            #expect(text.contains("Read again with the changed reference data"))
            #expect(text.contains("\(reread.read) product(s) read again, 0 now read differently"))
        }
    }

    /// The therapist's journey through the API: a client, a patch test, a ++ reading, and the list that follows it.
    @Test func aReadingChangesTheListAtOnce() async throws {
        let harness = try await ServerHarness()
        try await harness.application.test(.router) { client in
            let therapist = harness.headers(.therapist, json: true)
            let created = try await client.execute(uri: "/api/v1/clients", method: .post, headers: therapist, body: ByteBuffer(string: "{\"name\": \"Grace\"}"))
            #expect(created.status == .created)
            let id = try #require(created.text.firstMatch(of: /"id":(\d+)/)?.1)
            func status(of product: String) async throws -> String? {
                let list = try await client.execute(uri: "/api/v1/clients/\(id)/safe-oils?include_blocked=true&limit=1000", method: .get, headers: therapist)
                let object = try JSONSerialization.jsonObject(with: Data(list.text.utf8)) as? [String: Any]
                let rows = object?["products"] as? [[String: Any]] ?? []
                return rows.first { $0["product"] as? String == product }?["status"] as? String
            }
            // The medical history was never taken: nothing is safe until it is.
            #expect(try await status(of: "naturalis:NAT-LAV-10") == "caution")
            let review = try await client.execute(
                uri: "/api/v1/clients/\(id)/intake-review", method: .post, headers: therapist, body: ByteBuffer(string: "{}")
            )
            #expect(review.status == .created)
            #expect(try await status(of: "naturalis:NAT-LAV-10") == "safe")
            let applied = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-50 * 3600))
            let test = try await client.execute(
                uri: "/api/v1/patch-tests", method: .post, headers: therapist,
                body: ByteBuffer(string: "{\"client\": \(id), \"product\": \"naturalis:NAT-CALM-100\", \"concentration\": \"2%\", \"applied_at\": \"\(applied)\"}")
            )
            #expect(test.status == .created)
            let testID = try #require(test.text.firstMatch(of: /"id":(\d+)/)?.1)
            #expect(try await status(of: "naturalis:NAT-CALM-100") == "pending")
            let reading = try await client.execute(
                uri: "/api/v1/patch-tests/\(testID)/readings", method: .post, headers: therapist, body: ByteBuffer(string: "{\"result\": \"++\", \"relevance\": \"current\"}")
            )
            #expect(reading.status == .created)
            #expect(reading.text.contains("\"outcome\":\"++\""))
            // Lavender oil shares the blend's lavender: blocked now, with the chain.
            #expect(try await status(of: "naturalis:NAT-LAV-10") == "blocked")
            let list = try await client.execute(uri: "/api/v1/clients/\(id)/safe-oils?include_blocked=true&limit=1000", method: .get, headers: therapist)
            #expect(list.text.contains("a suspected allergen from patch test \(testID)"))
            // Without include_blocked, blocked products are left out.
            let safe = try await client.execute(uri: "/api/v1/clients/\(id)/safe-oils?limit=1000", method: .get, headers: therapist)
            #expect(!safe.text.contains("\"status\":\"blocked\""))
            let audit = try harness.database.read { try String.fetchAll($0, sql: "SELECT DISTINCT actor FROM auditLog WHERE action LIKE 'patch-test.%' AND actor LIKE 'api:%'") }
            #expect(audit == ["api:therapist"])
        }
    }

    @Test func anAdminStartsAnImportAndReadsItsReport() async throws {
        let harness = try await ServerHarness()
        try await harness.application.test(.router) { client in
            let admin = harness.headers(.admin, json: true)
            let run = try await client.execute(uri: "/api/v1/suppliers/naturalis/imports", method: .post, headers: admin, body: ByteBuffer(string: "{\"dry_run\": true}"))
            #expect(run.status == .created)
            let runID = try #require(run.text.firstMatch(of: /"runId":(\d+)/)?.1)
            let detail = try await client.execute(uri: "/api/v1/import-runs/\(runID)", method: .get, headers: admin)
            #expect(detail.status == .ok)
            #expect(detail.text.contains("\"supplier\":\"naturalis\""))
            let page = try await client.execute(uri: "/admin/imports/\(runID)", method: .get, headers: admin)
            #expect(page.status == .ok)
            #expect(page.text.contains("Import run #\(runID)"))
        }
    }

    @Test func aRunWhoseAffectedClientsCouldNotBeListedNeverSaysNone() async throws {
        let harness = try await ServerHarness()
        try await harness.application.test(.router) { client in
            let admin = harness.headers(.admin)
            let run = try await client.execute(uri: "/api/v1/suppliers/naturalis/imports", method: .post, headers: harness.headers(.admin, json: true), body: ByteBuffer(string: "{}"))
            let match = try #require(run.text.firstMatch(of: /"runId":(\d+)/)?.1)
            let runID = try #require(Int64(match))
            let listed = try await client.execute(uri: "/admin/imports/\(runID)", method: .get, headers: admin)
            #expect(listed.text.contains("<p>None.</p>") || listed.text.contains("/clients/"))
            // The run was applied, then listing its affected clients failed: the stored report says so.
            try harness.database.write { db in
                let stored = try #require(try String.fetchOne(db, sql: "SELECT report FROM importRun WHERE id = ?", arguments: [runID]))
                var report = try #require(try JSONSerialization.jsonObject(with: Data(stored.utf8)) as? [String: Any])
                report["affected"] = [Any]()
                report["affectedUnknown"] = true
                report["afterCommit"] = ["the clients affected by reformulations could not be listed (<script>alert(1)</script> \u{202E}); check them"]
                let json = String(decoding: try JSONSerialization.data(withJSONObject: report), as: UTF8.self)
                try db.execute(sql: "UPDATE importRun SET report = ? WHERE id = ?", arguments: [json, runID])
            }
            let page = try await client.execute(uri: "/admin/imports/\(runID)", method: .get, headers: admin)
            #expect(page.status == .ok)
            #expect(!page.text.contains("<p>None.</p>"))
            #expect(page.text.contains("Not known: the affected clients could not be listed"))
            #expect(page.text.contains("Applied, but afterwards"))
            #expect(page.text.contains("&lt;script&gt;") && !page.text.contains("<script>alert"))
        }
    }
}

@Suite struct PagingTests {
    /// Pages of the list fit together: no product twice, none lost, whatever the offset.
    @Test func pagesOfTheListJoinUp() async throws {
        let harness = try await ServerHarness()
        try await harness.application.test(.router) { client in
            let therapist = harness.headers(.therapist)
            func products(_ query: String) async throws -> [String] {
                let response = try await client.execute(uri: "/api/v1/clients/\(harness.client)/safe-oils?include_blocked=true&\(query)", method: .get, headers: therapist)
                #expect(response.status == .ok, "\(query): \(response.status)")
                let object = try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any]
                return (object?["products"] as? [[String: Any]] ?? []).compactMap { $0["product"] as? String }
            }
            let all = try await products("limit=1000")
            #expect(all.count > 5)
            var paged: [String] = []
            for offset in stride(from: 0, to: all.count, by: 3) { paged += try await products("limit=3&offset=\(offset)") }
            #expect(paged == all)
            #expect(try await products("limit=5&offset=9223372036854775807").isEmpty)
        }
    }
}
