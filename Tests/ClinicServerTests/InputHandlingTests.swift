import CatalogueCore
@_spi(SQLite) import CatalogueStore
import ClinicServer
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct InputHandlingTests {
    @Test func pathParametersArePercentDecoded() async throws {
        let harness = try await ServerHarness()
        try harness.database.write { db in
            try db.execute(sql: "UPDATE product SET sku = ? WHERE sku = 'NAT-LAV-10'", arguments: ["NAT LAVÉ/10"])
        }
        try await harness.application.test(.router) { client in
            let response = try await client.execute(uri: "/api/v1/products/naturalis/NAT%20LAV%C3%89%2F10", method: .get, headers: harness.headers(.therapist))
            #expect(response.status == .ok)
            #expect(response.text.contains("NAT LAVÉ/10"))
            let broken = try await client.execute(uri: "/api/v1/products/naturalis/NAT%FF%FE", method: .get, headers: harness.headers(.therapist))
            #expect(broken.status == .badRequest)
            #expect(broken.text.contains("INPUT-ENCODING"))
        }
    }

    @Test func invalidUTF8AndNULAreRefusedAndNothingIsStored() async throws {
        let harness = try await ServerHarness()
        let before = try harness.database.clients().count
        try await harness.application.test(.router) { client in
            let session = try await SessionClient.signIn(client, as: .therapist)
            for name in ["%FF%FE", "Ada%00Lovelace", "Ada%C3"] {
                let response = try await client.execute(
                    uri: "/clients", method: .post, headers: [.cookie: session.cookie, .contentType: "application/x-www-form-urlencoded"],
                    body: ByteBuffer(string: "_csrf=\(session.csrf)&name=\(name)")
                )
                #expect(response.status == .badRequest, "name=\(name) answered \(response.status)")
                #expect(response.text.contains("UTF-8"))
            }
            var raw = ByteBuffer(string: "_csrf=\(session.csrf)&name=")
            raw.writeBytes([0xC3, 0x28])
            let rawResponse = try await client.execute(
                uri: "/clients", method: .post, headers: [.cookie: session.cookie, .contentType: "application/x-www-form-urlencoded"], body: raw
            )
            #expect(rawResponse.status == .badRequest)
            let json = try await client.execute(
                uri: "/api/v1/clients", method: .post, headers: harness.headers(.therapist, json: true),
                body: ByteBuffer(string: #"{"name": "Ada\u0000Lovelace"}"#)
            )
            #expect(json.status == .badRequest)
            #expect(json.text.contains("NUL"))
            let query = try await client.execute(uri: "/clients?q=%FF", method: .get, headers: harness.headers(.therapist))
            #expect(query.status == .badRequest)
        }
        #expect(try harness.database.clients().count == before)
    }

    @Test func namesAreStoredInNFCWithoutInvisibleCharactersAndSearchFindsEitherForm() async throws {
        let harness = try await ServerHarness()
        try await harness.application.test(.router) { client in
            // Decomposed ë (e + U+0308), with a right-to-left override and a NUL-free control inside.
            let created = try await client.execute(
                uri: "/api/v1/clients", method: .post, headers: harness.headers(.therapist, json: true),
                body: ByteBuffer(string: #"{"name": "Zoe\u0308 \u202eBrown\u0007", "note": "line one\r\nline\u200btwo"}"#)
            )
            #expect(created.status == .created)
            let stored = try #require(try harness.database.clients(matching: "Brown").first)
            #expect(stored.name == "Zo\u{00EB} Brown")
            #expect(stored.name.unicodeScalars.count == 9)
            #expect(stored.note == "line one\nlinetwo")
            for query in ["Zo%C3%AB", "Zoe%CC%88", "ZO%C3%8B"] {
                let found = try await client.execute(uri: "/api/v1/clients?q=\(query)", method: .get, headers: harness.headers(.therapist))
                #expect(found.text.contains("Brown"), "search \(query) missed the client")
            }
        }
    }

    @Test func textHygieneKeepsJoinersInsideWords() {
        // Persian "mi-khaham" is written with a ZWNJ between two letters: kept. One at the edge of a word: removed.
        #expect(TextHygiene.singleLine("\u{0645}\u{06CC}\u{200C}\u{062E}\u{0648}\u{0627}\u{0647}\u{0645}").contains("\u{200C}"))
        #expect(!TextHygiene.singleLine("Lavender\u{200D} Oil").contains("\u{200D}"))
        #expect(TextHygiene.singleLine("Evening\u{0600}<style\u{0600}>") == "Evening<style>")
        #expect(TextHygiene.multiLine("a\r\nb\rc\td") == "a\nb\nc d")
    }
}

@Suite struct MonitoringTests {
    @Test func metricsNeedTheTokenAndCountRequestsByRoute() async throws {
        let harness = try await ServerHarness(security: WebSecurityOptions(metricsToken: "metrics-secret"))
        try await harness.application.test(.router) { client in
            for _ in 0..<3 { _ = try await client.execute(uri: "/api/v1/me", method: .get, headers: harness.headers(.therapist)) }
            _ = try await client.execute(uri: "/clients/\(harness.client)", method: .get, headers: harness.headers(.therapist))
            #expect(try await client.execute(uri: "/metrics", method: .get).status == .unauthorized)
            #expect(try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer wrong"]).status == .unauthorized)
            let metrics = try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer metrics-secret"])
            #expect(metrics.status == .ok)
            #expect(metrics.text.contains(#"hb_requests{http_route="/api/v1/me",http_request_method="GET",http_response_status_code="200"}"#))
            #expect(metrics.text.contains(#"http_route="/clients/{id}""#))
            #expect(metrics.text.contains("http_server_request_duration_seconds_bucket"))
            #expect(!metrics.text.contains("Ada Lovelace"))
        }
        // Without a token, only loopback peers: a router test has no peer at all.
        let open = try await ServerHarness()
        try await open.application.test(.router) { client in
            let response = try await client.execute(uri: "/metrics", method: .get)
            #expect(response.status == .forbidden)
        }
    }

    @Test func readinessFailsWhenTheDatabaseFileIsUnreadable() async throws {
        let harness = try await ServerHarness()
        try await harness.application.test(.router) { client in
            #expect(try await client.execute(uri: "/health", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/ready", method: .get).status == .ok)
            let file = try FileHandle(forUpdating: URL(fileURLWithPath: harness.database.path))
            let header = try file.read(upToCount: 16)
            try file.seek(toOffset: 0)
            try file.write(contentsOf: Data(repeating: 0, count: 16))
            let down = try await client.execute(uri: "/ready", method: .get)
            #expect(down.status == .serviceUnavailable)
            #expect(down.text.contains("unreadable"))
            #expect(try await client.execute(uri: "/health", method: .get).status == .ok)
            try file.seek(toOffset: 0)
            try file.write(contentsOf: try #require(header))
            try file.close()
            #expect(try await client.execute(uri: "/ready", method: .get).status == .ok)
        }
    }
}
