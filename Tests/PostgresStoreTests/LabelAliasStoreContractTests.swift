import CatalogueCore
import Foundation
import StoreInterface
import Testing

/// Label aliases behave the same on every backend.
@Suite("Label alias store contract")
struct LabelAliasStoreContractTests {
    static let unresolved = #"{"e":[["Aqua Rosae Damascenae","u"],["Linalool","a",["linalool"],"a"]]}"#
    static let resolved = #"{"e":[["Aqua Rosae Damascenae","i",["rose-water"],"l"],["Linalool","a",["linalool"],"a"]]}"#

    @Test("an alias resolves the formulations printing it in one step, is never changed, and is listed oldest first", arguments: Backend.available)
    func aliases(backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let now = Date()
            let formulation = try #require(
                try await backend.addProduct(
                    to: store, supplier: "naturalis", sku: "ROSE-1", name: "Rose toner", resolution: Self.unresolved,
                    unresolved: ["Aqua Rosae Damascenae"]
                )
            )
            try await backend.addProduct(to: store, supplier: "naturalis", sku: "JOJ-1", name: "Jojoba", resolution: PatchTestStoreContractTests.resolution)
            let waiting = try await store.formulationsWithUnresolvedNames()
            #expect(waiting.map(\.formulationID) == [formulation])
            #expect(waiting.first?.reference == "naturalis:ROSE-1" && waiting.first?.unresolvedNames == ["Aqua Rosae Damascenae"])
            #expect(waiting.first?.ingredientText == "as listed" && waiting.first?.version == 1 && waiting.first?.resolution.unresolved == ["Aqua Rosae Damascenae"])

            let stored = StoredResolution(
                json: Self.resolved, ingredientIds: " rose-water ", allergenIds: " linalool ", propertyIds: " ", unresolvedCount: 0, unresolvedNames: "",
                percents: " "
            )
            let rose = LabelAlias(spelling: "Aqua Rosae Damascenae", target: .ingredient(IngredientID("rose-water")))
            // Worked out from names that have changed since: refused, nothing stored.
            let stale = await #expect(throws: ClinicStoreError.self) {
                try await store.addLabelAlias(
                    rose, reresolved: [ReresolvedFormulation(formulationID: formulation, resolution: stored, unresolvedAsRead: ["Parfum"])], actor: "ana", at: now
                )
            }
            #expect(stale?.code == "ALIAS-CONFLICT")
            #expect(try await store.labelAliases().isEmpty)
            #expect(try await store.formulationsWithUnresolvedNames().count == 1)
            try await store.addLabelAlias(
                rose, reresolved: [ReresolvedFormulation(formulationID: formulation, resolution: stored, unresolvedAsRead: waiting[0].unresolvedNames)],
                actor: "ana", at: now
            )
            #expect(try await store.formulationsWithUnresolvedNames().isEmpty)
            let again = await #expect(throws: ClinicStoreError.self) {
                try await store.addLabelAlias(LabelAlias(spelling: "AQUA  rosae damascenae", target: .mixture), reresolved: [], actor: "rui", at: now)
            }
            #expect(again?.code == "ALIAS-EXISTS")
            let hostile = LabelAlias(spelling: "Parfum'); DROP TABLE \"labelAlias\";-- \u{202E}", target: .mixture)
            try await store.addLabelAlias(hostile, reresolved: [], actor: "rui", at: now + 1)

            let aliases = try await store.labelAliases()
            // Stored as one clean line: the invisible override is gone.
            #expect(aliases.map(\.spelling) == ["Aqua Rosae Damascenae", "Parfum'); DROP TABLE \"labelAlias\";--"])
            for (spelling, code) in [("\u{0}\u{200B}", "ALIAS-SPELLING"), (String(repeating: "ä", count: 201), "ALIAS-SPELLING")] {
                let refused = await #expect(throws: ClinicStoreError.self) {
                    try await store.addLabelAlias(LabelAlias(spelling: spelling, target: .mixture), reresolved: [], actor: "rui", at: now)
                }
                #expect(refused?.code == code)
            }
            #expect(aliases.map(\.kind) == ["ingredient", "mixture"] && aliases.map(\.ingredientId) == ["rose-water", nil])
            #expect(aliases.map(\.createdBy) == ["ana", "rui"])
            #expect(try await store.resolverAliases().target(of: "aqua rosae damascenae") == .ingredient(IngredientID("rose-water")))
            let facts = try #require(
                try await store.formulationFacts(formulation, taxonomy: try Taxonomy(ingredients: [], allergens: [], foodAllergenClasses: [], crossReactivityGroups: [], properties: [], conditions: []))
            )
            #expect(facts.unresolved.isEmpty)
        }
    }

    @Test("six people teaching one spelling at once, on one server or several: one alias", arguments: Backend.available)
    func parallelTeaching(backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let results = await atOnce(6) { index in
                let spelling = index.isMultiple(of: 2) ? "Parfum (Natural)" : "PARFUM  (natural)"
                try await store.addLabelAlias(LabelAlias(spelling: spelling, target: .mixture), reresolved: [], actor: "user \(index)", at: Date())
            }
            #expect(results.filter { $0 == "done" }.count == 1)
            #expect(results.filter { $0 == "ALIAS-EXISTS" }.count == 5)
            #expect(try await store.labelAliases().count == 1)
        }
    }
}
