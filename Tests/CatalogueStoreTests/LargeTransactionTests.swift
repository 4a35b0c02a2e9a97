import CatalogueStore
import Foundation
import GRDB
import Testing

@Suite("Large write transactions (imports, the catalogue read again)")
struct LargeTransactionTests {
    /// Frames in the WAL, and how many of them are copied into the database (`PRAGMA wal_checkpoint(PASSIVE)`
    /// returns busy, frames in the WAL, frames checkpointed).
    private func walFrames(_ database: CatalogueDatabase) throws -> (log: Int, copied: Int) {
        let row = try database.writer.writeWithoutTransaction { try Row.fetchOne($0, sql: "PRAGMA wal_checkpoint(PASSIVE)") }
        return (row?[1] ?? -1, row?[2] ?? -1)
    }

    @Test("a committed transaction is in the database file at once, and the connection checkpoints as before after it")
    func commitIsCheckpointed() throws {
        let folder = try TemporaryFolder()
        let database = try CatalogueDatabase.open(at: folder.path("catalogue.sqlite"))
        let payload = String(repeating: "x", count: 4_000)
        try database.writer.writeWithoutTransaction { db in
            try db.execute(sql: "CREATE TABLE bulk (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")
            try LargeTransaction.run(db) {
                for id in 1...3_000 { try db.execute(sql: "INSERT INTO bulk (id, text) VALUES (?, ?)", arguments: [id, payload]) }
                return .commit
            }
            #expect(try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") == 1_000)
        }
        let frames = try walFrames(database)
        #expect(frames.log > 0 && frames.copied == frames.log, "every frame of the commit copied: \(frames)")
        #expect(try database.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM bulk") } == 3_000)

        // A reader opened elsewhere sees the whole transaction.
        let other = try DatabaseQueue(path: folder.path("catalogue.sqlite"))
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
