@_spi(SQLite) import CatalogueStore
import Foundation
import GRDB
import Testing

@Suite("Opening and migrating the database")
struct MigrationTests {
    @Test("a new file is created in WAL mode with every migration applied")
    func createsWALDatabase() throws {
        let folder = try TemporaryFolder()
        let database = try CatalogueDatabase.open(at: folder.path("catalogue.sqlite"))
        let info = try database.info()
        #expect(info.journalMode == "wal")
        #expect(info.appliedMigrations == CatalogueDatabase.migrationNames)
        #expect(info.pendingMigrations.isEmpty)
        #expect(info.counts["product"] == 0)
        let tables = try database.read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'table'") }
        for table in ["supplier", "product", "formulation", "importRun", "importLock",
            "client", "clientAllergy", "patchTest", "patchTestReading", "patchTestCorrection", "stockLot",
            "stockMovement", "auditLog"]
        {
            #expect(tables.contains(table), "missing table \(table)")
        }
    }

    @Test("a new file gets 16 KiB pages; a file made with other pages keeps them and opens as before")
    func pageSize() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("catalogue.sqlite")
        for connections in [CatalogueDatabase.Connections.pool, .single] {
            try? FileManager.default.removeItem(atPath: path)
            let database = try CatalogueDatabase.open(at: path, connections: connections)
            #expect(try database.read { try Int.fetchOne($0, sql: "PRAGMA page_size") } == 16_384)
            #expect(try database.info().journalMode == "wal")
        }

        let older = folder.path("older.sqlite")
        do {
            let queue = try DatabaseQueue(path: older)
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA page_size = 4096")
                try db.execute(sql: "PRAGMA journal_mode = WAL")
                try db.execute(sql: "CREATE TABLE note (text TEXT)")
            }
        }
        let reopened = try CatalogueDatabase.open(at: older)
        #expect(try reopened.read { try Int.fetchOne($0, sql: "PRAGMA page_size") } == 4096)
        #expect(try reopened.info().pendingMigrations.isEmpty)
    }

    @Test("migrating twice changes nothing, and data survives reopening")
    func migrationIsIdempotent() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("catalogue.sqlite")
        do {
            let database = try CatalogueDatabase.open(at: path)
            try database.write { db in
                try db.execute(
                    sql: "INSERT INTO client (name, createdAt, updatedAt) VALUES ('Ada', datetime('now'), datetime('now'))"
                )
            }
        }
        let reopened = try CatalogueDatabase.open(at: path)
        try reopened.migrate()
        #expect(try reopened.info().counts["client"] == 1)
    }

    @Test("opening without migrating reports pending migrations and creates no tables")
    func pendingMigrations() throws {
        let folder = try TemporaryFolder()
        let database = try CatalogueDatabase.open(at: folder.path("new.sqlite"), migrate: false)
        #expect(try database.info().pendingMigrations == CatalogueDatabase.migrationNames)
        #expect(try database.info().counts.isEmpty)
    }

    @Test("a database written by a newer version is refused and left untouched")
    func newerSchemaIsRefused() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("catalogue.sqlite")
        try CatalogueDatabase.open(at: path).write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
        }
        let error = #expect(throws: StoreError.self) { try CatalogueDatabase.open(at: path) }
        #expect(error?.kind == .newerSchema)
    }

    @Test("a file that is not a database gives a one-line error naming the path")
    func notADatabase() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("notes.sqlite")
        try Data(String(repeating: "this is not a database\n", count: 200).utf8).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: StoreError.self) { try CatalogueDatabase.open(at: path) }
        #expect(error?.kind == .cannotOpen)
        #expect(error?.message.contains(path) == true)
        #expect(error?.message.contains("not a SQLite database") == true)
        #expect(error?.description.contains("\n") == false)
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix("this is not a database"))
    }

    @Test("a path in a missing folder is refused, not created")
    func missingFolder() throws {
        let error = #expect(throws: StoreError.self) {
            try CatalogueDatabase.open(at: "/nonexistent-oilcat-folder/catalogue.sqlite")
        }
        #expect(error?.message.contains("/nonexistent-oilcat-folder") == true)
        #expect(!FileManager.default.fileExists(atPath: "/nonexistent-oilcat-folder"))
    }
}

@Suite("The audit log")
struct AuditLogTests {
    @Test("entries append inside the caller's transaction and can never be changed or removed")
    func appendOnly() throws {
        let database = try CatalogueDatabase.inMemory()
        try database.write { db in
            try AuditEntry.append(db, actor: "tester", action: "client.add", entity: "client", entityId: "1")
        }
        #expect(throws: StoreError.self) {
            try database.write { db in try db.execute(sql: "UPDATE auditLog SET actor = 'someone else'") }
        }
        #expect(throws: StoreError.self) {
            try database.write { db in try db.execute(sql: "DELETE FROM auditLog") }
        }
        let entries = try database.read { try AuditEntry.fetchAll($0) }
        #expect(entries.map(\.actor) == ["tester"])
    }

    @Test("a rolled-back change leaves no audit line")
    func rollbackTakesTheAuditLine() throws {
        let database = try CatalogueDatabase.inMemory()
        struct Abort: Error {}
        #expect(throws: Abort.self) {
            try database.write { db in
                try AuditEntry.append(db, actor: "tester", action: "client.add", entity: "client")
                throw Abort()
            }
        }
        #expect(try database.read { try AuditEntry.fetchCount($0) } == 0)
    }
}

@Suite("Opening during an import")
struct ConcurrentOpenTests {
    @Test("opening an up-to-date database does not wait for another connection's write transaction")
    func openDoesNotWaitForWriters() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("catalogue.sqlite")
        let importing = try CatalogueDatabase.open(at: path)
        // The writer holds its transaction on a thread of its own until released: no timing is assumed, so a loaded
        // machine (parallel tests, CI) cannot let it commit before the reader looks.
        let inTransaction = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        let writer = Thread {
            defer { finished.signal() }
            try? importing.writer.write { db in
                try db.execute(sql: "INSERT INTO client (name, createdAt, updatedAt) VALUES ('x', datetime('now'), datetime('now'))")
                inTransaction.signal()
                _ = release.wait(timeout: .now() + 60)
            }
        }
        writer.start()
        #expect(inTransaction.wait(timeout: .now() + 60) == .success)
        let started = ContinuousClock.now
        let reader = try CatalogueDatabase.open(at: path)
        #expect(try reader.info().counts["client"] == 0)  // the uncommitted client is not visible
        // Waiting for the writer would take the whole 60 s hold; a loaded machine opens well within 10 s.
        #expect(ContinuousClock.now - started < .seconds(10))
        release.signal()
        finished.wait()
        #expect(try reader.info().counts["client"] == 1)
    }
}
