import CatalogueCore
@_spi(SQLite) import CatalogueStore
import Foundation
import GRDB
import OilCatalogue
import Testing
import StoreInterface

/// Issue 18's scenarios end to end on a real SQLite database: products through the importer, history through the
/// store, verdicts from the engine through the listing, treatment notes through the client report, and reception's
/// check through the stock check.
@Suite("Medical history scenarios on a real database")
struct MedicalHistoryScenarioTests {
    static let feed = GoogleFeed.make([
        ("SAGEWG", "18.00 GBP", "Simmondsia Chinensis Seed Oil, Salvia Officinalis Oil, Gaultheria Procumbens Leaf Oil"),
        ("JOJOBA", "10.00 GBP", "Simmondsia Chinensis (Jojoba) Seed Oil"),
        ("WG", "9.00 GBP", "Helianthus Annuus Seed Oil, Gaultheria Procumbens Leaf Oil"),
        ("CLOVE", "9.00 GBP", "Helianthus Annuus Seed Oil, Eugenia Caryophyllus Leaf Oil"),
        ("BALM", "12.00 GBP", "Butyrospermum Parkii Butter, Cera Alba, Capsicum Frutescens Resin"),
        ("LAV2", "11.00 GBP", "Simmondsia Chinensis Seed Oil, Lavandula Angustifolia Oil 2%"),
        ("LAV05", "11.00 GBP", "Simmondsia Chinensis Seed Oil, Lavandula Angustifolia Oil 0.5%"),
        ("LAVNS", "11.00 GBP", "Simmondsia Chinensis Seed Oil, Lavandula Angustifolia Oil"),
    ])

    /// Words that would tell reception something clinical.
    static let clinicalWords = [
        "pregnan", "anticoag", "diabet", "thujone", "salicylate", "eugenol", "contraindicated", "caution", "blocked",
        "pressure", "history", "tisserand", "neuropathy", "warming", "source", "reason",
    ]

    func prepared() async throws -> (ImportHarness, Int64) {
        let harness = try ImportHarness()
        try harness.addSupplier(format: "google-merchant")
        try await harness.importFeed(Self.feed)
        let client = try harness.database.addClient(name: "Grace", conditions: [], note: nil, actor: "test")
        for sku in ["SAGEWG", "JOJOBA", "WG", "CLOVE", "BALM", "LAV2", "LAV05", "LAVNS"] {
            try await harness.database.changeStock(
                .receive, location: "front-desk", supplier: "acme", sku: sku, quantity: 2, batch: nil, expires: nil, opened: nil,
                reorderLevel: nil, actor: "test"
            )
        }
        return (harness, client)
    }

    /// Every product's verdict for the client, through the listing the CLI and the web app use.
    func verdicts(_ harness: ImportHarness, client: Int64) async throws -> [String: SuitabilityRow] {
        let taxonomy = RepositoryCatalogue.taxonomy
        let profile = try #require(try harness.database.clientProfile(client))
        let (rows, _) = try await SuitabilityListing.rows(
            taxonomy: taxonomy, fingerprint: "scenario", client: profile, database: harness.database, properties: [], stock: [:],
            checksStock: false, includeBlocked: true, limit: nil
        )
        var result: [String: SuitabilityRow] = [:]
        for row in rows { result[String(row.product.dropFirst("acme:".count))] = row }
        // The fast statuses and the full verdicts agree.
        let engine = SuitabilityEngine(taxonomy: taxonomy, client: profile)
        for product in try await harness.database.catalogueProducts(taxonomy: taxonomy) {
            #expect(engine.status(of: product.facts) == engine.evaluate(product.facts).status, "\(product.facts.reference)")
            if let fast = engine.status(of: product.facts.key) {
                #expect(fast == engine.evaluate(product.facts).status, "fast path for \(product.facts.reference)")
            }
        }
        return result
    }

    func item(_ name: String) throws -> HistoryItemID { try #require(RepositoryCatalogue.taxonomy.historyItem(named: name)).id }

    func report(_ harness: ImportHarness, client: Int64) async throws -> ClientReport {
        try await ClientReport(
            client: try #require(try harness.database.clientProfile(client)), taxonomy: RepositoryCatalogue.taxonomy,
            fingerprint: "scenario", database: harness.database
        )
    }

    /// Reception's check: one word per product, and nothing clinical in what it gets.
    func expectReceptionSeesNothingClinical(_ harness: ImportHarness, client: Int64) async throws {
        let rows = try await SuitabilityListing.stockCheck(
            taxonomy: RepositoryCatalogue.taxonomy, client: try #require(try harness.database.clientProfile(client)),
            database: harness.database, location: "front-desk", properties: []
        )
        #expect(rows.count == 8)
        let json = String(decoding: try JSONEncoder().encode(rows), as: UTF8.self).lowercased()
        for word in Self.clinicalWords { #expect(!json.contains(word), "reception's check mentions '\(word)'") }
    }

    @Test("pregnancy blocks a sage and wintergreen blend with reasons, caps essential oils at 1 %, and leaves jojoba safe")
    func pregnancy() async throws {
        let (harness, client) = try await prepared()
        _ = try harness.database.addHistoryEntry(
            client: client, item: try item("pregnant"), since: "2026-06-01", source: .clientReported, note: nil, actor: "test"
        )
        let rows = try await verdicts(harness, client: client)
        let blend = try #require(rows["SAGEWG"])
        #expect(blend.status == "blocked")
        #expect(blend.reasons.contains { $0.hasPrefix("blocked: contains Gaultheria Procumbens Leaf Oil (methyl salicylate), salicylates are teratogenic") })
        #expect(blend.reasons.contains { $0.hasPrefix("blocked: contains Salvia Officinalis Oil (thujone)") && $0.contains("Tisserand") })
        #expect(rows["JOJOBA"]?.status == "safe")
        #expect(rows["LAV2"]?.status == "caution")
        #expect(rows["LAV2"]?.reasons.contains { $0.contains("at 2 %, above 1 %, the dilution cap for essential oils in pregnancy") } == true)
        #expect(rows["LAV05"]?.status == "safe")
        #expect(rows["LAVNS"]?.status == "caution")
        #expect(rows["LAVNS"]?.reasons.contains { $0.contains("concentration not stated") } == true)
        let notes = try await report(harness, client: client).treatment_notes
        #expect(notes.contains { $0.text.contains("no deep abdominal work") && !$0.source.isEmpty })
        try await expectReceptionSeesNothingClinical(harness, client: client)
    }

    @Test("anticoagulants block wintergreen and caution clove, with the pressure note")
    func anticoagulants() async throws {
        let (harness, client) = try await prepared()
        _ = try harness.database.addHistoryEntry(
            client: client, item: try item("warfarin"), since: nil, source: .gpLetter, note: "warfarin", actor: "test"
        )
        let rows = try await verdicts(harness, client: client)
        #expect(rows["WG"]?.status == "blocked")
        #expect(rows["WG"]?.reasons.first?.hasPrefix(
            "blocked: contains Gaultheria Procumbens Leaf Oil (methyl salicylate), contraindicated with anticoagulant medication"
        ) == true)
        #expect(rows["WG"]?.reasons.first?.contains("(Tisserand") == true || rows["WG"]?.reasons.first?.contains("[RT]") == true)
        #expect(rows["CLOVE"]?.status == "caution")
        #expect(rows["CLOVE"]?.reasons.contains { $0.hasPrefix("caution: contains Eugenia Caryophyllus Leaf Oil (eugenol)") } == true)
        #expect(rows["JOJOBA"]?.status == "safe")
        #expect(rows["LAVNS"]?.status == "safe")
        #expect(try await report(harness, client: client).treatment_notes.contains { $0.text.hasPrefix("Gentle pressure only") })
        try await expectReceptionSeesNothingClinical(harness, client: client)
    }

    @Test("a resolution recorded in error is put right by a correction, never withdrawn out of existence")
    func mistakenResolution() async throws {
        let (harness, client) = try await prepared()
        let first = try harness.database.addHistoryEntry(
            client: client, item: try item("warfarin"), since: nil, source: .gpLetter, note: nil, actor: "test"
        )
        let resolution = try harness.database.resolveHistoryEntry(first, on: nil, note: "wrong client", actor: "test")
        #expect(try await verdicts(harness, client: client)["WG"]?.status == "safe")
        let refused = #expect(throws: ClinicStoreError.self) {
            try harness.database.withdrawHistoryEntry(resolution, reason: "resolved on the wrong client", actor: "test")
        }
        #expect(refused?.code == "CLINIC-HISTORY-WITHDRAW-REPLACEMENT")
        #expect(try await verdicts(harness, client: client)["WG"]?.status == "safe")
        _ = try harness.database.addHistoryEntry(
            client: client, item: try item("warfarin"), since: nil, source: .gpLetter, note: "still on warfarin", corrects: resolution,
            actor: "test"
        )
        #expect(try await verdicts(harness, client: client)["WG"]?.status == "blocked")
    }

    @Test("a withdrawal of a resolution recorded before it was refused puts the resolved item back in force")
    func earlierWithdrawnResolution() async throws {
        let (harness, client) = try await prepared()
        let first = try harness.database.addHistoryEntry(
            client: client, item: try item("warfarin"), since: nil, source: .gpLetter, note: nil, actor: "test"
        )
        let resolution = try harness.database.resolveHistoryEntry(first, on: nil, note: nil, actor: "test")
        // What an earlier version let a therapist record.
        try harness.database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO clientHistoryEntry (clientId, itemId, status, source, note, supersedesId, recordedBy, recordedAt)
                    VALUES (?, 'anticoagulants', 'entered-in-error', 'gp-letter', 'wrong', ?, 'test', ?)
                    """,
                arguments: [client, resolution, Date()]
            )
        }
        #expect(try await verdicts(harness, client: client)["WG"]?.status == "blocked")
        let listing = try harness.database.historyListings(client: client)
        #expect(listing.first { $0.entry.id == first }?.inForce == true)
        let again = #expect(throws: ClinicStoreError.self) { try harness.database.resolveHistoryEntry(first, on: nil, note: nil, actor: "test") }
        #expect(again?.code == "CLINIC-HISTORY-SUPERSEDED")
    }

    @Test("diabetes cautions a capsicum balm and shows the pressure note")
    func diabetes() async throws {
        let (harness, client) = try await prepared()
        _ = try harness.database.addHistoryEntry(client: client, item: try item("diabetes"), since: "2019-03-01", source: .clientReported, note: nil, actor: "test")
        let rows = try await verdicts(harness, client: client)
        #expect(rows["BALM"]?.status == "caution")
        #expect(rows["BALM"]?.reasons.contains { $0.hasPrefix("caution: contains Capsicum Frutescens Resin (warming, rubefacient)") } == true)
        #expect(rows["JOJOBA"]?.status == "safe")
        let notes = try await report(harness, client: client).treatment_notes
        #expect(notes.contains { $0.item == "diabetes" && $0.text.hasPrefix("Lighter pressure on the feet and legs") && $0.source.contains("CONTRAINDICATIONS") })
        try await expectReceptionSeesNothingClinical(harness, client: client)
    }

    @Test("a resolved history item no longer applies, and its entries stay listed")
    func resolved() async throws {
        let (harness, client) = try await prepared()
        let entry = try harness.database.addHistoryEntry(client: client, item: try item("pregnancy"), since: nil, source: .clientReported, note: nil, actor: "test")
        #expect(try await verdicts(harness, client: client)["SAGEWG"]?.status == "blocked")
        let resolution = try harness.database.resolveHistoryEntry(entry, on: nil, note: "delivered", actor: "test")
        let rows = try await verdicts(harness, client: client)
        #expect(rows["SAGEWG"]?.status == "safe")
        #expect(rows["LAVNS"]?.status == "safe")
        #expect(try await report(harness, client: client).treatment_notes.isEmpty)
        let listings = try harness.database.historyListings(client: client)
        #expect(listings.map(\.entry.id) == [entry, resolution])
        #expect(listings[0].supersededBy == resolution)
        #expect(listings[1].entry.status == .resolved && listings[1].entry.resolvedOn != nil)
        // A resolved entry cannot be resolved again, nor the superseded one.
        #expect(throws: ClinicStoreError.self) { try harness.database.resolveHistoryEntry(resolution, on: nil, note: nil, actor: "test") }
        #expect(throws: ClinicStoreError.self) { try harness.database.resolveHistoryEntry(entry, on: nil, note: nil, actor: "test") }
        try await expectReceptionSeesNothingClinical(harness, client: client)
    }

    @Test("a correction replaces an entry without deleting it, and both are audited")
    func correction() async throws {
        let (harness, client) = try await prepared()
        let wrong = try harness.database.addHistoryEntry(client: client, item: try item("diabetes"), since: nil, source: .clientReported, note: nil, actor: "test")
        #expect(try await verdicts(harness, client: client)["BALM"]?.status == "caution")
        let corrected = try harness.database.addHistoryEntry(
            client: client, item: try item("anticoagulants"), since: "2026-01-10", source: .gpLetter, note: "was mis-keyed as diabetes",
            corrects: wrong, actor: "test"
        )
        let rows = try await verdicts(harness, client: client)
        #expect(rows["BALM"]?.status == "safe")
        #expect(rows["WG"]?.status == "blocked")
        let listings = try harness.database.historyListings(client: client)
        #expect(listings.count == 2)
        #expect(listings.first { $0.entry.id == wrong }?.supersededBy == corrected)
        #expect(listings.first { $0.entry.id == corrected }?.entry.supersedes == wrong)
        #expect(try harness.database.clientProfile(client)?.medicalHistory.map(\.id) == [corrected])
        let actions = try harness.database.read {
            try String.fetchAll($0, sql: "SELECT action FROM auditLog WHERE entity = 'clientHistoryEntry' ORDER BY id")
        }
        #expect(actions == ["history.add", "history.correct"])
        // Correcting the superseded entry again is refused and writes nothing.
        #expect(throws: ClinicStoreError.self) {
            try harness.database.addHistoryEntry(client: client, item: try item("epilepsy"), since: nil, source: .clientReported, note: nil, corrects: wrong, actor: "test")
        }
        #expect(try harness.database.historyListings(client: client).count == 2)
        try await expectReceptionSeesNothingClinical(harness, client: client)
    }

    @Test("bad input is refused with a clear error and writes nothing")
    func badInput() async throws {
        let (harness, client) = try await prepared()
        let audit = try harness.database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM auditLog") }
        for since in ["2026-02-31", "yesterday", "2999-01-01"] {
            #expect(throws: ClinicStoreError.self) {
                try harness.database.addHistoryEntry(client: client, item: "pregnancy", since: since, source: .clientReported, note: nil, actor: "test")
            }
        }
        #expect(throws: ClinicStoreError.self) {
            try harness.database.addHistoryEntry(client: 999, item: "pregnancy", since: nil, source: .clientReported, note: nil, actor: "test")
        }
        #expect(throws: ClinicStoreError.self) { try harness.database.resolveHistoryEntry(12345, on: nil, note: nil, actor: "test") }
        #expect(throws: ClinicStoreError.self) { try harness.database.withdrawHistoryEntry(1, reason: "  ", actor: "test") }
        #expect(try harness.database.historyListings(client: client).isEmpty)
        #expect(try harness.database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM auditLog") } == audit)
    }

    @Test("an entry whose item left the reference data makes nothing known to be safe")
    func unknownItem() async throws {
        let (harness, client) = try await prepared()
        _ = try harness.database.addHistoryEntry(client: client, item: "retired-item", since: nil, source: .clientReported, note: nil, actor: "test")
        let rows = try await verdicts(harness, client: client)
        #expect(rows["JOJOBA"]?.status == "unknown")
        #expect(rows["JOJOBA"]?.reasons.contains { $0.contains("'retired-item'") } == true)
        #expect(rows["WG"]?.status == "unknown")
    }

    @Test("reception: an expired batch asks the therapist; an opening day in the future is refused")
    func expiredAndFutureStock() async throws {
        let (harness, client) = try await prepared()
        let day = { (offset: Double) -> String in
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withFullDate]
            return formatter.string(from: Date().addingTimeInterval(offset * 86_400))
        }
        try await harness.database.changeStock(
            .receive, location: "back-room", supplier: "acme", sku: "JOJOBA", quantity: 1, batch: "OLD", expires: day(-30),
            opened: nil, reorderLevel: nil, actor: "test"
        )
        let profile = try #require(try harness.database.clientProfile(client))
        let stock = try harness.database.stock(at: "back-room")
        let (rows, _) = try await SuitabilityListing.rows(
            taxonomy: RepositoryCatalogue.taxonomy, fingerprint: "scenario", client: profile, database: harness.database,
            properties: [], stock: stock, checksStock: true, includeBlocked: true, limit: nil
        )
        let jojoba = try #require(rows.first { $0.product == "acme:JOJOBA" })
        #expect(jojoba.receptionVerdict == .askTherapist)
        #expect(jojoba.reasons.contains { $0.contains("expired on") })
        #expect(throws: ClinicStoreError.self) {
            try harness.database.changeStock(
                .receive, location: "front-desk", supplier: "acme", sku: "LAV2", quantity: 1, batch: "NEW", expires: nil,
                opened: day(200), reorderLevel: nil, actor: "test"
            )
        }
    }

    @Test("reception: a misspelt location is refused, not shown as an empty shelf; a dropped product still on the shelf is checked")
    func locationAndDroppedProduct() async throws {
        let (harness, client) = try await prepared()
        let profile = try #require(try harness.database.clientProfile(client))
        let taxonomy = RepositoryCatalogue.taxonomy
        let error = await #expect(throws: ClinicStoreError.self) {
            try await SuitabilityListing.stockCheck(taxonomy: taxonomy, client: profile, database: harness.database, location: "front-dsk", properties: [])
        }
        #expect(error?.code == "STOCK-UNKNOWN-LOCATION" && error?.message.contains("'front-desk'") == true)
        // The supplier drops JOJOBA (7 of 8 kept); the bottles on the front desk are still there.
        let withoutJojoba = Self.feed.replacingOccurrences(
            of: #"<item>\s*<g:id>JOJOBA</g:id>.*?</item>"#, with: "", options: .regularExpression
        )
        #expect(withoutJojoba != Self.feed)
        let report = try await harness.importFeed(withoutJojoba, maxErrors: nil)
        #expect(report.counts.removed == 1)
        let rows = try await SuitabilityListing.stockCheck(taxonomy: taxonomy, client: profile, database: harness.database, location: "front-desk", properties: [])
        #expect(rows.contains { $0.product == "acme:JOJOBA" }, "\(rows.map(\.product))")
    }
}
