import CatalogueCore
import Foundation
import StoreInterface
import Testing

/// Reading the catalogue again against new reference data behaves the same on every backend.
@Suite("Reread store contract")
struct RereadStoreContractTests {
    /// A reading that resolves "Mystery Extract" as lavender oil: what newer reference data would do.
    static func reread(_ current: CurrentFormulation) -> StoredResolution {
        guard current.stored.unresolvedNames.contains("Mystery Extract") else { return current.stored }
        var fresh = current.stored
        fresh.ingredientIds = " lavender-oil "
        fresh.unresolvedNames = current.stored.unresolvedNames.split(separator: "\u{1F}").filter { $0 != "Mystery Extract" }.joined(separator: "\u{1F}")
        fresh.unresolvedCount = fresh.unresolvedNames.isEmpty ? 0 : fresh.unresolvedNames.split(separator: "\u{1F}").count
        fresh.json = #"{"e":[["Mystery Extract","i",["lavender-oil"],"s"]]}"#
        return fresh
    }

    @Test("changed readings replace the stored ones in place, once; the revision, the reference data and the audit log say so", arguments: Backend.available)
    func reread(backend: Backend) async throws {
        try await backend.withStore { store async throws in
            for product in CatalogueReadStoreContractTests.products { try await backend.addListed(product, to: store) }
            let date = Date(timeIntervalSince1970: 1_800_000_000)
            #expect(try await store.catalogueReadWith() == nil)
            #expect(try await store.catalogueFirstRead(with: "data-2") == nil)
            let stamp = try await store.suitabilitySnapshotStamp(fingerprint: "fp")

            // A dry run reads everything (discontinued products too) and changes nothing.
            var seen: [String] = []
            let dry = try await store.rereadCurrentFormulations(supplier: nil, dryRun: true, readWith: "data-2", unlessCurrent: true, actor: "ana", at: date) {
                seen.append($0.reference)
                return Self.reread($0)
            }
            #expect(dry?.read == 8 && dry?.changed == 1)
            #expect(seen.count == 8 && seen.contains("naturalis:OLD-1"))
            #expect(try await store.catalogueReadWith() == nil)
            #expect(try await store.suitabilitySnapshotStamp(fingerprint: "fp") == stamp)

            let counts = try await store.rereadCurrentFormulations(supplier: nil, dryRun: false, readWith: "data-2", unlessCurrent: true, actor: "ana", at: date) {
                Self.reread($0)
            }
            #expect(counts?.read == 8 && counts?.changed == 1)
            #expect(try await store.catalogueReadWith() == "data-2")
            #expect(try await store.catalogueFirstRead(with: "data-2").map { abs($0.timeIntervalSince(date)) < 0.01 } == true)
            #expect(try await store.suitabilitySnapshotStamp(fingerprint: "fp") != stamp)
            let emulsion = try #require(try await store.catalogueProducts(taxonomy: CatalogueReadStoreContractTests.taxonomy).first { $0.facts.reference == "naturalis:ÉMU_1" })
            #expect(emulsion.facts.unresolved == ["Aqua"] && emulsion.facts.ingredientIDs == ["lavender-oil"])
            #expect(try await store.productDetail(supplier: "naturalis", sku: "ÉMU_1")?.formulations.first?.resolution.ingredientIDs == ["lavender-oil"])
            let audit = try await backend.auditLines(of: store).map(\.description)
            #expect(audit == [#"ana catalogue.reread catalogue:- {"read":8,"changed":1,"readWith":"data-2"}"#])

            // Already read with this data: nothing is read again.
            #expect(try await store.rereadCurrentFormulations(supplier: nil, dryRun: false, readWith: "data-2", unlessCurrent: true, actor: "ana", at: date) { _ in
                Issue.record("read again")
                return StoredResolution(json: "", ingredientIds: "", allergenIds: "", propertyIds: "", unresolvedCount: 0, unresolvedNames: "", percents: "")
            } == nil)
            // One supplier, nothing different: no audit line, the stored data unchanged.
            let one = try await store.rereadCurrentFormulations(supplier: "aroma'co", dryRun: false, readWith: nil, unlessCurrent: false, actor: "ben", at: date) { $0.stored }
            #expect(one?.read == 1 && one?.changed == 0)
            #expect(try await backend.auditLines(of: store).count == 1)
            // A reading that throws changes nothing.
            struct Refused: Error {}
            await #expect(throws: Refused.self) {
                try await store.rereadCurrentFormulations(supplier: nil, dryRun: false, readWith: "data-3", unlessCurrent: true, actor: "ana", at: date) { _ in throw Refused() }
            }
            #expect(try await store.catalogueReadWith() == "data-2")
        }
    }

    @Test("servers starting with new reference data at once read the catalogue once", arguments: Backend.available)
    func readOnce(backend: Backend) async throws {
        try await backend.withStore { store async throws in
            for product in CatalogueReadStoreContractTests.products { try await backend.addListed(product, to: store) }
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        (try? await store.rereadCurrentFormulations(supplier: nil, dryRun: false, readWith: "data-2", unlessCurrent: true, actor: "server", at: Date()) {
                            Self.reread($0)
                        }) != nil
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 1)
            #expect(try await backend.auditLines(of: store).count == 1)
        }
    }
}
