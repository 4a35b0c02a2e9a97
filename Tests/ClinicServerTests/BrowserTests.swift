import CatalogueStore
import ClinicServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Headless Chromium signs in as each role and walks its journeys on a live server. Needs the Debian packages
/// chromium and chromium-driver (`.ci/run` installs them); in CI a missing browser fails the test rather than
/// skipping it. Screenshots go to OILCAT_SCREENSHOTS (Docs/screenshots when refreshing the documentation).
@Suite(.serialized) struct BrowserTests {
    static let enabled = WebDriver.available || ProcessInfo.processInfo.environment["CI"] != nil

    static var screenshots: URL {
        let folder = ProcessInfo.processInfo.environment["OILCAT_SCREENSHOTS"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appending(path: "oilcat-screenshots")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    func withBrowser(_ body: @escaping @Sendable (WebDriver, String, ServerHarness) async throws -> Void) async throws {
        let harness = try await ServerHarness()
        try await harness.application.test(.live) { client in
            let base = "http://127.0.0.1:\(try #require(client.port))"
            let browser = try await WebDriver()
            do {
                try await body(browser, base, harness)
            } catch {
                try? await browser.screenshot(to: Self.screenshots.appending(path: "failure.png"))
                await browser.quit()
                throw error
            }
            await browser.quit()
        }
    }

    func signIn(_ browser: WebDriver, _ base: String, as role: UserRole) async throws {
        try await browser.open(base + "/")
        #expect(try await browser.currentURL.contains("/login"), "an anonymous visitor is sent to the login page")
        try await browser.type("#name", role.rawValue)
        try await browser.type("#password", ServerHarness.password)
        try await browser.follow("#sign-in")
    }

    @Test(.enabled(if: enabled)) func theTherapistFindsAClientReadsTheBlocksAndRecordsATest() async throws {
        try await withBrowser { browser, base, harness in
            try await browser.open(base + "/login")
            try await browser.screenshot(to: Self.screenshots.appending(path: "login.png"))
            try await signIn(browser, base, as: .therapist)
            #expect(try await browser.currentURL.hasSuffix("/clients"))
            try await browser.type("#q", "Ada")
            try await browser.follow("form[role=search] button")
            try await browser.follow("a[href='/clients/\(harness.client)']")
            var text = try await browser.text
            #expect(text.contains("Psoriasis"))
            #expect(text.contains("Compositae mix"))
            #expect(text.contains("a suspected allergen from patch test \(harness.blendTest)"))
            try await browser.screenshot(to: Self.screenshots.appending(path: "therapist-client.png"))

            // The jojoba test (applied 30 h ago) waits for its reading: record a negative.
            try await browser.follow("form[action^='/patch-tests/'] button")
            text = try await browser.text
            #expect(text.contains("Reading recorded on test"))

            // A new patch test on the lavender oil.
            try await browser.click("select#product option[value='naturalis:NAT-LAV-10']")
            try await browser.type("#concentration", "2%")
            try await browser.follow("form[action$='/patch-tests'] button")
            #expect(try await browser.text.contains("recorded. Read it at 48 h"))

            // Safe oils, hydrating only; then the printable list.
            try await browser.open(base + "/clients/\(harness.client)/safe-oils")
            try await browser.click("input[name=property][value=hydrating]")
            try await browser.follow("form.no-print button")
            text = try await browser.text
            #expect(text.contains("PENDING") || text.contains("pending"))
            #expect(try await browser.currentURL.contains("property=hydrating"))
            try await browser.screenshot(to: Self.screenshots.appending(path: "therapist-safe-oils.png"))
            try await browser.open(base + "/clients/\(harness.client)/safe-oils/print?property=hydrating")
            text = try await browser.text
            #expect(text.contains("Safe list for Ada Lovelace"))
            #expect(text.contains("Ingredients to avoid"))
            #expect(text.contains("Lavandula Angustifolia"))
            try await browser.screenshot(to: Self.screenshots.appending(path: "therapist-print.png"))
        }
    }

    @Test(.enabled(if: enabled)) func receptionChecksAClientWithoutClinicalDetail() async throws {
        try await withBrowser { browser, base, harness in
            try await signIn(browser, base, as: .reception)
            #expect(try await browser.currentURL.hasSuffix("/reception"))
            var text = try await browser.text
            #expect(text.contains("Ada Lovelace"), "the jojoba reading is due")
            try await browser.screenshot(to: Self.screenshots.appending(path: "reception-home.png"))
            try await browser.open(base + "/check")
            try await browser.type("#q", "Ada")
            try await browser.follow("form[role=search] button")
            try await browser.click("input[name=client][value='\(harness.client)']")
            try await browser.follow("#check-button")
            text = try await browser.text
            #expect(text.contains("For Ada Lovelace at front-desk"))
            #expect(text.localizedCaseInsensitiveContains("not suitable"))
            for word in ["suspected", "blocked", "Psoriasis", "Compositae", "++", "allergen"] {
                #expect(!text.contains(word), "reception saw '\(word)'")
            }
            try await browser.screenshot(to: Self.screenshots.appending(path: "reception-check.png"))
            try await browser.open(base + "/stock?location=front-desk")
            #expect(try await browser.text.contains("Golden Jojoba Oil"))
            try await browser.screenshot(to: Self.screenshots.appending(path: "reception-stock.png"))
            try await browser.open(base + "/clients/\(harness.client)")
            #expect(try await browser.text.contains("your role may not use this"))
        }
    }

    @Test(.enabled(if: enabled)) func theAdminImportsAFeedAndAddsAUser() async throws {
        try await withBrowser { browser, base, _ in
            try await signIn(browser, base, as: .admin)
            #expect(try await browser.currentURL.hasSuffix("/admin"))
            try await browser.follow("form[action='/admin/suppliers/naturalis/import'] button")
            var text = try await browser.text
            #expect(text.contains("Import run #"))
            #expect(text.contains("naturalis"))
            try await browser.screenshot(to: Self.screenshots.appending(path: "admin-import-run.png"))
            try await browser.open(base + "/admin/users")
            try await browser.type("#u-name", "Fiona")
            try await browser.type("#u-password", "a long enough password")
            try await browser.follow("form[action='/admin/users'] button")
            text = try await browser.text
            #expect(text.contains("User added."))
            #expect(text.contains("Fiona"))
            try await browser.open(base + "/admin")
            try await browser.screenshot(to: Self.screenshots.appending(path: "admin-suppliers.png"))
        }
    }
}
