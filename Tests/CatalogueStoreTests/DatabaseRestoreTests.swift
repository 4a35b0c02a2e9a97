import CatalogueStore
import Foundation
import GRDB
import Testing

/// A restore copies the backup into the database through SQLite, in one transaction: never by renaming files that
/// other connections have open.
@Suite("Restoring a backup into a database in use")
struct DatabaseRestoreTests {
    private func note(_ database: CatalogueDatabase, _ action: String) throws {
        try database.write { try AuditEntry.append($0, actor: "test", action: action, entity: "note") }
    }

    private func notes(_ database: CatalogueDatabase) throws -> [String] {
        try database.read { try String.fetchAll($0, sql: "SELECT action FROM auditLog WHERE actor = 'test' ORDER BY id") }
    }

    @Test("a connection open across a forced restore reads the restored data, and what it writes after stays in the database")
    func openConnectionFollowsTheRestore() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("catalogue.sqlite")
        let server = try CatalogueDatabase.open(at: path)
        try note(server, "before backup")
        let backup = folder.path("backup.sqlite")
        _ = try server.backup(to: backup)
        try note(server, "after backup")

        let report = try DatabaseRestore.restore(backup: backup, to: path, force: true)
        #expect(report.restored.passed)
        // The connection that was open all along (a server's) reads the restored catalogue…
        #expect(try notes(server) == ["before backup"])
        // …and what it writes now is in the database at the path, not in a file moved aside.
        try note(server, "after restore")
        let fresh = try CatalogueDatabase.open(at: path)
        #expect(try notes(fresh) == ["before backup", "after restore"])

        // The replaced database is kept, whole.
        let replaced = try #require(report.replacedFile)
        let kept = try CatalogueDatabase.open(at: replaced, migrate: false)
        #expect(try notes(kept) == ["before backup", "after backup"])
    }

    @Test("a backup with transactions only in its own WAL is restored with them")
    func backupWithItsOwnWAL() throws {
        let folder = try TemporaryFolder()
        let source = folder.path("source.sqlite")
        let writer = try DatabaseQueue(path: source)
        try writer.writeWithoutTransaction { db in
            _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
        }
        let database = try CatalogueDatabase(writer, path: source)
        try note(database, "in the WAL")
        // A copy of the file and its WAL, as `cp` of a live database would take.
        let backup = folder.path("copied.sqlite")
        for suffix in ["", "-wal"] { try FileManager.default.copyItem(atPath: source + suffix, toPath: backup + suffix) }
        try writer.close()

        let path = folder.path("catalogue.sqlite")
        _ = try CatalogueDatabase.open(at: path)
        _ = try DatabaseRestore.restore(backup: backup, to: path, force: false)
        #expect(try notes(try CatalogueDatabase.open(at: path)) == ["in the WAL"])
    }

    @Test("a backup with 4 KiB pages is restored into a database of 16 KiB pages, and into a new file")
    func otherPageSize() throws {
        let folder = try TemporaryFolder()
        let older = folder.path("older.sqlite")
        let queue = try DatabaseQueue(path: older)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA page_size = 4096")
            _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
        }
        let database = try CatalogueDatabase(queue, path: older)
        try note(database, "small pages")
        try queue.close()

        let path = folder.path("catalogue.sqlite")
        let live = try CatalogueDatabase.open(at: path)
        try note(live, "replaced")
        _ = try DatabaseRestore.restore(backup: older, to: path, force: true)
        #expect(try notes(live) == ["small pages"])
        #expect(try live.read { try Int.fetchOne($0, sql: "PRAGMA page_size") } == 16_384)

        let new = folder.path("new.sqlite")
        let report = try DatabaseRestore.restore(backup: older, to: new, force: false)
        #expect(report.replacedFile == nil)
        #expect(try notes(try CatalogueDatabase.open(at: new)) == ["small pages"])
        #expect(!FileManager.default.fileExists(atPath: new + ".restoring"))
    }
}
