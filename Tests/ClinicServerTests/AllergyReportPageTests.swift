import CatalogueCore
@_spi(SQLite) import CatalogueStore
import ClinicServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("A patch-test report on the client page")
struct AllergyReportPageTests {
    static func form(_ session: SessionClient, _ fields: [(String, String)]) -> ByteBuffer {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let pairs = [("_csrf", session.csrf)] + fields
        return ByteBuffer(string: pairs.map { "\($0)=\($1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&"))
    }

    @Test("paste, see what each line became, confirm: recorded, audited, and shown with the label names to avoid")
    func pasteAndConfirm() async throws {
        let harness = try await ServerHarness()
        // As a browser submits a textarea: CRLF line breaks.
        let report = "fragrance mix I: ++\r\nwool alcohols: +\r\nnickel sulfate: +\r\nformaldehyde: negative"
        try await harness.application.test(.router) { client in
            let session = try await SessionClient.signIn(client, as: .therapist)
            let headers: HTTPFields = [.cookie: session.cookie, .contentType: "application/x-www-form-urlencoded"]
            let preview = try await client.execute(
                uri: "/clients/\(harness.client)/allergy-report", method: .post, headers: headers,
                body: Self.form(session, [("report", report), ("source", "dermatologist")])
            )
            #expect(preview.status == .ok)
            #expect(preview.text.contains("Wool alcohols"))
            #expect(preview.text.contains("tested-negative"))
            #expect(preview.text.contains("Record this report"))
            #expect(try harness.database.clientProfile(harness.client)?.allergies.count == 1, "a preview records nothing")

            let confirmed = try await client.execute(
                uri: "/clients/\(harness.client)/allergy-report", method: .post, headers: headers,
                body: Self.form(session, [("report", report), ("source", "dermatologist"), ("confirm", "1")])
            )
            #expect(confirmed.status == .seeOther)
            let profile = try #require(try harness.database.clientProfile(harness.client))
            #expect(profile.allergies.count == 4)
            #expect(profile.testedNegative.count == 1)
            let audited = try harness.database.read {
                try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM auditLog WHERE action = 'allergy.report' AND actor LIKE '%therapist%'")
            }
            #expect(audited == 1)

            let page = try await client.execute(uri: "/clients/\(harness.client)", method: .get, headers: [.cookie: session.cookie])
            #expect(page.text.contains("Avoid: Lanolin; Lanolin Alcohol;"))
            #expect(page.text.contains("concerns no product of the catalogue"))
            #expect(page.text.contains("Tested negative:</strong> formaldehyde"))

            let print = try await client.execute(uri: "/clients/\(harness.client)/safe-oils/print", method: .get, headers: [.cookie: session.cookie])
            #expect(print.text.contains("<strong>Wool alcohols</strong>: avoid Lanolin, Lanolin Alcohol, Lanolin Oil"))
            #expect(print.text.contains("<strong>Fragrance mix I</strong>: avoid Amyl Cinnamal"))
            #expect(print.text.contains("Parfum"))
            #expect(!print.text.contains("Wool alcohols</strong>: avoid Lanolin, Lanolin Alcohol, Lanolin Oil, Lanolin Cera, Lanolin Acid, Hydrogenated Lanolin, Acetylated Lanolin, Acetylated Lanolin Alcohol, Hydroxylated Lanolin, Lanolin Linoleate, Isopropyl Lanolate, PEG-75 Lanolin, Laneth-10 Acetate ("), "no reading or date on the allergy line")
        }
    }

    @Test("a pasted report with an unknown name is refused with its line, and nothing is recorded")
    func unknownNameRefused() async throws {
        let harness = try await ServerHarness()
        try await harness.application.test(.router) { client in
            let session = try await SessionClient.signIn(client, as: .therapist)
            let response = try await client.execute(
                uri: "/clients/\(harness.client)/allergy-report", method: .post,
                headers: [.cookie: session.cookie, .contentType: "application/x-www-form-urlencoded"],
                body: Self.form(session, [("report", "wool alcohols: +\nunicorn dust: ++"), ("confirm", "1")])
            )
            #expect(response.status == .unprocessableContent)
            #expect(response.text.contains("pasted report:2"))
        }
        #expect(try harness.database.clientProfile(harness.client)?.allergies.count == 1)
    }
    @Test("an allergy entered in error is retracted with a reason from the client page, kept and audited; never without one")
    func retractAllergy() async throws {
        let harness = try await ServerHarness()
        let allergy = try #require(try harness.database.clientProfile(harness.client)?.allergies.first?.id)
        try await harness.application.test(.router) { client in
            let session = try await SessionClient.signIn(client, as: .therapist)
            let headers: HTTPFields = [.cookie: session.cookie, .contentType: "application/x-www-form-urlencoded"]
            let page = try await client.execute(uri: "/clients/\(harness.client)", method: .get, headers: [.cookie: session.cookie])
            #expect(page.text.contains("action=\"/allergies/\(allergy)/retract\""))

            let without = try await client.execute(
                uri: "/allergies/\(allergy)/retract", method: .post, headers: headers, body: Self.form(session, [("reason", "  ")])
            )
            #expect(without.status == .badRequest)
            #expect(try harness.database.clientProfile(harness.client)?.allergies.count == 1, "nothing retracted")
            for invisible in ["\u{202E}", "\u{200B}\u{200B}", "\u{2028}\u{FEFF}"] {
                let hidden = try await client.execute(
                    uri: "/allergies/\(allergy)/retract", method: .post, headers: headers, body: Self.form(session, [("reason", invisible)])
                )
                #expect(hidden.status == .badRequest, "a reason of invisible characters only is no reason")
            }
            #expect(try harness.database.clientProfile(harness.client)?.allergies.count == 1, "nothing retracted")

            let unknown = try await client.execute(
                uri: "/allergies/999999/retract", method: .post, headers: headers, body: Self.form(session, [("reason", "typo")])
            )
            #expect(unknown.status.code >= 400 && unknown.status.code < 500)

            let retracted = try await client.execute(
                uri: "/allergies/\(allergy)/retract", method: .post, headers: headers,
                body: Self.form(session, [("reason", "entered for the wrong\u{202E} client <script>")])
            )
            #expect(retracted.status == .seeOther)
            #expect(retracted.headers[.location]?.hasPrefix("/clients/\(harness.client)") == true)
            #expect(try harness.database.clientProfile(harness.client)?.allergies.isEmpty == true)
            let audited = try harness.database.read {
                try String.fetchOne($0, sql: "SELECT detail FROM auditLog WHERE action = 'allergy.retract' AND actor LIKE '%therapist%'")
            }
            #expect(audited?.contains("wrong client") == true, "stored without the bidi override")

            let again = try await client.execute(
                uri: "/allergies/\(allergy)/retract", method: .post, headers: headers, body: Self.form(session, [("reason", "twice")])
            )
            #expect(again.status.code >= 400 && again.status.code < 500, "an allergy is retracted once")
        }
    }
}
