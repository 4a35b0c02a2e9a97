import CatalogueCore
import Foundation
import StoreInterface
import Testing

/// Patch tests, readings, corrections and the client profile behave the same on every backend.
@Suite("Patch test store contract")
struct PatchTestStoreContractTests {
    static let resolution = #"{"e":[["Simmondsia Chinensis Seed Oil","i",["jojoba-oil"],"s"],["Linalool","a",["linalool"],"a"]]}"#

    @Test("tests pin the formulation; readings and corrections are entries of their own; the profile holds what is in force", arguments: Backend.available)
    func patchTests(backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let now = Date()
            let formulation = try #require(
                try await backend.addProduct(to: store, supplier: "naturalis", sku: "JOJ-1", name: "Jojoba", resolution: Self.resolution)
            )
            try await backend.addProduct(to: store, supplier: "naturalis", sku: "BARE", name: "No list yet")
            let client = try await store.addClient(
                name: "Ines", conditions: [ConditionID(rawValue: "eczema")], note: nil, actor: "test", sameName: false, at: now
            )
            _ = try await store.addAllergy(
                client: client, target: .allergen(AllergenID(rawValue: "geraniol")), enteredName: "Geraniol", source: .dermatologist, note: nil,
                actor: "test", reading: .weakPositive, at: now
            )
            _ = try await store.addAllergy(
                client: client, target: .allergen(AllergenID(rawValue: "limonene")), enteredName: "Limonene", source: .dermatologist, note: nil,
                actor: "test", reading: .negative, at: now
            )
            _ = try await store.addHistoryEntry(
                client: client, item: HistoryItemID(rawValue: "diabetes"), since: nil, source: .gpLetter, note: nil, corrects: nil, actor: "test", at: now
            )

            func apply(_ client: Int64, _ sku: String, at: Date) async throws -> Int64 {
                try await store.applyPatchTest(
                    client: client, supplier: "naturalis", sku: sku, site: " inner forearm\u{0}\u{202E} ", concentration: "2 %", carrier: nil,
                    occluded: true, at: at, actor: "ana", now: now
                )
            }
            #expect(await refusalCode { _ = try await apply(client, "JOJ-1", at: now + 3_600) } == "CLINIC-TIME-FUTURE")
            #expect(await refusalCode { _ = try await apply(999_999, "JOJ-1", at: now) } == "CLINIC-UNKNOWN-CLIENT")
            #expect(await refusalCode { _ = try await apply(client, "NOPE", at: now) } == "CLINIC-UNKNOWN-PRODUCT")
            #expect(await refusalCode { _ = try await apply(client, "BARE", at: now) } == "CLINIC-NO-FORMULATION")

            let test = try await apply(client, "JOJ-1", at: now - 72 * 3_600)
            #expect(try await store.dueReadings(now: now, minimumHours: 24).map(\.test.id) == [test])
            #expect(await refusalCode { _ = try await store.recordReading(test: test, result: .negative, at: now - 100 * 3_600, relevance: nil, actor: "ana", now: now) } == "CLINIC-READING-BEFORE-APPLICATION")
            #expect(await refusalCode { _ = try await store.recordReading(test: test, result: .reported, at: now, relevance: nil, actor: "ana", now: now) } == "CLINIC-REPORTED-IS-NOT-A-READING")
            #expect(await refusalCode { _ = try await store.recordReading(test: 999_999, result: .negative, at: now, relevance: nil, actor: "ana", now: now) } == "CLINIC-UNKNOWN-TEST")
            let early = try await store.recordReading(test: test, result: .doubtful, at: now - 24 * 3_600, relevance: nil, actor: "ana", now: now)
            _ = try await store.recordReading(test: test, result: .strongPositive, at: now - 3_600, relevance: .current, actor: "ana", now: now)
            #expect(await refusalCode { try await store.correctPatchTest(test: test, reading: 999_999, kind: "refuted", reason: "x", actor: "ana", now: now) } == "CLINIC-UNKNOWN-READING")
            #expect(await refusalCode { try await store.correctPatchTest(test: test, reading: early, kind: "deleted", reason: "x", actor: "ana", now: now) } == "CLINIC-CORRECTION-KIND")
            #expect(await refusalCode { try await store.correctPatchTest(test: test, reading: early, kind: "refuted", reason: "\u{200B}", actor: "ana", now: now) } == "CLINIC-CORRECTION-REASON")
            #expect(await refusalCode { try await store.correctPatchTest(test: 999_999, reading: nil, kind: "refuted", reason: "x", actor: "ana", now: now) } == "CLINIC-UNKNOWN-TEST")
            try await store.correctPatchTest(test: test, reading: early, kind: "refuted", reason: "read on the wrong arm", actor: "ana", now: now)

            let listing = try #require(try await store.patchTestListing(test))
            #expect(listing.clientID == client && listing.clientName == "Ines" && listing.correction == nil)
            #expect(listing.test.productReference == "naturalis:JOJ-1" && listing.test.productName == "Jojoba" && listing.test.formulationID == formulation)
            #expect(listing.test.formulationVersion == 1 && listing.test.site == "inner forearm" && listing.test.concentration == "2 %" && listing.test.carrier == nil)
            #expect(listing.test.occluded && listing.test.ingredients.map(\.rawValue).contains("jojoba-oil") && listing.test.allergens.map(\.rawValue) == ["linalool"])
            #expect(listing.test.readings.map(\.result) == [.strongPositive] && listing.test.readings.first?.relevance == .current)
            #expect(try await store.dueReadings(now: now, minimumHours: 24).isEmpty)

            // A reported reaction, and a test entered in error.
            let reaction = try await store.recordReportedReaction(
                client: client, supplier: "naturalis", sku: "JOJ-1", at: now - 7_200, note: "itchy\u{1B}[31m", actor: "ana", now: now
            )
            let wrong = try await apply(client, "JOJ-1", at: now - 60)
            try await store.correctPatchTest(test: wrong, reading: nil, kind: "entered-in-error", reason: "wrong client", actor: "ana", now: now)
            #expect(await refusalCode { _ = try await store.recordReading(test: wrong, result: .negative, at: now, relevance: nil, actor: "ana", now: now) } == "CLINIC-TEST-CORRECTED")
            let listings = try await store.patchTestListings(client: client)
            #expect(listings.map(\.test.id) == [wrong, reaction, test])
            #expect(listings.map(\.correction) == ["entered-in-error: wrong client", nil, nil])
            #expect(listings[1].test.site == "reported: itchy[31m" && listings[1].test.readings.map(\.result) == [.reported])
            #expect(await refusalCode { _ = try await store.patchTestListings(client: 999_999) } == "CLINIC-UNKNOWN-CLIENT")
            #expect(try await store.patchTestListing(999_999) == nil)

            let profile = try #require(try await store.clientProfile(client))
            #expect(profile.name == "Ines" && profile.conditions == [ConditionID(rawValue: "eczema")])
            #expect(profile.allergies.map(\.enteredName) == ["Geraniol"] && profile.testedNegative.map(\.enteredName) == ["Limonene"])
            #expect(profile.patchTests.map(\.id) == [test, reaction])
            #expect(profile.medicalHistory.map(\.item.rawValue) == ["diabetes"] && profile.historyOnRecord)
            #expect(try await store.clientProfile(999_999) == nil)
            // No entry and no review: the history is not on record until the intake is reviewed.
            let rui = try await store.addClient(name: "Rui", conditions: [], note: nil, actor: "test", sameName: false, at: now)
            #expect(try await store.clientProfile(rui)?.historyOnRecord == false)
            _ = try await store.recordIntakeReview(client: rui, note: nil, actor: "ana", at: now)
            #expect(try await store.clientProfile(rui)?.historyOnRecord == true)
            #expect(try await store.allClientProfiles().map(\.name) == ["Ines", "Rui"])

            let taxonomy = try Taxonomy(ingredients: [], allergens: [], foodAllergenClasses: [], crossReactivityGroups: [], properties: [], conditions: [])
            let facts = try #require(try await store.formulationFacts(formulation, taxonomy: taxonomy))
            #expect(facts.reference == "naturalis:JOJ-1" && facts.formulationID == formulation && facts.version == 1 && facts.hasIngredientList)
            #expect(try await store.formulationFacts(999_999, taxonomy: taxonomy) == nil)
        }
    }
}
