import CatalogueCore
@_spi(SQLite) import CatalogueStore
import OilCatalogue
import ClinicServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import StoreInterface

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

    /// The other sample suppliers the quickstart imports, so that the lists are as long as the demo's.
    static func importSamples(_ harness: ServerHarness) async throws {
        let samples = ServerHarness.repository.appending(path: "Catalogue/suppliers")
        let suppliers = [
            SupplierRecord(id: "berger", name: "Kräuterhaus Berger", format: "bmecat", source: samples.appending(path: "bmecat/catalog-2005.xml").path),
            SupplierRecord(id: "olea", name: "Olea Pro", format: "bmecat", source: samples.appending(path: "bmecat/catalog-1.2.xml").path),
            SupplierRecord(id: "bloom", name: "Bloom & Balm", format: "shopify", source: samples.appending(path: "shopify/products.json").path, currency: "GBP"),
            SupplierRecord(id: "verde", name: "Verde Botanicals", format: "schema-org", source: samples.appending(path: "schema-org/product-page.html").path),
            SupplierRecord(id: "aroma", name: "Aroma Pro", format: "ndjson", source: samples.appending(path: "ndjson/feed.ndjson").path),
        ]
        try harness.database.write { db in for supplier in suppliers { try supplier.insert(db) } }
        let runner = ImportRunner(database: harness.database, taxonomy: harness.services.taxonomy, taxonomyFingerprint: harness.services.fingerprint)
        for supplier in suppliers {
            _ = try await runner.run(ImportRequest(
                supplier: supplier.id, feed: nil, dryRun: false, maxErrors: nil, allowLargeRemoval: false, archiveFolder: harness.folder.appending(path: "feeds")
            ))
        }
    }

    /// Pages in a PDF: its page objects (`/Type /Page`, not `/Pages`).
    static func pageCount(_ pdf: Data) -> Int {
        let text = String(decoding: pdf, as: UTF8.self)
        guard let pattern = try? Regex(#"/Type\s*/Page(?![s\w])"#) else { return 0 }
        return text.matches(of: pattern).count
    }

    @Test(.enabled(if: enabled)) func theTherapistReadsTheSummaryRecordsAReadingCorrectsATestAndPrints() async throws {
        try await withBrowser { browser, base, harness in
            try await Self.importSamples(harness)
            // Besides the demo's ++ test and Compositae mix: a wool-alcohols allergy from a dermatologist's report.
            _ = try harness.database.addAllergy(
                client: harness.client, target: .testAllergen(TestAllergenID(rawValue: "wool-alcohols")), enteredName: "wool alcohols",
                source: .dermatologist, note: nil, actor: "test", reading: .strongPositive
            )
            try await browser.resize(width: 820, height: 1180)
            try await browser.open(base + "/login")
            try await browser.screenshot(to: Self.screenshots.appending(path: "login.png"))
            try await signIn(browser, base, as: .therapist)
            #expect(try await browser.currentURL.hasSuffix("/clients"))
            try await browser.type("#q", "Ada")
            try await browser.follow("form[role=search] button")
            try await browser.follow("a[href='/clients/\(harness.client)']")

            // The summary: what the client reacted to, then how many products are blocked and why.
            var text = try await browser.text
            #expect(text.contains("Summary"))
            #expect(text.contains("Reacted to"))
            #expect(text.contains("++ Lavender Calm"), "the ++ reaction opens the page")
            #expect(text.contains("patch test #\(harness.blendTest) ++"), "the short cause")
            #expect(text.contains("Compositae mix (dermatologist)"))
            #expect(text.contains("Psoriasis"))
            #expect(!text.contains("… and 0 more"))
            // What to avoid, by label name, as the printed list says it.
            #expect(text.contains("Wool alcohols: avoid Lanolin, Lanolin Alcohol"), "the summary names the label names to avoid")
            #expect(text.contains("Lavandula Angustifolia Oil"), "and the ingredients the ++ test implicates")
            #expect(try await browser.source.contains("class=\"result result-positive\""), "the ++ stands out")
            try await browser.screenshot(to: Self.screenshots.appending(path: "therapist-client.png"))
            // Touch targets on a tablet: the top bar's links and the page's actions are 44 px tall at least.
            for target in ["header.top nav a", "header.top .who a", ".actions a.button", ".actions a[href$='/edit']"] {
                let height = try await browser.height(of: target)
                #expect(height >= 44, "\(target) is \(height) px tall")
            }

            // The jojoba test (applied 30 h ago) waits for its reading. Without a result the form does not submit.
            let readingsBefore = try harness.auditCount()
            try await browser.click("form[action^='/patch-tests/'] button")
            try await Task.sleep(for: .milliseconds(500))
            #expect(try await browser.currentURL.hasSuffix("/clients/\(harness.client)"), "the browser refused the form")
            #expect(try harness.auditCount() == readingsBefore, "nothing was written")
            try await browser.click("form[action^='/patch-tests/'] select[name=result] option[value=negative]")
            try await browser.follow("form[action^='/patch-tests/'] button")
            text = try await browser.text
            #expect(text.contains("Reading recorded on test"))

            // A dermatologist's report of three lines, pasted: each line shown as it will be recorded, then confirmed.
            let allergiesBefore = try #require(try harness.database.clientProfile(harness.client)).allergies.count
            try await browser.type("#report", "nickel sulfate: +\nmethylisothiazolinone: ++\nformaldehyde: negative")
            try await browser.follow("form[action$='/allergy-report'] button")
            text = try await browser.text
            #expect(text.contains("Patch-test report for Ada Lovelace"))
            #expect(text.contains("Nickel"), "the first line")
            #expect(text.contains("Methylisothiazolinone"), "the second line")
            #expect(text.contains("tested-negative"), "the third line is evidence, not an allergy")
            #expect(try #require(try harness.database.clientProfile(harness.client)).allergies.count == allergiesBefore, "nothing yet")
            try await browser.screenshot(to: Self.screenshots.appending(path: "therapist-report.png"))
            try await browser.follow("form[action$='/allergy-report'] button")
            text = try await browser.text
            #expect(text.contains("Patch-test report recorded: 3 line(s)."))
            #expect(text.contains("Avoid: Methylisothiazolinone"), "the allergy lists its label names")
            #expect(text.contains("Tested negative: formaldehyde"))
            let profile = try #require(try harness.database.clientProfile(harness.client))
            #expect(profile.allergies.count == allergiesBefore + 2)
            #expect(profile.testedNegative.count == 1)

            // A new patch test, its product found with the picker's search; then corrected as entered in error.
            try await browser.type("#product_q", "lavender")
            try await browser.follow("form.picker button")
            #expect(try await browser.currentURL.contains("product_q=lavender"))
            try await browser.click("select#product option[value='naturalis:NAT-LAV-10']")
            try await browser.type("#concentration", "2%")
            try await browser.follow("form[action$='/patch-tests'] button")
            #expect(try await browser.text.contains("recorded. Read it at 48 h"))
            let newTest = try #require(try harness.database.patchTestListings(client: harness.client).map(\.test.id).max())
            try await browser.open(base + "/patch-tests/\(newTest)/correct")
            try await browser.click("input[name=kind][value=entered-in-error]")
            try await browser.type("#reason", "applied to the wrong client")
            try await browser.screenshot(to: Self.screenshots.appending(path: "therapist-correct.png"))
            try await browser.follow("form[action$='/corrections'] button")
            text = try await browser.text
            #expect(text.contains("Correction of test \(newTest) recorded"))
            #expect(try harness.database.patchTestListing(newTest)?.correction != nil)

            // The other new pages, for the documentation.
            try await browser.open(base + "/clients/\(harness.client)/edit")
            #expect(try await browser.text.contains("Edit Ada Lovelace"))
            try await browser.screenshot(to: Self.screenshots.appending(path: "therapist-edit.png"))
            try await browser.open(base + "/clients/\(harness.client)/reactions")
            try await browser.screenshot(to: Self.screenshots.appending(path: "therapist-reaction.png"))

            // Safe oils with every product, blocked ones included: one short cause a row, the chain one tap away.
            try await browser.open(base + "/clients/\(harness.client)/safe-oils?include_blocked=1")
            let height = try await browser.height(of: "html")
            let rows = try await browser.source.components(separatedBy: "<li class=\"row\">").count - 1
            print("safe-oils page, \(rows) products with blocked ones, at 820 px: \(Int(height)) px tall")
            #expect(rows > 19, "the demo's products and more")
            #expect(height <= 2_500, "the safe-oils page is \(height) px tall at 820 px")
            #expect(!(try await browser.isDisplayed(".rows details ul.reasons li")), "chains are folded")
            try await browser.click(".rows details summary")
            #expect(try await browser.isDisplayed(".rows details ul.reasons li"), "one tap shows the chain")
            #expect(try await browser.text.contains("a patch test before first use"), "the first folded chain, now shown")
            #expect(try await browser.source.contains("a suspected allergen from patch test \(harness.blendTest)"))
            try await browser.screenshot(to: Self.screenshots.appending(path: "therapist-safe-oils.png"))

            // The printable list: safe products, then those to check, the date; one A4 page.
            try await browser.open(base + "/clients/\(harness.client)/safe-oils/print")
            text = try await browser.text
            #expect(text.contains("Safe list for Ada Lovelace"))
            #expect(text.contains("Ingredients to avoid"))
            #expect(text.contains("Lavandula Angustifolia"))
            #expect(text.contains("Safe products"))
            #expect(text.contains("Check with your therapist first"))
            #expect(!text.contains("stock at"), "no empty stock location")
            #expect(!text.contains("and 0 more"))
            let printed = try await browser.source.components(separatedBy: "<tr class=\"item\">").count - 1
            let pages = Self.pageCount(try await browser.printA4())
            print("printable safe list: \(printed) products on \(pages) A4 page(s)")
            #expect(pages == 1, "the printed list takes \(pages) pages")
            try await browser.screenshot(to: Self.screenshots.appending(path: "therapist-print.png"))
        }
    }

    @Test(.enabled(if: enabled)) func thePrintedSafeListFitsOneA4PageFor40Products() async throws {
        try await withBrowser { browser, base, harness in
            try await Self.importSamples(harness)
            // Two more suppliers selling the Naturalis range under other SKUs and names: over 40 products to list.
            let feed = try String(contentsOf: ServerHarness.repository.appending(path: "Catalogue/suppliers/google-merchant/feed.xml"), encoding: .utf8)
            let runner = ImportRunner(database: harness.database, taxonomy: harness.services.taxonomy, taxonomyFingerprint: harness.services.fingerprint)
            for (id, prefix) in [("trial", "Trial size"), ("salon", "Salon size")] {
                let copy = harness.folder.appending(path: "\(id).xml")
                try feed.replacingOccurrences(of: "<g:id>NAT-", with: "<g:id>\(id.uppercased())-")
                    .replacingOccurrences(of: "<g:title>", with: "<g:title>\(prefix) ").write(to: copy, atomically: true, encoding: .utf8)
                try harness.database.write { db in try SupplierRecord(id: id, name: prefix, format: "google-merchant", source: copy.path).insert(db) }
                _ = try await runner.run(ImportRequest(
                    supplier: id, feed: nil, dryRun: false, maxErrors: nil, allowLargeRemoval: false, archiveFolder: harness.folder.appending(path: "feeds")
                ))
            }
            // A client with a condition and nothing else: nearly every product is listed, none blocked.
            let client = try harness.database.addClient(name: "Grace Demo", conditions: ["sensitive-skin"], note: nil, actor: "test")
            try await browser.resize(width: 820, height: 1180)
            try await signIn(browser, base, as: .therapist)
            try await browser.open(base + "/clients/\(client)/safe-oils/print")
            let source = try await browser.source
            let listed = source.components(separatedBy: "<tr class=\"item\">").count - 1
            let pages = Self.pageCount(try await browser.printA4())
            print("printable safe list for a client with one condition: \(listed) products on \(pages) A4 page(s)")
            #expect(listed >= 40)
            #expect(pages == 1, "\(listed) products took \(pages) pages")
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
