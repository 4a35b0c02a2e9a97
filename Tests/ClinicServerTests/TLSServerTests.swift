import ClinicServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@Suite struct TLSServerTests {
    static let fixtures = ServerHarness.repository.appending(path: "Tests/ClinicServerTests/Fixtures/tls")

    @Test func theServerAnswersOverHTTPSWithSecureCookies() async throws {
        let harness = try await ServerHarness(security: WebSecurityOptions(servesTLS: true))
        let tls = TLSFiles(certificatePath: Self.fixtures.appending(path: "cert.pem").path, keyPath: Self.fixtures.appending(path: "key.pem").path)
        let app = try ClinicApplication.make(harness.services, host: "127.0.0.1", port: 0, tls: tls, logger: Logger(label: "test"))
        try await app.test(.ahc(.https)) { client in
            let page = try await client.execute(uri: "/login", method: .get)
            #expect(page.status == .ok)
            let cookie = try #require(page.headers[.setCookie])
            #expect(cookie.contains("; Secure"))
            #expect(page.headers[HTTPField.Name("Strict-Transport-Security")!] != nil)
            #expect(page.text.contains("Sign in to OilCatalogue"))
        }
    }

    @Test func behindAProxyCookiesAreSecureWhenTheProxySaysHTTPS() async throws {
        let harness = try await ServerHarness(security: WebSecurityOptions(behindProxy: true))
        try await harness.application.test(.router) { client in
            let https = try await client.execute(uri: "/login", method: .get, headers: [HTTPField.Name("X-Forwarded-Proto")!: "https"])
            #expect(https.headers[values: .setCookie].allSatisfy { $0.contains("; Secure") })
            let plain = try await client.execute(uri: "/login", method: .get)
            #expect(plain.headers[values: .setCookie].allSatisfy { !$0.contains("; Secure") })
        }
    }

    @Test func aMissingCertificateIsAClearError() async throws {
        let harness = try await ServerHarness()
        let tls = TLSFiles(certificatePath: "/nonexistent/cert.pem", keyPath: "/nonexistent/key.pem")
        #expect(throws: ServerSetupError.self) {
            _ = try ClinicApplication.make(harness.services, host: "127.0.0.1", port: 0, tls: tls, logger: Logger(label: "test"))
        }
    }
}
