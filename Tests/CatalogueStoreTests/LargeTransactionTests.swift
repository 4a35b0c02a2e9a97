@_spi(SQLite) import CatalogueStore
import Foundation
import GRDB
import Testing

@Suite("Large write transactions (imports, the catalogue read again)")
struct LargeTransactionTests {
    /// Writes 3,000 rows of 4 KB (some 750 pages of 16 KiB: fewer than SQLite's automatic checkpoint waits for).
    private func writeBulk(_ db: Database) throws {
        try db.execute(sql: "CREATE TABLE bulk (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")
        let payload = String(repeating: "x", count: 4_000)
        try LargeTransaction.run(db) {
            for id in 1...3_000 { try db.execute(sql: "INSERT INTO bulk (id, text) VALUES (?, ?)", arguments: [id, payload]) }
            return .commit
        }
    }

    private static func size(of path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    @Test("a committed transaction is copied into the database file at once; the connection checkpoints as before after it")
    func commitIsCheckpointed() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("catalogue.sqlite")
        let database = try CatalogueDatabase.open(at: path)
        #expect(Self.size(of: path) < 1_000_000)
        try database.writer.writeWithoutTransaction { db in
            try writeBulk(db)
            #expect(try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") == 1_000)
        }
        // In the file itself, not only in the WAL: the checkpoint ran, though the WAL held fewer than 1,000 frames.
        #expect(Self.size(of: path) > 12_000_000)
        #expect(try database.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM bulk") } == 3_000)

        // A reader opened elsewhere sees the whole transaction.
        let other = try DatabaseQueue(path: path)
        #expect(try other.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM bulk") } == 3_000)
    }

    @Test("a rolled-back or failed transaction leaves nothing, and the connection's settings as they were")
    func rollbackAndFailure() throws {
        let folder = try TemporaryFolder()
        let database = try CatalogueDatabase.open(at: folder.path("catalogue.sqlite"))
        struct Stop: Error {}
        try database.writer.writeWithoutTransaction { db in
            try db.execute(sql: "CREATE TABLE bulk (id INTEGER PRIMARY KEY)")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 500")
            try LargeTransaction.run(db) {
                try db.execute(sql: "INSERT INTO bulk (id) VALUES (1)")
                return .rollback
            }
            #expect(throws: Stop.self) {
                try LargeTransaction.run(db) {
                    try db.execute(sql: "INSERT INTO bulk (id) VALUES (2)")
                    throw Stop()
                }
            }
            #expect(!db.isInsideTransaction)
            #expect(try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") == 500)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM bulk") == 0)
        }
    }

    @Test("an in-memory database, with no file to sync, commits as usual")
    func inMemory() throws {
        let database = try CatalogueDatabase.inMemory()
        try database.writer.writeWithoutTransaction { db in
            try db.execute(sql: "CREATE TABLE bulk (id INTEGER PRIMARY KEY)")
            try LargeTransaction.run(db) {
                try db.execute(sql: "INSERT INTO bulk (id) VALUES (1)")
                return .commit
            }
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM bulk") == 1)
        }
    }
}
