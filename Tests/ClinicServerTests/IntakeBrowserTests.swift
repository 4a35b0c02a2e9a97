import CatalogueStore
import ClinicServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Headless Chromium fills in a client's intake on a live server (see BrowserTests for what it needs).
@Suite(.serialized) struct IntakeBrowserTests {
    @Test(.enabled(if: BrowserTests.enabled)) func theTherapistFillsInAnIntakeAndSeesTheNotesAndABlockedProduct() async throws {
        let (harness, mary) = try await IntakeJourneyTests().prepared()
        try await harness.application.test(.live) { client in
            let base = "http://127.0.0.1:\(try #require(client.port))"
            let browser = try await WebDriver()
            do {
                try await browser.open(base + "/login")
                try await browser.type("#name", "therapist")
                try await browser.type("#password", ServerHarness.password)
                try await browser.follow("#sign-in")
                try await browser.open(base + "/clients/\(mary)")
                #expect(try await browser.text.contains("it has never been reviewed"))
                try await browser.click("select#item option[value='anticoagulants']")
                try await browser.click("select#source option[value='gp-letter']")
                try await browser.type("#history-note", "warfarin 5 mg")
                try await browser.follow("#history-form button")
                var text = try await browser.text
                #expect(text.contains("recorded."))
                #expect(text.contains("Gentle pressure only: bruising risk."))
                // The row shows one short cause; the full chain is folded under it, one tap away.
                #expect(text.contains("contains Gaultheria Procumbens Leaf Oil (methyl salicylate)"))
                #expect(try await browser.source.contains(
                    "blocked: contains Gaultheria Procumbens Leaf Oil (methyl salicylate), contraindicated with anticoagulant medication"
                ))
                try await browser.screenshot(to: BrowserTests.screenshots.appending(path: "therapist-intake.png"))
                try await browser.follow("#review-form button")
                text = try await browser.text
                #expect(text.contains("Intake reviewed today."))
                #expect(text.contains("Last reviewed"))
            } catch {
                try? await browser.screenshot(to: BrowserTests.screenshots.appending(path: "intake-failure.png"))
                await browser.quit()
                throw error
            }
            await browser.quit()
        }
    }
}
