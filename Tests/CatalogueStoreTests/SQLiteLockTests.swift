@_spi(SQLite) import CatalogueStore
import Foundation
import GRDB
import Testing

#if os(Linux)
/// SQLite's locks on a database file belong to the process, and closing any descriptor of the file drops them all:
/// what this process reads or syncs of the file outside SQLite must never do that.
@Suite("SQLite's locks on the database file stay in place")
struct SQLiteLockTests {
    @Test("after a large transaction the process still holds SQLite's shared lock on the database file")
    func locksSurvive() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("catalogue.sqlite")
        let database = try CatalogueDatabase.open(at: path)
        // The pool's writer is open (and holds its shared lock) once it has written.
        try database.writer.writeWithoutTransaction { try $0.execute(sql: "CREATE TABLE first (id INTEGER PRIMARY KEY)") }
        #expect(try SQLiteLocks.sharedLockHeld(on: path))
        try database.writer.writeWithoutTransaction { db in
            try db.execute(sql: "CREATE TABLE bulk (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")
            let payload = String(repeating: "x", count: 4_000)
            try LargeTransaction.run(db) {
                for id in 1...3_000 {
                    try db.execute(sql: "INSERT INTO bulk (id, text) VALUES (?, ?)", arguments: [id, payload])
                }
                return .commit
            }
        }
        // Without it, another process closing its last connection would take itself for the last one, checkpoint
        // under this process's readers and delete the WAL this process still writes.
        #expect(try SQLiteLocks.sharedLockHeld(on: path), "a descriptor of the database file was closed, dropping SQLite's locks")
        try database.writer.writeWithoutTransaction { db in
            try LargeTransaction.run(db) {
                try db.execute(sql: "INSERT INTO first (id) VALUES (1)")
                return .commit
            }
        }
        #expect(try SQLiteLocks.sharedLockHeld(on: path))
    }

    @Test("the readiness probe leaves SQLite's locks in place, and tells a missing file")
    func readinessProbeKeepsLocks() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("catalogue.sqlite")
        let database = try CatalogueDatabase.open(at: path)
        try database.writer.writeWithoutTransaction { try $0.execute(sql: "CREATE TABLE first (id INTEGER PRIMARY KEY)") }
        #expect(try SQLiteLocks.sharedLockHeld(on: path))
        for _ in 1...3 { #expect(CatalogueDatabase.fileLooksReadable(at: path)) }
        // A server asks this at every /ready: before, each call closed a descriptor of the file, dropping the
        // server's locks, so a command's last connection closing could delete the WAL under the server.
        #expect(try SQLiteLocks.sharedLockHeld(on: path))

        #expect(!CatalogueDatabase.fileLooksReadable(at: folder.path("missing.sqlite")))
    }
}
#endif
