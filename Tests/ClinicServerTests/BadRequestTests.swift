@_spi(SQLite) import CatalogueStore
import ClinicServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import StoreInterface

/// Malformed JSON, oversized bodies, unknown ids, missing CSRF tokens: a 4xx with a JSON or HTML error, never a
/// 5xx, and nothing written.
@Suite struct BadRequestTests {
    @Test func malformedInputGetsA4xxAndWritesNothing() async throws {
        let harness = try await ServerHarness()
        let before = try harness.auditCount()
        let therapist = harness.headers(.therapist, json: true)
        let admin = harness.headers(.admin, json: true)
        let cases: [(String, HTTPRequest.Method, HTTPFields, String, HTTPResponse.Status)] = [
            ("/api/v1/clients", .post, therapist, "{\"name\": \"Ada\",}", .badRequest),
            ("/api/v1/clients", .post, therapist, "[1, 2", .badRequest),
            ("/api/v1/clients", .post, therapist, "{\"conditions\": [\"eczema\"]}", .badRequest),
            ("/api/v1/clients", .post, therapist, "{\"name\": 42}", .badRequest),
            ("/api/v1/clients", .post, therapist, "{\"name\": \"Ada\", \"conditions\": [\"gout\"]}", .badRequest),
            ("/api/v1/clients", .post, therapist, "{\"name\": \"" + String(repeating: "x", count: 100_000) + "\"}", .contentTooLarge),
            ("/api/v1/clients", .post, harness.headers(.therapist), "name=Ada", .unsupportedMediaType),
            ("/api/v1/clients/999999", .get, therapist, "", .notFound),
            ("/api/v1/clients/abc/safe-oils", .get, therapist, "", .notFound),
            ("/api/v1/clients/\(harness.client)/safe-oils?limit=-3", .get, therapist, "", .badRequest),
            ("/api/v1/clients/\(harness.client)/safe-oils?property=glittery", .get, therapist, "", .badRequest),
            ("/api/v1/patch-tests", .post, therapist, "{\"client\": \(harness.client), \"product\": \"naturalis:NOPE\"}", .notFound),
            ("/api/v1/patch-tests", .post, therapist, "{\"client\": \(harness.client), \"product\": \"no-colon\"}", .badRequest),
            ("/api/v1/patch-tests", .post, therapist, "{\"client\": \(harness.client), \"product\": \"naturalis:NAT-LAV-10\", \"applied_at\": \"yesterday\"}", .badRequest),
            ("/api/v1/patch-tests/999999/readings", .post, therapist, "{\"result\": \"++\"}", .notFound),
            ("/api/v1/patch-tests/\(harness.blendTest)/readings", .post, therapist, "{\"result\": \"very red\"}", .badRequest),
            ("/api/v1/patch-tests/\(harness.blendTest)/readings", .post, therapist, "{\"result\": \"positive\"}", .badRequest),
            ("/api/v1/stock/movements", .post, therapist, "{\"kind\": \"receive\", \"location\": \"x\", \"product\": \"naturalis:NAT-LAV-10\", \"quantity\": 1, \"expires\": \"2026-02-31\"}", .badRequest),
            ("/api/v1/stock/movements", .post, therapist, "{\"kind\": \"adjust\", \"location\": \"front-desk\", \"product\": \"naturalis:NAT-LAV-10\", \"quantity\": -99}", .unprocessableContent),
            ("/api/v1/stock/movements", .post, therapist, "{\"kind\": \"receive\", \"location\": \"x\", \"product\": \"naturalis:NAT-LAV-10\", \"quantity\": 1, \"reorder_level\": -3}", .unprocessableContent),
            ("/api/v1/stock/movements", .post, therapist, "{\"kind\": \"steal\", \"location\": \"x\", \"product\": \"naturalis:NAT-LAV-10\", \"quantity\": 1}", .badRequest),
            ("/api/v1/import-runs/424242", .get, admin, "", .notFound),
            ("/api/v1/suppliers/nobody/imports", .post, admin, "{}", .notFound),
            ("/api/v1/users", .post, admin, "{\"name\": \"x\", \"role\": \"god\", \"password\": \"long enough password\"}", .badRequest),
            ("/api/v1/users", .post, admin, "{\"name\": \"x\", \"role\": \"therapist\", \"password\": \"short\"}", .unprocessableContent),
            ("/api/v1/users", .post, admin, "{\"name\": \"THERAPIST\", \"role\": \"therapist\", \"password\": \"long enough password\"}", .conflict),
            ("/api/v1/nothing-here", .get, therapist, "", .notFound),
            ("/api/v1/clients", .put, therapist, "{}", .methodNotAllowed),
            ("/api/v1/clients/\(harness.client)", .delete, therapist, "", .methodNotAllowed),
        ]
        try await harness.application.test(.router) { client in
            for (path, method, headers, body, expected) in cases {
                let response = try await client.execute(uri: path, method: method, headers: headers, body: ByteBuffer(string: body))
                #expect(response.status == expected, "\(method) \(path.prefix(80)) \(body.prefix(60)): \(response.status) \(response.text.prefix(200))")
                #expect(response.status.code < 500)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                #expect(response.text.hasPrefix("{\"error\":{"), "\(path): \(response.text.prefix(120))")
                if body.contains("positive") { #expect(response.text.contains("recorded with its strength"), "\(response.text)") }
            }
        }
        #expect(try harness.auditCount() == before, "nothing was written")
    }

    @Test func pagesAnswerErrorsAsPagesAndFormsNeedTheCSRFToken() async throws {
        let harness = try await ServerHarness()
        try await harness.application.test(.router) { client in
            let session = try await SessionClient.signIn(client, as: .therapist)
            let before = try harness.auditCount()
            // No token, a wrong token: 403 with an HTML page, nothing written.
            for body in ["name=Mallory", "name=Mallory&_csrf=forged"] {
                let response = try await client.execute(
                    uri: "/clients", method: .post,
                    headers: [.cookie: session.cookie, .contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: body)
                )
                #expect(response.status == .forbidden)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(response.text.contains("AUTH-CSRF"))
            }
            // A JSON write with the session cookie but no X-CSRF-Token is refused too.
            let json = try await client.execute(
                uri: "/api/v1/clients", method: .post, headers: [.cookie: session.cookie, .contentType: "application/json"],
                body: ByteBuffer(string: "{\"name\": \"Mallory\"}")
            )
            #expect(json.status == .forbidden)
            #expect(try harness.auditCount() == before)
            // An unknown client page and a bad form value: HTML errors, not 5xx.
            let missing = try await client.execute(uri: "/clients/999999", method: .get, headers: [.cookie: session.cookie])
            #expect(missing.status == .notFound)
            #expect(missing.text.contains("<html"))
            let bad = try await client.execute(
                uri: "/stock", method: .post, headers: [.cookie: session.cookie, .contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "_csrf=\(session.csrf)&kind=receive&location=front-desk&product=naturalis:NAT-LAV-10&quantity=lots")
            )
            #expect(bad.status == .badRequest)
            #expect(bad.text.contains("quantity"))
            #expect(try harness.auditCount() == before)
            // With the token the same form works, and the audit log names the user.
            let good = try await client.execute(
                uri: "/clients", method: .post, headers: [.cookie: session.cookie, .contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "_csrf=\(session.csrf)&name=Grace+Hopper&condition=eczema")
            )
            #expect(good.status == .seeOther)
            let actor = try harness.database.read { try String.fetchOne($0, sql: "SELECT actor FROM auditLog ORDER BY id DESC LIMIT 1") }
            #expect(actor == "web:therapist")
        }
    }
}

/// Signing in through the login form, as a browser does.
struct SessionClient {
    var cookie: String
    var csrf: String

    static func signIn(_ client: some TestClientProtocol, as role: UserRole) async throws -> SessionClient {
        let page = try await client.execute(uri: "/login", method: .get)
        let loginCookie = try #require(page.headers[.setCookie]?.split(separator: ";").first.map(String.init))
        let token = try #require(page.text.firstMatch(of: /name="_csrf" value="([^"]+)"/)?.1)
        let response = try await client.execute(
            uri: "/login", method: .post, headers: [.cookie: loginCookie, .contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(string: "_csrf=\(token)&name=\(role.rawValue)&password=correct+horse+battery&next=")
        )
        #expect(response.status == .seeOther)
        let setCookies = response.headers[values: .setCookie]
        let session = try #require(setCookies.first { $0.hasPrefix("oilcat_session=") })
        #expect(session.contains("HttpOnly"))
        #expect(session.contains("SameSite=Strict"))
        let cookie = String(session.split(separator: ";")[0])
        let home = try await client.execute(uri: "/stock", method: .get, headers: [.cookie: cookie])
        let csrf = String(try #require(home.text.firstMatch(of: /name="_csrf" value="([^"]+)"/)?.1))
        return SessionClient(cookie: cookie, csrf: csrf)
    }
}

@Suite struct SignInTests {
    @Test func repeatedWrongPasswordsLockTheNameForAWhile() async throws {
        let harness = try await ServerHarness()
        try await harness.application.test(.router) { client in
            let page = try await client.execute(uri: "/login", method: .get)
            let cookie = try #require(page.headers[.setCookie]?.split(separator: ";").first.map(String.init))
            let token = try #require(page.text.firstMatch(of: /name="_csrf" value="([^"]+)"/)?.1)
            func attempt(_ password: String) async throws -> HTTPResponse.Status {
                try await client.execute(
                    uri: "/login", method: .post, headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                    body: ByteBuffer(string: "_csrf=\(token)&name=therapist&password=\(password)")
                ).status
            }
            for _ in 0..<5 { #expect(try await attempt("wrong+guess+here") == .unauthorized) }
            #expect(try await attempt("wrong+guess+here") == .tooManyRequests)
            // Even the right password waits out the window.
            #expect(try await attempt("correct+horse+battery") == .tooManyRequests)
            // Another name is not affected.
            let other = try await client.execute(
                uri: "/login", method: .post, headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "_csrf=\(token)&name=reception&password=correct+horse+battery")
            )
            #expect(other.status == .seeOther)
        }
    }

    @Test func aDisabledUserIsOutAtOnce() async throws {
        let harness = try await ServerHarness()
        try await harness.application.test(.router) { client in
            let therapist = try #require(try await harness.database.userCredentials(name: "therapist")?.user.id)
            let before = try await client.execute(uri: "/api/v1/me", method: .get, headers: harness.headers(.therapist))
            #expect(before.status == .ok)
            let admin = try await SessionClient.signIn(client, as: .admin)
            let disabled = try await client.execute(
                uri: "/admin/users/\(therapist)/disable", method: .post,
                headers: [.cookie: admin.cookie, .contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: "_csrf=\(admin.csrf)")
            )
            #expect(disabled.status == .seeOther)
            let after = try await client.execute(uri: "/api/v1/me", method: .get, headers: harness.headers(.therapist))
            #expect(after.status == .unauthorized)
        }
    }
}
