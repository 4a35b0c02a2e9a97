@_spi(SQLite) @testable import CatalogueStore
import Foundation
import GRDB
import Testing

@Suite("Migration v11-plain-product-ids")
struct PlainProductIDMigrationTests {
    @Test("products and formulations keep their rows, ids and foreign keys; new ids follow the highest")
    func upgradeKeepsRows() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("catalogue.sqlite")
        do {
            let queue = try DatabaseQueue(path: path)
            try CatalogueDatabase.migrator.migrate(queue, upTo: "v10-test-allergens")
            try queue.write { db in
                let now = "2026-12-01 05:00:00"
                try db.execute(
                    sql: "INSERT INTO supplier (id, name, format, createdAt, updatedAt) VALUES ('acme', 'Acme', 'json', ?, ?)",
                    arguments: [now, now]
                )
                try db.execute(
                    sql: """
                        INSERT INTO product (id, supplierId, sku, name, contentHash, currentFormulationId, createdAt, updatedAt)
                        VALUES (41, 'acme', 'lav-10', 'Lavender <oil> ‮', 'h', 90, ?, ?)
                        """,
                    arguments: [now, now]
                )
                try db.execute(
                    sql: """
                        INSERT INTO formulation (id, productId, version, ingredientText, ingredientHash, resolution,
                          ingredientIds, allergenIds, propertyIds, unresolvedCount, createdAt)
                        VALUES (90, 41, 1, 'Lavandula Angustifolia Oil', 'i', '{"e":[]}', ' lavender-oil ', ' ', ' ', 0, ?)
                        """,
                    arguments: [now]
                )
                try db.execute(sql: "INSERT INTO client (id, name, createdAt, updatedAt) VALUES (7, 'Ada', ?, ?)", arguments: [now, now])
                try db.execute(
                    sql: """
                        INSERT INTO patchTest (id, clientId, productId, formulationId, appliedAt, recordedBy, createdAt)
                        VALUES (3, 7, 41, 90, ?, 'test', ?)
                        """,
                    arguments: [now, now]
                )
            }
        }
        let database = try CatalogueDatabase.open(at: path)
        #expect(try database.info().pendingMigrations.isEmpty)
        try database.read { db in
            for table in ["product", "formulation"] {
                let schema = try #require(try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = ?", arguments: [table]))
                #expect(!schema.contains("AUTOINCREMENT"), "\(table)")
            }
            #expect(try String.fetchOne(db, sql: "SELECT name FROM product WHERE id = 41") == "Lavender <oil> ‮")
            #expect(try Int64.fetchOne(db, sql: "SELECT currentFormulationId FROM product WHERE id = 41") == 90)
            #expect(try String.fetchOne(db, sql: "SELECT ingredientText FROM formulation WHERE id = 90") == "Lavandula Angustifolia Oil")
            #expect(try Int64.fetchOne(db, sql: "SELECT formulationId FROM patchTest WHERE id = 3") == 90)
            #expect(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").isEmpty)
            #expect(try String.fetchAll(db, sql: "PRAGMA integrity_check") == ["ok"])
        }
        try database.write { db in
            // The foreign keys still hold: a formulation of no product, or removing a tested product, is refused.
            #expect(throws: DatabaseError.self) {
                try db.execute(
                    sql: """
                        INSERT INTO formulation (productId, version, ingredientHash, resolution, ingredientIds, allergenIds,
                          propertyIds, unresolvedCount, createdAt)
                        VALUES (999, 1, 'i', '{"e":[]}', ' ', ' ', ' ', 0, '2026-12-01')
                        """
                )
            }
            #expect(throws: DatabaseError.self) { try db.execute(sql: "DELETE FROM product WHERE id = 41") }
            // A new product takes the next id after the highest.
            try db.execute(
                sql: """
                    INSERT INTO product (supplierId, sku, name, contentHash, createdAt, updatedAt)
                    VALUES ('acme', 'lav-20', 'Lavender 20 ml', 'h2', '2026-12-01', '2026-12-01')
                    """
            )
            #expect(db.lastInsertedRowID == 42)
        }
    }
}
