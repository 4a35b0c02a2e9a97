import CatalogueCore
@_spi(SQLite) import CatalogueStore
@testable import ClinicServer
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The therapist's forms as a browser posts them: a reading has no default result, a `++` asks for relevance,
/// corrections are new entries with a reason, and every write reaches the audit log with the user.
@Suite struct TherapistFormTests {
    func post(_ client: some TestClientProtocol, _ session: SessionClient, _ path: String, _ body: String) async throws -> TestResponse {
        try await client.execute(
            uri: path, method: .post, headers: [.cookie: session.cookie, .contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(string: "_csrf=\(session.csrf)&" + body)
        )
    }

    func lastAudit(_ harness: ServerHarness) throws -> (actor: String, action: String)? {
        try harness.database.read { db in
            try Row.fetchOne(db, sql: "SELECT actor, action FROM auditLog ORDER BY id DESC LIMIT 1").map { ($0[0], $0[1]) }
        }
    }

    @Test func aReadingWithoutAResultOrAStrongOneWithoutRelevanceIsRefusedAndNothingIsWritten() async throws {
        let harness = try await ServerHarness()
        let jojoba = try #require(try harness.database.patchTestListings(client: harness.client).first { $0.test.productReference.hasSuffix("NAT-JOJ-100") }?.test.id)
        try await harness.application.test(.router) { client in
            let session = try await SessionClient.signIn(client, as: .therapist)
            let before = try harness.auditCount()
            for body in ["result=", "relevance=current", "result=++", "result=%2B%2B%2B&relevance="] {
                let response = try await post(client, session, "/patch-tests/\(jojoba)/readings", body)
                #expect(response.status == .badRequest, "\(body): \(response.status)")
                #expect(response.text.contains("nothing was recorded"), "\(body): \(response.text.prefix(300))")
            }
            #expect(try harness.auditCount() == before, "nothing was written")
            let page = try await client.execute(uri: "/clients/\(harness.client)", method: .get, headers: [.cookie: session.cookie])
            #expect(page.text.contains("<option value=\"\">Choose the result…</option>"), "no result is chosen in advance")
            #expect(!page.text.contains(" selected>negative"))
            let good = try await post(client, session, "/patch-tests/\(jojoba)/readings", "result=%2B%2B&relevance=current")
            #expect(good.status == .seeOther)
            #expect(try lastAudit(harness)?.action == "patch-test.read")
        }
    }

    @Test func correctionsReactionsAndEditsAreNewEntriesInTheAuditLog() async throws {
        let harness = try await ServerHarness()
        try await harness.application.test(.router) { client in
            let session = try await SessionClient.signIn(client, as: .therapist)
            let before = try harness.auditCount()
            // A correction needs a kind and a reason.
            for body in ["kind=entered-in-error&reason=", "kind=deleted&reason=typo", "reason=typo"] {
                let response = try await post(client, session, "/patch-tests/\(harness.blendTest)/corrections", body)
                #expect(response.status == .badRequest, "\(body): \(response.status)")
            }
            #expect(try harness.auditCount() == before)
            let corrected = try await post(client, session, "/patch-tests/\(harness.blendTest)/corrections", "reading=test&kind=entered-in-error&reason=wrong+client")
            #expect(corrected.status == .seeOther)
            #expect(corrected.headers[.location] == "/clients/\(harness.client)?notice=test-corrected&n=\(harness.blendTest)")
            #expect(try lastAudit(harness)?.action == "patch-test.correct")
            #expect(try lastAudit(harness)?.actor == "web:therapist")
            #expect(try harness.database.patchTestListing(harness.blendTest)?.correction != nil)
            // The test no longer blocks: the page no longer shows its ++ in the summary.
            let page = try await client.execute(uri: "/clients/\(harness.client)?notice=test-corrected&n=\(harness.blendTest)", method: .get, headers: [.cookie: session.cookie])
            #expect(page.text.contains("Correction of test \(harness.blendTest) recorded"))
            #expect(!page.text.contains("patch test #\(harness.blendTest) ++"))

            let reaction = try await post(client, session, "/clients/\(harness.client)/reactions", "product=naturalis%3ANAT-LAV-10&at=&note=itchy+rash")
            #expect(reaction.status == .seeOther)
            #expect(try lastAudit(harness)?.action == "reaction.report")

            let edit = try await post(client, session, "/clients/\(harness.client)/edit", "name=Ada+Lovelace&condition=eczema&note=prefers+unscented")
            #expect(edit.status == .seeOther)
            #expect(try lastAudit(harness)?.action == "client.update")
            let profile = try #require(try harness.database.clientProfile(harness.client))
            #expect(profile.conditions.map(\.rawValue) == ["eczema"])
        }
    }

    @Test func listsShowNoEmptyStockLocationAndNoZeroMore() async throws {
        let harness = try await ServerHarness()
        try await harness.application.test(.router) { client in
            for path in ["/clients/\(harness.client)", "/clients/\(harness.client)/safe-oils", "/clients/\(harness.client)/safe-oils?include_blocked=1",
                         "/clients/\(harness.client)/safe-oils/print", "/clients/\(harness.client)/safe-oils/print?location="] {
                let page = try await client.execute(uri: path, method: .get, headers: harness.headers(.therapist))
                #expect(page.status == .ok, "\(path)")
                #expect(!page.text.contains("and 0 more") && !page.text.contains(">0 more"), "\(path)")
                #expect(!page.text.contains("stock at <") && !page.text.contains("stock at </"), "\(path)")
            }
            let print = try await client.execute(uri: "/clients/\(harness.client)/safe-oils/print?location=front-desk", method: .get, headers: harness.headers(.therapist))
            #expect(print.text.contains("stock at front-desk"))
        }
    }

    @Test func avoidListPrintsInventoryNamesAsLabelsDoAndGivesEachNameOnce() {
        #expect(AvoidList.labelCase("ACETYLATED LANOLIN ALCOHOL") == "Acetylated Lanolin Alcohol")
        #expect(AvoidList.labelCase("CAPRYLIC/CAPRIC TRIGLYCERIDE") == "Caprylic/Capric Triglyceride")
        #expect(AvoidList.labelCase("PEG-75 LANOLIN") == "PEG-75 Lanolin")
        #expect(AvoidList.labelCase("Lavandula Angustifolia Oil") == "Lavandula Angustifolia Oil")
        let avoidances = [
            SuitabilityEngine.Avoidance(name: "LANOLIN CERA", reasons: ["blocked: contains LANOLIN CERA, implicated by Wool alcohols, a diagnosed allergen: wool alcohols (dermatologist, 2 November 2026, ++)"]),
            SuitabilityEngine.Avoidance(name: "Linalool", reasons: ["blocked: declares Linalool, a suspected allergen from patch test 1 (Lavender Calm, ++ at 72 h on 27 November 2026)"]),
        ]
        let groups = AvoidGroup.groups(avoidances, leavingOut: [AvoidList.key("Lanolin Cera")])
        #expect(groups.map(\.cause) == ["patch test #1 ++"], "a name an allergy line gives is not repeated")
        #expect(groups.first?.names == "Linalool")
        #expect(groups.first?.more == nil)
    }

    @Test func shortCausesNameTheTestTheAllergyOrTheName() {
        #expect(ReasonCause.of("blocked: contains Lavandula Angustifolia Oil, a suspected allergen from patch test 1 (Lavender Calm, 100 ml, ++ at 72 h on 27 November 2026)") == "patch test #1 ++")
        #expect(ReasonCause.of("blocked: patch test 12 on this product (version 2) was +++ at 48 h on 27 November 2026") == "patch test #12 +++")
        #expect(ReasonCause.of("unknown: 'Radiance Botanical Complex™' is not in the reference catalogue; not known to be safe") == "unresolved: Radiance Botanical Complex™")
        #expect(ReasonCause.of("blocked: contains Chamomilla Recutita Flower Extract, graded strong in Compositae (Paulsen 2017); a diagnosed allergen: Compositae mix (dermatologist, 3 November 2026)") == "Compositae mix (dermatologist)")
        #expect(ReasonCause.of("pending: patch test 4 applied 29 November 2026 is not finally read") == "patch test #4 not finally read")
        #expect(ReasonCause.of("caution: contains Citrus Aurantium Dulcis Peel Oil: sensitive skin caution — essential oils may irritate") == "sensitive skin caution")
        #expect(ReasonCause.of("unknown: the supplier gives no ingredient list; not known to be safe") == "no ingredient list")
        // A dermatologist's report: a label name a test allergen implicates, undisclosed fragrance, a graded cross-reactor.
        #expect(ReasonCause.of("blocked: contains Lanolin, implicated by Wool alcohols, a diagnosed allergen: wool alcohols (dermatologist, 2 November 2026, ++)") == "wool alcohols (dermatologist)")
        #expect(ReasonCause.of("blocked: contains Parfum, an undisclosed fragrance: Fragrance mix I is a general fragrance marker, and fragrance-allergic clients use fragrance-free products; a diagnosed allergen: fragrance mix I (dermatologist, 2 November 2026, +)") == "undisclosed fragrance — fragrance mix I (dermatologist)")
        #expect(ReasonCause.of("caution: contains Lauryl Glucoside, an alkyl glucoside; over 40 % of decyl- or lauryl-glucoside-positive patients react to the other; implicated by Decyl glucoside, a client-reported allergen: decyl glucoside (client-reported, 2 November 2026, +)") == "cross-reactor of decyl glucoside (client-reported)")
    }
}
