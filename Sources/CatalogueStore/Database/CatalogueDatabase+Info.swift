import GRDB

/// What `oilcat db info` reports about a database.
public struct DatabaseInfo: Sendable, Codable, Equatable {
    /// The database file.
    public var path: String
    /// The file's size in bytes (the main file; the WAL is separate).
    public var sizeBytes: Int64
    /// SQLite's journal mode: `wal` for the embedded default.
    public var journalMode: String
    /// The SQLite library version.
    public var sqliteVersion: String
    /// The migrations applied, in order.
    public var appliedMigrations: [String]
    /// The migrations this program knows that are not applied yet.
    public var pendingMigrations: [String]
    /// Row counts of the main tables.
    public var counts: [String: Int]
}

extension CatalogueDatabase {
    /// The tables whose row counts `db info` shows.
    static let countedTables = [
        "supplier", "product", "formulation", "importRun", "client", "clientAllergy", "patchTest",
        "patchTestReading", "stockLot", "auditLog",
    ]

    /// Facts about the database for `oilcat db info`.
    public func info() throws -> DatabaseInfo {
        try read { db in
            let applied = try Self.migrator.appliedMigrations(db)
            let pending = Self.migrationNames.filter { !applied.contains($0) }
            var counts: [String: Int] = [:]
            for table in Self.countedTables where try db.tableExists(table) {
                counts[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0
            }
            let pageCount = try Int64.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            let pageSize = try Int64.fetchOne(db, sql: "PRAGMA page_size") ?? 0
            return DatabaseInfo(
                path: path, sizeBytes: pageCount * pageSize,
                journalMode: try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "unknown",
                sqliteVersion: try String.fetchOne(db, sql: "SELECT sqlite_version()") ?? "unknown",
                appliedMigrations: applied, pendingMigrations: pending, counts: counts
            )
        }
    }
}
