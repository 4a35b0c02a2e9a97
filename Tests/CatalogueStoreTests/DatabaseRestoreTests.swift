@_spi(SQLite) import CatalogueStore
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

    /// A database (`catalogue.sqlite` unless named) holding one note, and a backup of it at `backup.sqlite`.
    private func databaseWithBackup(
        in folder: TemporaryFolder, named name: String = "catalogue.sqlite", noting text: String
    ) throws -> (String, CatalogueDatabase, String) {
        let path = folder.path(name)
        let live = try CatalogueDatabase.open(at: path)
        try note(live, text)
        let backup = folder.path("backup.sqlite")
        _ = try live.backup(to: backup)
        return (path, live, backup)
    }

    /// A database made as versions before 16 KiB pages made it: 4 KiB pages, WAL mode, migrated.
    private func withSmallPages(at path: String) throws -> CatalogueDatabase {
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA page_size = 4096")
            _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
        }
        return try CatalogueDatabase(queue, path: path)
    }

    private func notes(_ database: CatalogueDatabase) throws -> [String] {
        try database.read { try String.fetchAll($0, sql: "SELECT action FROM auditLog WHERE actor = 'test' ORDER BY id") }
    }

    @Test("a connection open across a forced restore reads the restored data, and what it writes after stays in the database")
    func openConnectionFollowsTheRestore() throws {
        let folder = try TemporaryFolder()
        let (path, server, backup) = try databaseWithBackup(in: folder, noting: "before backup")
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
        let database = try withSmallPages(at: older)
        try note(database, "small pages")
        try database.writer.close()

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
        #expect(try leftovers(beside: new).isEmpty)
    }

    private func leftovers(beside path: String) throws -> [String] {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.contains(".restoring") }
    }

    @Test("a database SQLite cannot read is moved aside and the backup put in its place, with --force")
    func unreadableDatabase() throws {
        let folder = try TemporaryFolder()
        let (_, _, backup) = try databaseWithBackup(in: folder, named: "good.sqlite", noting: "saved")

        let path = folder.path("catalogue.sqlite")
        let garbage = Data(repeating: 0x5A, count: 40_000)
        try garbage.write(to: URL(fileURLWithPath: path))
        // Whether an import runs cannot be read from it: refused without --force, nothing changed.
        #expect {
            try DatabaseRestore.restore(backup: backup, to: path, force: false)
        } throws: { error in
            (error as? BackupError)?.code == "DB-RESTORE-BUSY"
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == garbage)
        let report = try DatabaseRestore.restore(backup: backup, to: path, force: true)
        #expect(report.restored.passed)
        #expect(try notes(try CatalogueDatabase.open(at: path)) == ["saved"])
        let replaced = try #require(report.replacedFile)
        #expect(try Data(contentsOf: URL(fileURLWithPath: replaced)) == garbage)
        #expect(try leftovers(beside: path).isEmpty)
    }

    @Test("a database that cannot be opened but is not damaged (a folder at its path) is left alone")
    func cannotOpen() throws {
        let folder = try TemporaryFolder()
        let (_, _, backup) = try databaseWithBackup(in: folder, named: "source.sqlite", noting: "saved")
        let path = folder.path("catalogue.sqlite")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        try Data("inside".utf8).write(to: URL(fileURLWithPath: path + "/notes.txt"))
        #expect {
            try DatabaseRestore.restore(backup: backup, to: path, force: true)
        } throws: { error in
            (error as? BackupError)?.code == "DB-RESTORE-OPEN"
        }
        #expect(try String(contentsOfFile: path + "/notes.txt", encoding: .utf8) == "inside")
        #expect(try leftovers(beside: path).isEmpty)
    }

    @Test("a database with a damaged page is restored, and kept as it was, page for page")
    func damagedPage() throws {
        let folder = try TemporaryFolder()
        let (path, live, backup) = try databaseWithBackup(in: folder, noting: "good")
        for index in 1...400 { try note(live, "later \(index)") }
        try live.writer.writeWithoutTransaction { _ = try Row.fetchOne($0, sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        let root = try #require(try live.read { try Int.fetchOne($0, sql: "SELECT rootpage FROM sqlite_master WHERE name = 'auditLog'") })
        try (live.writer as? DatabasePool)?.close()
        // The audit log's root page overwritten.
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        try handle.seek(toOffset: UInt64((root - 1) * 16_384))
        try handle.write(contentsOf: Data(repeating: 0xEE, count: 16_384))
        try handle.close()
        #expect((try? CatalogueDatabase.check(fileAt: path))?.passed != true)

        let report = try DatabaseRestore.restore(backup: backup, to: path, force: true)
        #expect(report.restored.passed)
        #expect(try notes(try CatalogueDatabase.open(at: path)) == ["good"])
        let kept = try #require(report.replacedFile)
        #expect((try? CatalogueDatabase.check(fileAt: kept))?.passed != true, "kept as it was, damage included")
        #expect(try leftovers(beside: path).isEmpty)
    }

    @Test("the kept copy is named for the time, never overwrites one, has the database's permissions; the database stays in WAL mode")
    func keptCopy() throws {
        let folder = try TemporaryFolder()
        let (path, _, backup) = try databaseWithBackup(in: folder, noting: "first")
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        let now = Date(timeIntervalSince1970: 1_796_000_000)
        let first = try DatabaseRestore.restore(backup: backup, to: path, force: true, now: now)
        let second = try DatabaseRestore.restore(backup: backup, to: path, force: true, now: now)
        #expect(first.replacedFile == path + ".replaced-2026-11-30T005320Z")
        #expect(second.replacedFile == path + ".replaced-2026-11-30T005320Z-2")
        for kept in [first.replacedFile, second.replacedFile].compactMap({ $0 }) {
            let mode = try FileManager.default.attributesOfItem(atPath: kept)[.posixPermissions] as? NSNumber
            #expect(mode?.intValue == 0o600, "\(kept)")
        }
        let fresh = try DatabaseQueue(path: path)
        #expect(try fresh.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
        #expect(try leftovers(beside: path).isEmpty)
    }

    @Test(
        "run by root, a restore leaves every file it makes to the database's owner (or the folder's, for a new one)",
        .enabled(if: geteuid() == 0)
    )
    func ownerKept() throws {
        let folder = try TemporaryFolder()
        let (path, live, backup) = try databaseWithBackup(in: folder, noting: "first")
        try live.writer.close()
        let owner: [FileAttributeKey: Any] = [.ownerAccountID: 4_321, .groupOwnerAccountID: 4_322]
        try FileManager.default.setAttributes(owner, ofItemAtPath: path)
        func owners(_ file: String) throws -> [Int] {
            let attributes = try FileManager.default.attributesOfItem(atPath: file)
            return [attributes[.ownerAccountID], attributes[.groupOwnerAccountID]].compactMap { ($0 as? NSNumber)?.intValue }
        }
        let report = try DatabaseRestore.restore(backup: backup, to: path, force: true)
        #expect(try owners(path) == [4_321, 4_322])
        #expect(try owners(try #require(report.replacedFile)) == [4_321, 4_322], "the kept copy")

        // A database that cannot be read is replaced by a new file: its owner's too.
        let damaged = folder.path("damaged.sqlite")
        try Data(repeating: 0x41, count: 8_192).write(to: URL(fileURLWithPath: damaged))
        try FileManager.default.setAttributes(owner, ofItemAtPath: damaged)
        _ = try DatabaseRestore.restore(backup: backup, to: damaged, force: true)
        #expect(try owners(damaged) == [4_321, 4_322])

        // No database yet: the folder's owner, who runs the service that will open it.
        let inner = folder.path("clinic")
        try FileManager.default.createDirectory(atPath: inner, withIntermediateDirectories: false, attributes: owner)
        let fresh = inner + "/oilcat.sqlite"
        _ = try DatabaseRestore.restore(backup: backup, to: fresh, force: false)
        #expect(try owners(fresh) == [4_321, 4_322])
        #expect(try CatalogueDatabase.check(fileAt: fresh).passed)
    }

    @Test("the database itself, however named, is refused as the backup to restore")
    func databaseItself() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("catalogue.sqlite")
        let live = try CatalogueDatabase.open(at: path)
        try note(live, "kept")
        let link = folder.path("link.sqlite")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: path)
        #expect {
            try DatabaseRestore.restore(backup: link, to: path, force: true)
        } throws: { error in
            (error as? BackupError)?.code == "DB-RESTORE-CHECK"
        }
        #expect(try notes(live) == ["kept"])
    }

    @Test("a backup with 16 KiB pages is restored into a database made with 4 KiB pages")
    func smallerLivePages() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("catalogue.sqlite")
        let live = try withSmallPages(at: path)
        try note(live, "old file")
        let other = try CatalogueDatabase.open(at: folder.path("new.sqlite"))
        try note(other, "from the backup")
        let backup = folder.path("backup.sqlite")
        _ = try other.backup(to: backup)
        _ = try DatabaseRestore.restore(backup: backup, to: path, force: true)
        #expect(try notes(live) == ["from the backup"])
        #expect(try live.read { try Int.fetchOne($0, sql: "PRAGMA page_size") } == 4_096)
    }
}
