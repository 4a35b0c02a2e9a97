import CatalogueCore
@_spi(SQLite) @testable import CatalogueStore
import Foundation
import GRDB
import Testing

@Suite("Migration v10-test-allergens")
struct TestAllergenMigrationTests {
    @Test("allergies recorded before v10 keep their ids and read as allergies; v10 accepts test allergens with readings")
    func upgradeKeepsAllergies() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("catalogue.sqlite")
        do {
            let queue = try DatabaseQueue(path: path)
            try CatalogueDatabase.migrator.migrate(queue, upTo: "v9-medical-history")
            try queue.write { db in
                try db.execute(sql: "INSERT INTO client (id, name, createdAt, updatedAt) VALUES (7, 'Ada', datetime('now'), datetime('now'))")
                try db.execute(
                    sql: """
                        INSERT INTO clientAllergy (id, clientId, kind, targetId, enteredName, source, recordedBy, recordedAt)
                        VALUES (41, 7, 'allergen', 'linalool', 'linalool', 'dermatologist', 'test', datetime('now'))
                        """
                )
            }
        }
        let database = try CatalogueDatabase.open(at: path)
        #expect(try database.info().pendingMigrations.isEmpty)
        let before = try #require(try database.clientProfile(7))
        #expect(before.allergies.map(\.id) == [41])
        #expect(before.allergies.first?.reading == nil)
        let id = try database.addAllergy(
            client: 7, target: .testAllergen("wool-alcohols"), enteredName: "wool alcohols", source: .dermatologist, note: nil,
            actor: "test", reading: .negative
        )
        let after = try #require(try database.clientProfile(7))
        #expect(after.allergies.map(\.id) == [41])
        #expect(after.testedNegative.map(\.id) == [id])
        #expect(throws: (any Error).self) {
            try database.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO clientAllergy (clientId, kind, targetId, enteredName, source, recordedBy, recordedAt, reading)
                        VALUES (7, 'allergen', 'x', 'x', 'dermatologist', 'test', datetime('now'), 'maybe')
                        """
                )
            }
        }
    }
}
