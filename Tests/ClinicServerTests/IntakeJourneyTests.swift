import CatalogueCore
@_spi(SQLite) import CatalogueStore
import ClinicServer
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OilCatalogue
import Testing
import StoreInterface

/// The intake journey through the web app, as a browser drives it: a therapist signs in (session cookie and CSRF
/// token), fills in the intake form, sees the treatment notes at the top of the client page and a blocked product
/// with its reason, marks the intake reviewed, and prints the list; reception's check for the same client stays
/// free of clinical words.
@Suite struct IntakeJourneyTests {
    /// A second supplier with a wintergreen rub, a clove oil and a plain carrier, stocked at the front desk.
    static let feed = """
        <?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:g="http://base.google.com/ns/1.0"><channel>
        <item><g:id>RUB-1</g:id><g:title>Muscle Rub</g:title><g:price>9.00 GBP</g:price><g:availability>in stock</g:availability><g:brand>Acme</g:brand><g:product_detail><g:attribute_name>INCI</g:attribute_name><g:attribute_value>Helianthus Annuus Seed Oil, Gaultheria Procumbens Leaf Oil</g:attribute_value></g:product_detail></item>
        <item><g:id>CLOVE-1</g:id><g:title>Clove Blend</g:title><g:price>9.00 GBP</g:price><g:availability>in stock</g:availability><g:brand>Acme</g:brand><g:product_detail><g:attribute_name>INCI</g:attribute_name><g:attribute_value>Helianthus Annuus Seed Oil, Eugenia Caryophyllus Leaf Oil</g:attribute_value></g:product_detail></item>
        <item><g:id>SUN-1</g:id><g:title>Plain Sunflower</g:title><g:price>5.00 GBP</g:price><g:availability>in stock</g:availability><g:brand>Acme</g:brand><g:product_detail><g:attribute_name>INCI</g:attribute_name><g:attribute_value>Helianthus Annuus Seed Oil</g:attribute_value></g:product_detail></item>
        </channel></rss>
        """

    static let clinicalWords = [
        "anticoag", "warfarin", "methyl salicylate", "eugenol", "contraindicated", "pressure", "treatment", "intake",
        "history", "bruising", "Tisserand", "gp-letter",
    ]

    func prepared() async throws -> (ServerHarness, Int64) {
        let harness = try await ServerHarness()
        let file = harness.folder.appending(path: "acme.xml")
        try Data(Self.feed.utf8).write(to: file)
        try harness.database.write { db in
            try SupplierRecord(id: "acme", name: "Acme", format: "google-merchant", source: file.path).insert(db)
        }
        let runner = ImportRunner(database: harness.database, taxonomy: harness.services.taxonomy, taxonomyFingerprint: harness.services.fingerprint)
        _ = try await runner.run(ImportRequest(
            supplier: "acme", feed: nil, dryRun: false, maxErrors: 0, allowLargeRemoval: false, archiveFolder: harness.folder.appending(path: "feeds")
        ))
        for sku in ["RUB-1", "CLOVE-1", "SUN-1"] {
            try await harness.database.changeStock(
                .receive, location: "front-desk", supplier: "acme", sku: sku, quantity: 2, batch: nil, expires: nil, opened: nil,
                reorderLevel: nil, actor: "test"
            )
        }
        let client = try harness.database.addClient(name: "Mary Somerville", conditions: [], note: nil, actor: "test")
        return (harness, client)
    }

    func post(_ client: some TestClientProtocol, _ session: SessionClient, _ path: String, _ fields: [(String, String)]) async throws -> TestResponse {
        let body = ([("_csrf", session.csrf)] + fields).map { name, value in
            "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value)"
        }.joined(separator: "&")
        return try await client.execute(
            uri: path, method: .post, headers: [.cookie: session.cookie, .contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(string: body)
        )
    }

    func page(_ client: some TestClientProtocol, _ session: SessionClient, _ path: String) async throws -> String {
        let response = try await client.execute(uri: path, method: .get, headers: [.cookie: session.cookie])
        #expect(response.status == .ok, "GET \(path) answered \(response.status)")
        return visibleText(response.text)
    }

    /// The same intake through the JSON API: a client without history reads caution everywhere; an entry, its
    /// resolution and a withdrawal are recorded; a review with nothing to report makes the plain carrier safe.
    @Test func theIntakeThroughTheAPI() async throws {
        let (harness, mary) = try await prepared()
        try await harness.application.test(.router) { client in
            let therapist = harness.headers(.therapist, json: true)
            func status(_ product: String) async throws -> String? {
                let list = try await client.execute(
                    uri: "/api/v1/clients/\(mary)/safe-oils?include_blocked=true&limit=1000", method: .get, headers: therapist
                )
                let object = try JSONSerialization.jsonObject(with: Data(list.text.utf8)) as? [String: Any]
                return (object?["products"] as? [[String: Any]])?.first { $0["product"] as? String == product }?["status"] as? String
            }
            #expect(try await status("acme:SUN-1") == "caution")
            func post(_ path: String, _ body: String) async throws -> (HTTPResponse.Status, Int64?) {
                let response = try await client.execute(uri: path, method: .post, headers: therapist, body: ByteBuffer(string: body))
                return (response.status, response.text.firstMatch(of: /"id":(\d+)/).flatMap { Int64($0.1) })
            }
            let (added, entry) = try await post("/api/v1/clients/\(mary)/history", #"{"item": "anticoagulants", "source": "gp-letter"}"#)
            #expect(added == .created)
            #expect(try await status("acme:RUB-1") == "blocked")
            #expect(try await status("acme:SUN-1") == "safe")
            let (resolved, resolution) = try await post("/api/v1/history-entries/\(try #require(entry))/resolve", #"{"note": "stopped"}"#)
            #expect(resolved == .created)
            #expect(try await status("acme:RUB-1") == "safe")
            // A resolution is not withdrawn (the item would vanish): a correction states what holds.
            let (refused, _) = try await post("/api/v1/history-entries/\(try #require(resolution))/withdraw", #"{"reason": "wrong client"}"#)
            #expect(refused == .unprocessableContent)
            let (corrected, correction) = try await post(
                "/api/v1/clients/\(mary)/history", #"{"item": "anticoagulants", "corrects": \#(try #require(resolution))}"#
            )
            #expect(corrected == .created)
            #expect(try await status("acme:RUB-1") == "blocked")
            let (withdrawn, _) = try await post("/api/v1/history-entries/\(try #require(correction))/withdraw", #"{"reason": "wrong client"}"#)
            #expect(withdrawn == .unprocessableContent)
            let (other, otherEntry) = try await post("/api/v1/clients/\(mary)/history", #"{"item": "diabetes"}"#)
            #expect(other == .created)
            let (withdrawnOther, _) = try await post("/api/v1/history-entries/\(try #require(otherEntry))/withdraw", #"{"reason": "wrong client"}"#)
            #expect(withdrawnOther == .created)
            #expect(try await post("/api/v1/clients/\(mary)/history", #"{"item": "broken leg"}"#).0 == .badRequest)
            #expect(try await post("/api/v1/clients/\(mary)/intake-review", "{}").0 == .created)
            #expect(try await post("/api/v1/clients/999999/intake-review", "{}").0 == .notFound)
            let reception = try await client.execute(
                uri: "/api/v1/clients/\(mary)/intake-review", method: .post, headers: harness.headers(.reception, json: true),
                body: ByteBuffer(string: "{}")
            )
            #expect(reception.status == .forbidden)
        }
    }

    @Test func theTherapistFillsInTheIntakeAndSeesTheNotesAndABlockedProductWithItsReason() async throws {
        let (harness, mary) = try await prepared()
        try await harness.application.test(.router) { client in
            let therapist = try await SessionClient.signIn(client, as: .therapist)
            var html = try await page(client, therapist, "/clients/\(mary)")
            #expect(html.contains("Intake: medical history"))
            #expect(html.contains("it has never been reviewed"))
            #expect(html.contains("No medical history recorded."))
            #expect(html.contains("The medical history is not on record: no product shows as safe for this client until it is."))

            // Fill in the intake form.
            let added = try await post(client, therapist, "/clients/\(mary)/history", [
                ("item", "anticoagulants"), ("since", "2026-01-10"), ("source", "gp-letter"), ("note", "warfarin 5 mg"),
            ])
            #expect(added.status == .seeOther)
            let location = try #require(added.headers[.location])
            #expect(location.hasPrefix("/clients/\(mary)?notice=history-recorded"))
            html = try await page(client, therapist, location)
            #expect(html.contains("History entry"))

            // The treatment notes come first, each with its source; then the intake table; then the blocked product.
            let notes = try #require(html.range(of: "Treatment notes"))
            let note = try #require(html.range(of: "Gentle pressure only: bruising risk."))
            let intake = try #require(html.range(of: "Intake: medical history"))
            #expect(notes.lowerBound < note.lowerBound && note.lowerBound < intake.lowerBound)
            #expect(html.contains("(source: CONTRAINDICATIONS.md"))
            #expect(html.contains("Anticoagulant or antiplatelet medication"))
            #expect(html.contains("warfarin 5 mg"))
            #expect(html.contains("Muscle Rub"))
            #expect(html.contains(
                "blocked: contains Gaultheria Procumbens Leaf Oil (methyl salicylate), contraindicated with anticoagulant medication"
            ))

            // Review the intake: the prompt goes, the date shows.
            let reviewed = try await post(client, therapist, "/clients/\(mary)/intake-review", [])
            #expect(reviewed.status == .seeOther)
            html = try await page(client, therapist, "/clients/\(mary)")
            #expect(html.contains("Last reviewed \(IntakeReviewStatus.day(Date())) by web:therapist"))
            #expect(!html.contains("it has never been reviewed"))
            #expect(!html.contains("The medical history is not on record"))

            // The printed list carries the notes for the therapist.
            let printed = try await page(client, therapist, "/clients/\(mary)/safe-oils/print")
            #expect(printed.contains("Treatment notes (for the therapist)"))
            #expect(printed.contains("Gentle pressure only"))

            // Bad input: an unknown item and a day that does not exist are refused and write nothing.
            let before = try harness.database.historyListings(client: mary).count
            let unknown = try await post(client, therapist, "/clients/\(mary)/history", [("item", "broken leg")])
            #expect(unknown.status == .badRequest)
            let badDay = try await post(client, therapist, "/clients/\(mary)/history", [("item", "diabetes"), ("since", "2026-02-31")])
            #expect(badDay.status == .unprocessableContent)
            #expect(try harness.database.historyListings(client: mary).count == before)

            // Reception: the check answers with a word per product and nothing clinical; the intake is out of reach.
            let reception = try await SessionClient.signIn(client, as: .reception)
            let check = try await page(client, reception, "/check?client=\(mary)&location=front-desk")
            #expect(check.contains("Muscle Rub"))
            #expect(check.contains("Not suitable"))
            #expect(check.contains("Ask the therapist"))
            for word in Self.clinicalWords {
                #expect(!check.localizedCaseInsensitiveContains(word), "reception saw '\(word)'")
            }
            let forbidden = try await post(client, reception, "/clients/\(mary)/history", [("item", "diabetes")])
            #expect(forbidden.status == .forbidden)
            #expect(try harness.database.historyListings(client: mary).count == before)
        }
    }
}
