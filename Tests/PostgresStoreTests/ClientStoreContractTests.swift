import CatalogueCore
import Foundation
import StoreInterface
import Testing

/// Clients and their allergies behave the same on every backend.
@Suite("Client store contract")
struct ClientStoreContractTests {
    @Test("names are cleaned, a second client of one name needs confirming, search ignores case in any script and Unicode form, lists are in name order", arguments: Backend.available)
    func clients(backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let now = Date()
            let zoe = try await store.addClient(
                name: " Zoë\u{202E} Ångström ", conditions: [ConditionID(rawValue: "psoriasis"), ConditionID(rawValue: "eczema")],
                note: "line one\r\nline two\u{0}\u{1B}[2J", actor: "test", sameName: false, at: now
            )
            let same = await #expect(throws: ClinicStoreError.self) {
                try await store.addClient(name: "ZOË   ÅNGSTRÖM", conditions: [], note: nil, actor: "test", sameName: false, at: now)
            }
            #expect(same?.code == "CLINIC-CLIENT-EXISTS")
            let twin = try await store.addClient(name: "zoë ångström", conditions: [], note: nil, actor: "test", sameName: true, at: now)
            let blank = await #expect(throws: ClinicStoreError.self) {
                try await store.addClient(name: "\u{200B} \u{2028}", conditions: [], note: nil, actor: "test", sameName: false, at: now)
            }
            #expect(blank?.code == "CLINIC-CLIENT-NAME")
            let bob = try await store.addClient(name: "bob'); DROP TABLE \"client\";--", conditions: [], note: nil, actor: "test", sameName: false, at: now)
            let emile = try await store.addClient(name: "Émile", conditions: [], note: nil, actor: "test", sameName: false, at: now)
            let adam = try await store.addClient(name: "Ádám", conditions: [], note: nil, actor: "test", sameName: false, at: now)

            let first = try #require(try await store.clientSummary(zoe))
            #expect(first.name == "Zoë Ångström" && first.conditions == ["eczema", "psoriasis"] && first.note == "line one\nline two[2J")
            #expect(abs(first.createdAt.timeIntervalSince(now)) < 0.01)
            // ASCII letters without case, then the rest by bytes; one name by id.
            #expect(try await store.clients(matching: nil, limit: nil).map(\.id) == [bob, zoe, twin, adam, emile])
            #expect(try await store.clients(matching: nil, limit: 2).map(\.id) == [bob, zoe])
            #expect(try await store.clients(matching: "ZOE\u{0308}", limit: nil).map(\.id) == [zoe, twin])
            #expect(try await store.clients(matching: "ångSTRÖM", limit: 1).map(\.id) == [zoe])
            #expect(try await store.clients(matching: "drop table \"client\"", limit: nil).map(\.id) == [bob])
            #expect(try await store.clients(matching: "nobody", limit: nil).isEmpty)
            #expect(try await store.clients(matching: "zoë", limit: 0).isEmpty)
            #expect(try await store.clients(matching: nil, limit: 0).isEmpty)
            #expect(try await store.clientSummary(999_999) == nil)

            try await store.updateClient(
                id: zoe, name: "Zoë Ångström-Lind", note: nil, addConditions: [ConditionID(rawValue: "scars")],
                removeConditions: [ConditionID(rawValue: "psoriasis")], actor: "test", at: now
            )
            let renamed = try #require(try await store.clientSummary(zoe))
            #expect(renamed.name == "Zoë Ångström-Lind" && renamed.conditions == ["eczema", "scars"] && renamed.note == "line one\nline two[2J")
            try await store.updateClient(id: zoe, name: nil, note: "", addConditions: [], removeConditions: [], actor: "test", at: now)
            #expect(try await store.clientSummary(zoe)?.note == "")
            #expect(try await store.clientSummary(zoe)?.name == "Zoë Ångström-Lind")
            let unknown = await #expect(throws: ClinicStoreError.self) {
                try await store.updateClient(id: 999_999, name: nil, note: nil, addConditions: [], removeConditions: [], actor: "test", at: now)
            }
            #expect(unknown?.code == "CLINIC-UNKNOWN-CLIENT")
            let emptied = await #expect(throws: ClinicStoreError.self) {
                try await store.updateClient(id: zoe, name: " \u{FEFF}", note: nil, addConditions: [], removeConditions: [], actor: "test", at: now)
            }
            #expect(emptied?.code == "CLINIC-CLIENT-NAME")
        }
    }

    @Test("allergies belong to a known client, a report's lines are recorded together, and a retraction needs a reason and happens once", arguments: Backend.available)
    func allergies(backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let now = Date()
            let client = try await store.addClient(name: "Ines", conditions: [], note: nil, actor: "test", sameName: false, at: now)
            let linalool = AllergyTarget.ingredient(IngredientID(rawValue: "linalool"))
            let unknown = await #expect(throws: ClinicStoreError.self) {
                try await store.addAllergy(
                    client: 999_999, target: linalool, enteredName: "Linalool", source: .dermatologist, note: nil, actor: "test", reading: nil, at: now
                )
            }
            #expect(unknown?.code == "CLINIC-UNKNOWN-CLIENT")
            let allergy = try await store.addAllergy(
                client: client, target: linalool, enteredName: " Linalool\u{0} ", source: .dermatologist, note: "patch test\u{1B}", actor: "test",
                reading: .strongPositive, at: now
            )
            #expect(try await store.client(ofAllergy: allergy) == client)
            #expect(try await store.client(ofAllergy: 999_999) == nil)

            let lines = [
                AllergyReportLine(target: .allergen(AllergenID(rawValue: "geraniol")), enteredName: "Geraniol", reading: .weakPositive),
                AllergyReportLine(target: .testAllergen(TestAllergenID(rawValue: "fragrance-mix-1")), enteredName: "Fragrance mix I", reading: .negative),
                AllergyReportLine(target: .crossReactivityGroup(CrossReactivityGroupID(rawValue: "balsams")), enteredName: "Myroxylon pereirae", reading: .irritant),
            ]
            let ids = try await store.addAllergyReport(
                client: client, lines: lines, source: .dermatologist, note: nil, report: "report.csv", actor: "test", at: now
            )
            #expect(ids.count == 3 && ids == ids.sorted() && ids.allSatisfy { $0 > allergy })
            for id in ids { #expect(try await store.client(ofAllergy: id) == client) }
            let noClient = await #expect(throws: ClinicStoreError.self) {
                try await store.addAllergyReport(client: 999_999, lines: lines, source: .dermatologist, note: nil, report: "x", actor: "test", at: now)
            }
            #expect(noClient?.code == "CLINIC-UNKNOWN-CLIENT")

            let noReason = await #expect(throws: ClinicStoreError.self) {
                try await store.retractAllergy(allergy, reason: " \u{200B}…", actor: "test", at: now)
            }
            #expect(noReason?.code == "CLINIC-RETRACT-REASON")
            try await store.retractAllergy(allergy, reason: "entered for the wrong client", actor: "test", at: now)
            let twice = await #expect(throws: ClinicStoreError.self) {
                try await store.retractAllergy(allergy, reason: "again", actor: "test", at: now)
            }
            #expect(twice?.code == "CLINIC-UNKNOWN-ALLERGY")
        }
    }

    @Test("two receptionists adding one person at once, on one server or two: one record", arguments: Backend.available)
    func parallelAdds(backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let results = await atOnce(8) { index in
                _ = try await store.addClient(
                    name: index.isMultiple(of: 2) ? "Ana Lima" : "ANA  LIMA", conditions: [], note: nil, actor: "test", sameName: false, at: Date()
                )
            }
            #expect(results.filter { $0 == "done" }.count == 1)
            #expect(results.filter { $0 == "CLINIC-CLIENT-EXISTS" }.count == 7)
        }
    }
}
