public import GRDB

/// A write transaction that may write hundreds of megabytes: an import run, the catalogue read again.
///
/// The WAL is synced as it grows, and right after the commit the WAL is copied into the database file, with that
/// file synced as it is written (see ``BackgroundSync``). SQLite's automatic checkpoint would have run inside the
/// commit once the WAL held 1,000 frames; this one runs after every commit of a large transaction, whatever it
/// wrote. Readers are never waited for: the checkpoint is passive, as the automatic one, and what they still
/// use is copied by a later one.
@_spi(SQLite) public enum LargeTransaction {
    /// Runs `body` in a write transaction on `db`, which must not already be in one.
    public static func run(_ db: Database, _ body: () throws -> Database.TransactionCompletion) throws {
        // SQLite's own checkpoint would run inside the commit; it is turned off for this connection during the
        // transaction and put back after it.
        let automatic = try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") ?? 1_000
        try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
        // Setting a pragma on an open connection does not fail; were it to, the connection would checkpoint only
        // when a later large transaction does, or when it closes.
        defer { try? db.execute(sql: "PRAGMA wal_autocheckpoint = \(automatic)") }
        var committed = false
        try BackgroundSync.wal(of: db).whileRunning {
            try db.inTransaction {
                let completion = try body()
                committed = completion == .commit
                return completion
            }
        }
        guard committed, automatic > 0 else { return }
        // Committed whatever happens now: a checkpoint that fails here is made by a later one.
        BackgroundSync.databaseFile(of: db).whileRunning {
            _ = try? Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(PASSIVE)")
        }
    }
}
