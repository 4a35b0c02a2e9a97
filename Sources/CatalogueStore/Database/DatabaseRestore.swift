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
        // The backup is copied beside the database first, so the swap below is two renames on one file system.
        let incoming = path + ".restoring"
        try? FileManager.default.removeItem(atPath: incoming)
        do {
            try FileManager.default.copyItem(atPath: backup, toPath: incoming)
        } catch {
            throw BackupError(code: "DB-RESTORE-COPY", message: "\(backup) could not be copied beside \(path): \(error.localizedDescription)")
        }
        var replaced: String?
        if exists {
            // Everything in the WAL goes into the file first, so the replaced file is whole on its own. When another
            // connection keeps the checkpoint from finishing, the WAL travels with the replaced file (below), so no
            // committed record is lost; without --force that is refused before anything moves.
            var checkpointed = false
            if let current = try? CatalogueDatabase.open(at: path, migrate: false, connections: .single) {
                let busy = try? current.writer.writeWithoutTransaction { db in
                    try Int.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
                }
                checkpointed = busy == 0
                try? current.writer.close()
            }
            if !checkpointed && !force {
                try? FileManager.default.removeItem(atPath: incoming)
                throw BackupError(
                    code: "DB-RESTORE-BUSY",
                    message: "another connection keeps \(path)'s write-ahead log from being folded in; stop it and try again, or pass --force"
                )
            }
            let stamp = ISO8601DateFormatter.string(from: now, timeZone: .gmt, formatOptions: [.withFullDate, .withTime])
            let target = "\(path).replaced-\(stamp)"
            do {
                try FileManager.default.moveItem(atPath: path, toPath: target)
            } catch {
                try? FileManager.default.removeItem(atPath: incoming)
                throw BackupError(code: "DB-RESTORE-MOVE", message: "\(path) could not be moved aside to \(target): \(error.localizedDescription); nothing was changed")
            }
            // The WAL and its index go with the file they belong to: never deleted, so a record only in the WAL stays
            // in the replaced copy.
            for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
                try? FileManager.default.moveItem(atPath: path + suffix, toPath: target + suffix)
            }
            replaced = target
        }
        try FileManager.default.moveItem(atPath: incoming, toPath: path)
        let database = try CatalogueDatabase.open(at: path, migrate: false)
        let before = try database.appliedMigrations()
        try database.migrate()
        let migrated = try database.appliedMigrations().filter { !before.contains($0) }
        try database.writer.close()
        return Report(restored: try CatalogueDatabase.check(fileAt: path), replacedFile: replaced, migrated: migrated)
    }
}
