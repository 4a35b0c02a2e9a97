public import CatalogueCore
import Foundation
import GRDB

/// What a check of a database file found: SQLite's integrity check, the schema's migrations and what it holds.
public struct DatabaseCheck: Codable, Sendable, Equatable {
    public var path: String
    public var bytes: Int64
    /// "ok", or the problems `PRAGMA integrity_check` listed.
    public var integrity: [String]
    public var migrations: [String]
    /// Whether the schema is this version's (older ones are migrated on restore; newer ones are refused).
    public var schema: SchemaState
    /// Rows of the tables that hold the catalogue and the clinical record.
    public var rows: [String: Int]

    public var passed: Bool { integrity == ["ok"] && schema != .newer }

    public enum SchemaState: String, Codable, Sendable {
        case current, older, newer
    }
}

/// A backup or restore that cannot go ahead.
public struct BackupError: CodedError {
    public var code: String
    public var message: String
}

extension CatalogueDatabase {
    /// Writes a consistent copy of the database to `destination` while imports and the web app go on: SQLite's
    /// `VACUUM INTO` reads one snapshot (a run in progress is either all in it or not at all) and writes a compact
    /// file. The copy is then checked.
    /// - Throws: ``BackupError`` `DB-BACKUP-EXISTS` when `destination` exists, `DB-BACKUP-FAILED` when SQLite
    ///   cannot write it or the copy does not pass its check (the bad copy is removed).
    public func backup(to destination: String) throws -> DatabaseCheck {
        guard !isOwnFile(destination) else {
            throw BackupError(
                code: "DB-BACKUP-TARGET",
                message: "\(destination) is one of the database's own files (the database, its -wal, -shm or -journal); choose another name"
            )
        }
        guard !FileManager.default.fileExists(atPath: destination) else {
            throw BackupError(code: "DB-BACKUP-EXISTS", message: "\(destination) exists; choose a new file name (backups are never overwritten)")
        }
        do {
            // VACUUM INTO reads in a transaction of its own, so it runs outside one; it writes nothing here.
            try writer.writeWithoutTransaction { db in try db.execute(sql: "VACUUM INTO ?", arguments: [destination]) }
        } catch let error as DatabaseError {
            try? FileManager.default.removeItem(atPath: destination)
            throw BackupError(code: "DB-BACKUP-FAILED", message: "SQLite could not write \(destination): \(error.message ?? "\(error)")")
        }
        let check = try Self.check(fileAt: destination)
        guard check.passed else {
            try? FileManager.default.removeItem(atPath: destination)
            throw BackupError(code: "DB-BACKUP-FAILED", message: "the copy at \(destination) failed its check (\(check.integrity.joined(separator: "; "))); it was removed")
        }
        return check
    }

    /// Checks the database file at `path` without changing it: integrity, migrations, row counts.
    /// - Throws: ``BackupError`` `DB-CHECK-UNREADABLE` when the file is missing or is not an SQLite database.
    public static func check(fileAt path: String) throws -> DatabaseCheck {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else {
            throw BackupError(code: "DB-CHECK-UNREADABLE", message: "there is no file at \(path)")
        }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.label = "OilCatalogue check"
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            return try queue.read { db in
                let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
                let migrator = Self.migrator
                let applied = try db.tableExists("grdb_migrations") ? try migrator.appliedMigrations(db) : []
                let known = Self.migrationNames
                let schema: DatabaseCheck.SchemaState =
                    try migrator.hasBeenSuperseded(db) ? .newer : (applied == known ? .current : .older)
                var rows: [String: Int] = [:]
                for table in countedTables where try db.tableExists(table) {
                    rows[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0
                }
                return DatabaseCheck(
                    path: path, bytes: (attributes[.size] as? NSNumber)?.int64Value ?? 0, integrity: integrity, migrations: applied,
                    schema: schema, rows: rows
                )
            }
        } catch let error as DatabaseError {
            throw BackupError(code: "DB-CHECK-UNREADABLE", message: "\(path) cannot be read as an OilCatalogue database: \(Self.explain(error))")
        }
    }

    /// The first 16 bytes of every SQLite file.
    static let header = Array("SQLite format 3\0".utf8)

    /// Whether the file at `path` is there and starts as an SQLite database does: a cheap probe for readiness.
    ///
    /// Read through a descriptor kept for the life of the process (``KeptDescriptors``): the server asks this while
    /// its connections have the file open, and opening and closing the file here would drop the locks SQLite holds
    /// on it for them.
    public static func fileLooksReadable(at path: String) -> Bool {
        let descriptor = KeptDescriptors.descriptor(for: path)
        guard descriptor >= 0 else {
            // No descriptor to read through (too many files kept, in a test process): a regular file of a header's
            // size at least is all that can be told without opening it.
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            return attributes?[.type] as? FileAttributeType == .typeRegular
                && ((attributes?[.size] as? NSNumber)?.intValue ?? 0) >= header.count
        }
        var bytes = [UInt8](repeating: 0, count: header.count)
        let count = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        return count == header.count && bytes == header
    }
}
