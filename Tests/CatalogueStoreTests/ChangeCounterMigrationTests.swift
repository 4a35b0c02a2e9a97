import CatalogueCore
@_spi(SQLite) @testable import CatalogueStore
import Foundation
import GRDB
import StoreInterface
import Testing

@Suite("Migration v14-change-counters")
struct ChangeCounterMigrationTests {
    @Test("a clinic's database from before the counters keeps its data; the counters then move with each change, and a stored snapshot is built again")
    func upgrade() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("catalogue.sqlite")
        do {
            let queue = try OlderDatabase.withJojoba(at: path, upTo: "v13-clean-stock-locations")
            try queue.write { db in
                // A snapshot stored under the old stamp's form.
                try db.execute(sql: "INSERT INTO suitabilitySnapshot (id, stamp, data) VALUES (1, 'v8|fp|0|a0|r0', x'00')")
            }
        }
        let database = try CatalogueDatabase.open(at: path)
        #expect(try database.info().pendingMigrations.isEmpty)
        #expect(try database.listGeneration() == "0|0|0")
        #expect(try database.suitabilitySnapshotStamp(fingerprint: "fp") == "v9|fp|c0|r0")
        let taxonomy = try Taxonomy(ingredients: [], allergens: [], foodAllergenClasses: [], crossReactivityGroups: [], properties: [], conditions: [])
        // The old snapshot is not read under the new stamp: built again (one product, no formulation: none listed).
        #expect(try database.suitabilitySnapshot(taxonomy: taxonomy, fingerprint: "fp").entries.isEmpty)

        _ = try database.addClient(name: "Ada", conditions: [], note: nil, actor: "test")
        #expect(try database.listGeneration() == "0|1|0")
        try database.changeStock(.receive, location: "front-desk", supplier: "acme", sku: "JOJ", quantity: 1, batch: nil, expires: nil, opened: nil, reorderLevel: nil, actor: "test")
        // A movement and its audit line.
        #expect(try database.listGeneration() == "0|3|0")
        try database.withImportTransaction(now: Date()) { _ in .commit }
        #expect(try database.listGeneration() == "1|4|0")
        #expect(try database.suitabilitySnapshotStamp(fingerprint: "fp") == "v9|fp|c1|r0")
        try database.withImportTransaction(now: Date()) { _ in .rollback }
        #expect(try database.listGeneration() == "1|4|0")
    }
}
