public import Foundation
import GRDB

/// Puts a backup in place of a database: only after the backup passes its check, never while a server or an import
/// holds the database (unless forced), and keeping the replaced file beside it.
public enum DatabaseRestore {
    /// What a restore did.
    public struct Report: Codable, Sendable {
        public var restored: DatabaseCheck
        /// Where the database that was replaced now is (`nil` when there was none).
        public var replacedFile: String?
        /// Migrations applied to bring an older backup to this version.
        public var migrated: [String]
    }

    /// Restores `backup` as the database at `path`.
    /// - Parameters:
    ///   - force: go ahead although a server holds the database or an import is running.
    /// - Throws: ``BackupError``: `DB-RESTORE-CHECK` when the backup fails its check, `DB-RESTORE-BUSY` when a
    ///   server or an import holds the database.
    public static func restore(backup: String, to path: String, force: Bool, now: Date = Date()) throws -> Report {
        let check = try CatalogueDatabase.check(fileAt: backup)
        guard !check.migrations.isEmpty else {
            throw BackupError(
                code: "DB-RESTORE-CHECK",
                message: "\(backup) is an SQLite file but not an OilCatalogue database (it has no migrations). The database was not touched."
            )
        }
        guard check.passed else {
            let why = check.schema == .newer
                ? "it was written by a newer OilCatalogue; upgrade this program first"
                : "its integrity check found: \(check.integrity.prefix(5).joined(separator: "; "))"
            throw BackupError(code: "DB-RESTORE-CHECK", message: "\(backup) cannot be restored: \(why). The database was not touched.")
        }
        let exists = FileManager.default.fileExists(atPath: path)
        if exists && !force {
            if let holder = ServerLease.holder(of: path) {
                throw BackupError(
                    code: "DB-RESTORE-BUSY",
                    message: "a server (\(holder)) has \(path) open; stop it first, or pass --force to restore under it"
                )
            }
            let current = try CatalogueDatabase.open(at: path, migrate: false, connections: .single)
            let locks = try current.read { db in try db.tableExists("importLock") ? try ImportLock.fetchAll(db) : [] }
            try current.writer.close()
            if let lock = locks.first(where: { !$0.holderIsGone }) {
                throw BackupError(
                    code: "DB-RESTORE-BUSY",
                    message: "an import of '\(lock.supplierId)' is running (\(lock.holder)); wait for it, or pass --force"
                )
            }
        }
        // The backup is read through SQLite (with any WAL of its own) into a copy beside the database, which is
        // brought to the database's page size and this version's schema, and must pass its check before anything
        // of the database changes.
        let incoming = path + ".restoring"
        removeWithCompanions(incoming)
        defer { removeWithCompanions(incoming) }
        let live: CatalogueDatabase
        do {
            live = try CatalogueDatabase.open(at: path, migrate: false, connections: .single)
        } catch {
            throw BackupError(code: "DB-RESTORE-OPEN", message: "\(path) cannot be opened to restore into: \(error); nothing was changed")
        }
        defer { try? live.writer.close() }
        let pageSize = try live.writer.read { try Int.fetchOne($0, sql: "PRAGMA page_size") } ?? CatalogueDatabase.pageSize
        let migrated = try prepare(backup: backup, as: incoming, pageSize: pageSize)

        // The database it replaces is kept, as a consistent copy made through SQLite.
        var replaced: String?
        if exists, try live.writer.read({ try Int.fetchOne($0, sql: "PRAGMA page_count") ?? 0 }) > 0 {
            let stamp = ISO8601DateFormatter.string(from: now, timeZone: .gmt, formatOptions: [.withFullDate, .withTime])
            let target = "\(path).replaced-\(stamp)"
            do {
                try live.writer.writeWithoutTransaction { db in try db.execute(sql: "VACUUM INTO ?", arguments: [target]) }
            } catch {
                throw BackupError(code: "DB-RESTORE-KEEP", message: "a copy of \(path) could not be kept at \(target): \(error); nothing was changed")
            }
            replaced = target
        }

        // The restored pages go into the database in one write transaction under SQLite's own locks, never by
        // renaming files: every connection of every process (a server started with --force, a scheduled import
        // between two suppliers) sees the restored catalogue as one more commit, and nothing it writes afterwards
        // lands in a file moved aside.
        do {
            let source = try DatabaseQueue(path: incoming, configuration: CatalogueDatabase.configuration())
            defer { try? source.close() }
            try source.backup(to: live.writer)
        } catch {
            throw BackupError(
                code: "DB-RESTORE-COPY",
                message: "the backup could not be copied into \(path): \(error); the database is as it was"
                    + (replaced.map { " (a copy is also at \($0))" } ?? "")
            )
        }
        return Report(restored: try CatalogueDatabase.check(fileAt: path), replacedFile: replaced, migrated: migrated)
    }

    /// Writes the backup at `backup` as a database at `incoming`, read through SQLite, with `pageSize` pages and
    /// migrated to this version; returns the migrations it applied.
    /// - Throws: ``BackupError`` `DB-RESTORE-CHECK` when the copy does not pass its check.
    private static func prepare(backup: String, as incoming: String, pageSize: Int) throws -> [String] {
        var readOnly = CatalogueDatabase.configuration()
        readOnly.readonly = true
        do {
            let source = try DatabaseQueue(path: backup, configuration: readOnly)
            defer { try? source.close() }
            try source.inDatabase { db in try db.execute(sql: "VACUUM INTO ?", arguments: [incoming]) }
            // The backup API copies pages as they are: into a database in WAL mode only between equal page sizes.
            let copy = try DatabaseQueue(path: incoming, configuration: CatalogueDatabase.configuration())
            try copy.writeWithoutTransaction { db in
                if try Int.fetchOne(db, sql: "PRAGMA page_size") != pageSize {
                    _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE")
                    try db.execute(sql: "PRAGMA page_size = \(pageSize)")
                    try db.execute(sql: "VACUUM")
                }
            }
            try copy.close()
        } catch let error as DatabaseError {
            throw BackupError(code: "DB-RESTORE-CHECK", message: "\(backup) could not be read through SQLite: \(CatalogueDatabase.explain(error)). The database was not touched.")
        }
        let database = try CatalogueDatabase.open(at: incoming, migrate: false, connections: .single)
        let before = try database.appliedMigrations()
        try database.migrate()
        let migrated = try database.appliedMigrations().filter { !before.contains($0) }
        try database.writer.writeWithoutTransaction { db in _ = try Int.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        try database.writer.close()
        let check = try CatalogueDatabase.check(fileAt: incoming)
        guard check.passed else {
            throw BackupError(
                code: "DB-RESTORE-CHECK",
                message: "\(backup), migrated to this version, fails its check (\(check.integrity.prefix(5).joined(separator: "; "))). The database was not touched."
            )
        }
        return migrated
    }

    /// Removes a file of this restore's own making (the copy beside the database) with its WAL and index.
    private static func removeWithCompanions(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
