@_spi(SQLite) @testable import CatalogueStore
import GRDB

/// A database file as an older release left it: migrated up to `migration` only, with supplier `acme` and its
/// product 1 (`JOJ`, Jojoba), for a migration test to add what it upgrades and then open with the current release.
enum OlderDatabase {
    static func withJojoba(at path: String, upTo migration: String) throws -> DatabaseQueue {
        let queue = try DatabaseQueue(path: path)
        try CatalogueDatabase.migrator.migrate(queue, upTo: migration)
        try queue.write { db in
            try db.execute(sql: "INSERT INTO supplier (id, name, format, createdAt, updatedAt) VALUES ('acme', 'Acme', 'ndjson', datetime('now'), datetime('now'))")
            try db.execute(
                sql: """
                    INSERT INTO product (id, supplierId, sku, name, status, contentHash, createdAt, updatedAt)
                    VALUES (1, 'acme', 'JOJ', 'Jojoba', 'active', 'h', datetime('now'), datetime('now'))
                    """
            )
        }
        return queue
    }
}
