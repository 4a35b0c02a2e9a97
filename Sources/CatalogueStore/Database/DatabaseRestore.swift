public import Foundation
import GRDB
import StoreInterface

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Puts a backup in place of a database: only after the backup passes its check, never while a server or an import
/// holds the database (unless forced), and keeping a copy of the replaced database beside it.
///
/// The backup is read through SQLite (with any WAL of its own) into a private copy beside the database, brought to
/// the database's page size and this version's schema, and checked again. Only then is it copied into the database
/// through SQLite's backup API, in one write transaction under SQLite's own locks: no file is renamed under a
/// connection that has it open, so a server (restored under with `--force`) or an import between two suppliers sees
/// the restored catalogue as one more commit, and what it writes afterwards is in it. The copy of the replaced
/// database is made while that transaction holds the write lock, so it is exactly what was replaced.
///
/// A database SQLite cannot read at all (the reason to restore, often) is moved aside with its WAL instead, and the
/// prepared copy put in its place: no process can use a file SQLite cannot read.
public enum DatabaseRestore {
    /// What a restore did.
    public struct Report: Codable, Sendable {
        public var restored: DatabaseCheck
        /// Where the copy of the database that was replaced is (`nil` when there was none).
        public var replacedFile: String?
        /// Migrations applied to bring an older backup to this version.
        public var migrated: [String]
    }

    /// Restores `backup` as the database at `path`.
    /// - Parameters:
    ///   - force: go ahead although a server holds the database or an import is running.
    /// - Throws: ``BackupError``: `DB-RESTORE-CHECK` when the backup cannot be read or fails its check (as it is, or
    ///   migrated), `DB-RESTORE-BUSY` when a server or an import holds the database, `DB-RESTORE-OPEN` when the
    ///   database cannot be opened (and is not damaged), `DB-RESTORE-KEEP` when the copy
    ///   of the replaced database cannot be made, `DB-RESTORE-COPY` when the backup cannot be put in place. The
    ///   database is as it was after any of them.
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
        if let same = CatalogueDatabase.identity(of: backup), same == CatalogueDatabase.identity(of: path) {
            throw BackupError(code: "DB-RESTORE-CHECK", message: "\(backup) is the database itself; give a backup of it")
        }
        let exists = FileManager.default.fileExists(atPath: path)
        if exists && !force { try refuseIfBusy(path) }

        // A private copy beside the database (the same file system), named for this restore alone.
        let incoming = "\(path).restoring-\(UUID().uuidString.prefix(8).lowercased())"
        defer { removeWithCompanions(incoming) }
        var readable: CatalogueDatabase?
        if exists {
            do {
                readable = try CatalogueDatabase.open(at: path, migrate: false, connections: .single)
            } catch {
                // Only a file SQLite finds damaged or not a database is replaced by moving it; a database that cannot
                // be opened for another reason (permissions, a lock held too long) is left alone.
                guard isUnreadable(fileAt: path) else {
                    throw BackupError(code: "DB-RESTORE-OPEN", message: "\(path) cannot be opened to restore into: \(error); nothing was changed")
                }
            }
        }
        var pageSize = CatalogueDatabase.pageSize
        if let readable {
            do {
                pageSize = try readable.writer.read { try Int.fetchOne($0, sql: "PRAGMA page_size") } ?? pageSize
            } catch {
                try? readable.writer.close()
                throw BackupError(code: "DB-RESTORE-OPEN", message: "\(path) cannot be read to restore into: \(error); nothing was changed")
            }
        }
        let migrated: [String]
        do {
            migrated = try prepare(backup: backup, as: incoming, for: path, pageSize: pageSize)
        } catch {
            try? readable?.writer.close()
            throw error
        }

        guard exists else {
            // No process can have open a file that is not there: the prepared copy is put in place.
            try placeIncoming(incoming, at: path)
            return Report(restored: checkRestored(path), replacedFile: nil, migrated: migrated)
        }
        guard let live = readable else {
            let replaced = try replaceUnreadable(path, with: incoming, now: now)
            return Report(restored: checkRestored(path), replacedFile: replaced, migrated: migrated)
        }
        defer { try? live.writer.close() }
        let kept = keptCopyName(for: path, now: now)
        try copy(incoming, into: live, keepingCopyAt: kept, force: force)
        return Report(restored: checkRestored(path), replacedFile: kept, migrated: migrated)
    }

    /// The check of the database once restored. The restore has happened by then: a check that cannot run is
    /// reported as a failed check (the command then exits non-zero), not as a failed restore.
    private static func checkRestored(_ path: String) -> DatabaseCheck {
        do {
            return try CatalogueDatabase.check(fileAt: path)
        } catch {
            return DatabaseCheck(
                path: path, bytes: 0, integrity: ["the restored database could not be checked: \(error)"], migrations: [],
                schema: .current, rows: [:]
            )
        }
    }

    /// Refuses while a server has the database open or an import runs.
    private static func refuseIfBusy(_ path: String) throws {
        if let holder = ServerLease.holder(of: path) {
            throw BackupError(
                code: "DB-RESTORE-BUSY",
                message: "a server (\(holder)) has \(path) open; stop it first, or pass --force to restore under it"
            )
        }
        let locks: [ImportLock]
        do {
            let current = try CatalogueDatabase.open(at: path, migrate: false, connections: .single)
            defer { try? current.writer.close() }
            locks = try current.read { db in try db.tableExists("importLock") ? try ImportLock.fetchAll(db) : [] }
        } catch {
            throw BackupError(
                code: "DB-RESTORE-BUSY",
                message: "cannot read \(path) to see whether an import is running (\(error)); if it is damaged, or you know no import runs, pass --force"
            )
        }
        if let lock = locks.first(where: { !$0.holderIsGone }) {
            throw BackupError(
                code: "DB-RESTORE-BUSY",
                message: "an import of '\(lock.supplierId)' is running (\(lock.holder)); wait for it, or pass --force"
            )
        }
    }

    /// Copies the prepared database into `live` in one write transaction, and checkpoints it into the file.
    ///
    /// The backup API holds the database's write lock from its first step to its commit; in between, the copy of the
    /// replaced database is made (through a connection of its own, which reads the last commit) and, unless forced,
    /// the server lease and import locks are looked at again: nothing can be committed meanwhile, so the copy is
    /// what is replaced and no import starts unseen.
    private static func copy(_ incoming: String, into live: CatalogueDatabase, keepingCopyAt kept: String, force: Bool) throws {
        let path = live.path
        var keptCopy = false
        do {
            let source = try DatabaseQueue(path: incoming, configuration: CatalogueDatabase.configuration())
            defer { try? source.close() }
            // The callback below runs after the first step, before the commit, only when there is a page left to
            // copy then: an OilCatalogue schema alone is dozens of pages.
            guard try source.read({ try Int.fetchOne($0, sql: "PRAGMA page_count") ?? 0 }) > 1 else {
                throw BackupError(code: "DB-RESTORE-CHECK", message: "the backup holds no OilCatalogue schema; the database is as it was")
            }
            // One page a step: the first step takes the write lock and copies one page, leaving the rest to do.
            try source.backup(to: live.writer, pagesPerStep: 1) { _ in
                guard !keptCopy else { return }
                keptCopy = true
                if !force { try refuseIfBusy(path) }
                // Copied page by page (SQLite's backup API, not VACUUM INTO), so a database with a damaged page is
                // kept as it is; written under a name of its own and renamed when whole.
                let partial = kept + ".partial"
                do {
                    try createPrivately(partial, likePermissionsOf: path)
                    var readOnly = CatalogueDatabase.configuration()
                    readOnly.readonly = true
                    let reader = try DatabaseQueue(path: path, configuration: readOnly)
                    defer { try? reader.close() }
                    let copy = try DatabaseQueue(path: partial)
                    try reader.backup(to: copy)
                    try copy.close()
                    try FileManager.default.moveItem(atPath: partial, toPath: kept)
                } catch {
                    removeWithCompanions(partial)
                    throw BackupError(
                        code: "DB-RESTORE-KEEP",
                        message: "a copy of \(path) could not be kept at \(kept): \(error); nothing was changed"
                    )
                }
            }
        } catch let error as BackupError {
            try? FileManager.default.removeItem(atPath: kept)
            throw error
        } catch {
            try? FileManager.default.removeItem(atPath: kept)
            throw BackupError(
                code: "DB-RESTORE-COPY",
                message: "the backup could not be copied into \(path): \(error); the database is as it was"
            )
        }
        // The restored pages are in the WAL: copied into the file now, not by a server's next write.
        try? live.writer.writeWithoutTransaction { db in
            try BackgroundSync.databaseFile(of: db).whileRunning {
                _ = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(PASSIVE)")
            }
        }
    }

    /// Writes the backup at `backup` as a database at `incoming`, read through SQLite, with `pageSize` pages and
    /// migrated to this version, readable as `database` is (only by its owner when there is none yet); returns the
    /// migrations it applied.
    /// - Throws: ``BackupError`` `DB-RESTORE-CHECK` when the backup cannot be read or the copy does not pass its
    ///   check, `DB-RESTORE-COPY` when the copy cannot be written (a full disk).
    private static func prepare(backup: String, as incoming: String, for database: String, pageSize: Int) throws -> [String] {
        var readOnly = CatalogueDatabase.configuration()
        readOnly.readonly = true
        let source: DatabaseQueue
        do {
            source = try DatabaseQueue(path: backup, configuration: readOnly)
        } catch let error as DatabaseError {
            throw BackupError(code: "DB-RESTORE-CHECK", message: "\(backup) could not be read through SQLite: \(CatalogueDatabase.explain(error)). The database was not touched.")
        }
        defer { try? source.close() }
        do {
            try createPrivately(incoming, likePermissionsOf: database)
            try source.inDatabase { db in try db.execute(sql: "VACUUM INTO ?", arguments: [incoming]) }
            // The backup API copies pages as they are: into a database in WAL mode only between equal page sizes.
            let copy = try DatabaseQueue(path: incoming, configuration: CatalogueDatabase.configuration())
            defer { try? copy.close() }
            try copy.writeWithoutTransaction { db in
                if try Int.fetchOne(db, sql: "PRAGMA page_size") != pageSize {
                    _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE")
                    try db.execute(sql: "PRAGMA page_size = \(pageSize)")
                    try db.execute(sql: "VACUUM")
                }
                guard try Int.fetchOne(db, sql: "PRAGMA page_size") == pageSize else {
                    throw BackupError(code: "DB-RESTORE-COPY", message: "the backup could not be brought to the database's \(pageSize)-byte pages; the database was not touched")
                }
            }
        } catch let error as DatabaseError {
            throw BackupError(code: "DB-RESTORE-COPY", message: "a copy of \(backup) could not be written beside the database: \(CatalogueDatabase.explain(error)). The database was not touched.")
        }
        let migrated: [String]
        do {
            let database = try CatalogueDatabase.open(at: incoming, migrate: false, connections: .single)
            defer { try? database.writer.close() }
            let before = try database.appliedMigrations()
            try database.migrate()
            migrated = try database.appliedMigrations().filter { !before.contains($0) }
            try database.writer.writeWithoutTransaction { db in _ = try Int.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        } catch {
            throw BackupError(code: "DB-RESTORE-CHECK", message: "\(backup) could not be brought to this version's schema: \(error). The database was not touched.")
        }
        let check = try CatalogueDatabase.check(fileAt: incoming)
        guard check.passed, check.schema == .current else {
            throw BackupError(
                code: "DB-RESTORE-CHECK",
                message: "\(backup), migrated to this version, fails its check (\(check.integrity.prefix(5).joined(separator: "; "))). The database was not touched."
            )
        }
        return migrated
    }

    /// Moves the prepared copy to `path`, where there is no file.
    private static func placeIncoming(_ incoming: String, at path: String) throws {
        do {
            try FileManager.default.moveItem(atPath: incoming, toPath: path)
        } catch {
            throw BackupError(code: "DB-RESTORE-COPY", message: "the backup could not be put at \(path): \(error.localizedDescription)")
        }
    }

    /// Moves a database SQLite cannot read aside with its WAL, index and journal (never deleted: what can be saved of
    /// it is there), and puts the prepared copy in its place; returns where the replaced file now is.
    ///
    /// The companions go first (a WAL or journal left under the database's name would be replayed into the restored
    /// file), and are put back when any move fails. The file itself is replaced in one rename, so the name never
    /// stands empty for another process to create a new database at.
    private static func replaceUnreadable(_ path: String, with incoming: String, now: Date) throws -> String {
        let target = keptCopyName(for: path, now: now)
        var moved: [String] = []
        func undo() {
            for suffix in moved.reversed() { try? FileManager.default.moveItem(atPath: target + suffix, toPath: path + suffix) }
        }
        for suffix in CatalogueDatabase.ownFileSuffixes.dropFirst() where FileManager.default.fileExists(atPath: path + suffix) {
            do {
                try FileManager.default.moveItem(atPath: path + suffix, toPath: target + suffix)
                moved.append(suffix)
            } catch {
                undo()
                throw BackupError(code: "DB-RESTORE-KEEP", message: "\(path)\(suffix) could not be moved aside: \(error.localizedDescription); nothing was changed")
            }
        }
        guard link(path, target) == 0 else {
            let reason = String(cString: strerror(errno))
            undo()
            throw BackupError(code: "DB-RESTORE-KEEP", message: "\(path) could not be kept at \(target): \(reason); nothing was changed")
        }
        guard rename(incoming, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(target)
            undo()
            throw BackupError(code: "DB-RESTORE-COPY", message: "the backup could not be put at \(path): \(reason); nothing was changed")
        }
        return target
    }

    /// `oilcat.sqlite.replaced-2026-11-30T021500Z`, with a number after it when that name is taken.
    private static func keptCopyName(for path: String, now: Date) -> String {
        let stamp = ISO8601DateFormatter.string(from: now, timeZone: .gmt, formatOptions: [.withFullDate, .withTime])
        let name = "\(path).replaced-\(stamp)Z"
        var candidate = name
        var number = 1
        while FileManager.default.fileExists(atPath: candidate) {
            number += 1
            candidate = "\(name)-\(number)"
        }
        return candidate
    }

    /// Creates an empty file at `path` (none may be there) readable only as the database is: with the permissions of
    /// `original` when it is a file, else `fallback`. A copy of clinical records is never more readable than they are.
    ///
    /// Made by root (a restore run with sudo), the file also gets the owner of `original`, or of the folder it goes in
    /// when there is no database yet: the service that opens the database runs as that user, and could not write a
    /// file of root's. SQLite gives the WAL and journal it creates the database file's owner in the same way.
    private static func createPrivately(_ path: String, likePermissionsOf original: String, fallback: mode_t = 0o600) throws {
        var status = stat()
        let isFile = stat(original, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
        let mode = isFile ? status.st_mode & 0o777 : fallback
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else {
            throw BackupError(code: "DB-RESTORE-COPY", message: "cannot create \(path): \(String(cString: strerror(errno))); nothing was changed")
        }
        defer { close(descriptor) }
        // The umask may have taken bits away; the mode asked for is the one wanted.
        _ = fchmod(descriptor, mode)
        if geteuid() == 0 {
            var owner = stat()
            let known = isFile ? true : stat(URL(fileURLWithPath: path).deletingLastPathComponent().path, &owner) == 0
            if isFile { owner = status }
            if known, owner.st_uid != 0 || owner.st_gid != 0, fchown(descriptor, owner.st_uid, owner.st_gid) != 0 {
                let reason = String(cString: strerror(errno))
                unlink(path)
                throw BackupError(code: "DB-RESTORE-COPY", message: "cannot give \(path) the owner of \(isFile ? original : "its folder"): \(reason); nothing was changed")
            }
        }
    }

    /// Whether SQLite, opening the file read-only and reading its schema, finds it damaged or not a database.
    private static func isUnreadable(fileAt path: String) -> Bool {
        var readOnly = CatalogueDatabase.configuration()
        readOnly.readonly = true
        do {
            let queue = try DatabaseQueue(path: path, configuration: readOnly)
            defer { try? queue.close() }
            _ = try queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM sqlite_master") }
            return false
        } catch let error as DatabaseError {
            return isUnreadable(error)
        } catch {
            return false
        }
    }

    /// Whether SQLite failed because the file is damaged or not a database.
    private static func isUnreadable(_ error: DatabaseError) -> Bool {
        error.resultCode == .SQLITE_CORRUPT || error.resultCode == .SQLITE_NOTADB
    }

    /// Removes this restore's private copy with its WAL, index and journal.
    private static func removeWithCompanions(_ path: String) {
        for suffix in CatalogueDatabase.ownFileSuffixes { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
