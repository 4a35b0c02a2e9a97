import CatalogueCore
import Foundation
import StoreInterface
import Testing

/// Every backend writes the same audit log for the same changes, refusals writing none.
@Suite("Audit log contract")
struct AuditContractTests {
    /// The same day's work on each backend, refusals included.
    static func work(_ backend: Backend, _ store: any Backend.Store) async throws {
        let now = Date()
        let user = try await store.addUser(name: "Zoë \"admin\"", role: .admin, passwordHash: "h", actor: "setup", at: now)
        _ = try? await store.addUser(name: "ZOË \"ADMIN\"", role: .admin, passwordHash: "h", actor: "setup", at: now)
        let token = try await store.addAPIToken(user: user, label: "nightly\nimport", tokenHash: "t", actor: "setup", at: now)
        try await store.revokeAPIToken(token, actor: "zoë", at: now)
        try await store.setPasswordHash(user: user, passwordHash: "h2", actor: "zoë", at: now)
        try await store.setUserDisabled(user, disabled: true, actor: "zoë", at: now)
        _ = try await store.clearSignInFailures(name: "zoë", actor: "zoë", at: now)

        let formulation = try #require(
            try await backend.addProduct(to: store, supplier: "naturalis", sku: "JOJ-1", name: "Jojoba", resolution: PatchTestStoreContractTests.resolution)
        )
        try await store.changeStock(.receive, location: "front-desk", supplier: "naturalis", sku: "JOJ-1", quantity: 3, batch: "L1", expires: nil, opened: nil, reorderLevel: 1, actor: "rui", now: now)
        _ = try? await store.changeStock(.adjust, location: "front-desk", supplier: "naturalis", sku: "JOJ-1", quantity: -9, batch: "L1", expires: nil, opened: nil, reorderLevel: nil, actor: "rui", now: now)
        try await store.changeStock(.set, location: "front-desk", supplier: "naturalis", sku: "JOJ-1", quantity: 2.5, batch: "L1", expires: nil, opened: nil, reorderLevel: nil, actor: "rui", now: now)

        let client = try await store.addClient(name: "Ines", conditions: [ConditionID(rawValue: "eczema")], note: "n", actor: "ana", sameName: false, at: now)
        _ = try? await store.addClient(name: "INES", conditions: [], note: nil, actor: "ana", sameName: false, at: now)
        try await store.updateClient(id: client, name: "Inês", note: "new", addConditions: [ConditionID(rawValue: "scars")], removeConditions: [], actor: "ana", at: now)
        let allergy = try await store.addAllergy(client: client, target: .ingredient(IngredientID(rawValue: "linalool")), enteredName: "Linalool", source: .dermatologist, note: nil, actor: "ana", reading: .strongPositive, at: now)
        _ = try await store.addAllergyReport(
            client: client, lines: [AllergyReportLine(target: .allergen(AllergenID(rawValue: "geraniol")), enteredName: "Geraniol", reading: .negative)],
            source: .dermatologist, note: nil, report: "report \"1\".csv", actor: "ana", at: now
        )
        try await store.retractAllergy(allergy, reason: "wrong client", actor: "ana", at: now)
        let entry = try await store.addHistoryEntry(client: client, item: HistoryItemID(rawValue: "diabetes"), since: "2020-01-01", source: .gpLetter, note: nil, corrects: nil, actor: "ana", at: now)
        let resolved = try await store.resolveHistoryEntry(entry, on: "2021-01-01", note: nil, actor: "ana", at: now)
        _ = try? await store.withdrawHistoryEntry(resolved, reason: "typo", actor: "ana", at: now)
        _ = try await store.recordIntakeReview(client: client, note: nil, actor: "ana", at: now)
        let test = try await store.applyPatchTest(client: client, supplier: "naturalis", sku: "JOJ-1", site: "arm", concentration: nil, carrier: nil, occluded: false, at: now - 7_200, actor: "ana", now: now)
        let reading = try await store.recordReading(test: test, result: .weakPositive, at: now - 60, relevance: nil, actor: "ana", now: now)
        try await store.correctPatchTest(test: test, reading: reading, kind: "refuted", reason: "smudged", actor: "ana", now: now)
        _ = try await store.recordReportedReaction(client: client, supplier: "naturalis", sku: "JOJ-1", at: now, note: nil, actor: "ana", now: now)
        #expect(formulation > 0)
    }

    @Test("the same changes write the same audit lines on every backend, in order; refused changes write none")
    func sameLog() async throws {
        var logs: [Backend: [Backend.AuditLine]] = [:]
        for backend in Backend.available {
            try await backend.withStore { store async throws in
                try await Self.work(backend, store)
                logs[backend] = try await backend.auditLines(of: store)
            }
        }
        let sqlite = try #require(logs[.sqlite])
        #expect(sqlite.map(\.action) == [
            "user.add", "token.add", "token.revoke", "user.password", "user.disable", "user.unlock",
            "stock.receive", "stock.set",
            "client.add", "client.update", "allergy.add", "allergy.add", "allergy.report", "allergy.retract",
            "history.add", "history.resolve", "intake.review", "patch-test.apply", "patch-test.read", "patch-test.correct", "reaction.report",
        ])
        if let postgres = logs[.postgres] {
            #expect(postgres.count == sqlite.count)
            for (index, line) in sqlite.enumerated() where index < postgres.count {
                #expect(postgres[index] == line, "line \(index + 1)")
            }
        }
    }
}
