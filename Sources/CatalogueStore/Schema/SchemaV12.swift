import GRDB

/// The catalogue's revision: a counter that moves on whenever stored readings change outside an import run (the
/// current formulations read again against new reference data), so every cached suitability list, keyed by it, is
/// rebuilt (imports and label aliases already move the key on their own); and `readWith`, the fingerprint of the
/// reference data the current formulations were last read with all together (none yet: every one is read again
/// once); and `referenceDataReading`, every reference data it was read with, so older data is told from newer.
enum SchemaV12 {
    static func create(_ db: Database) throws {
        try db.create(table: "catalogueRevision") { t in
            t.column("id", .integer).primaryKey().check { $0 == 1 }
            t.column("revision", .integer).notNull()
            t.column("readWith", .text)
        }
        try db.execute(sql: "INSERT INTO catalogueRevision (id, revision) VALUES (1, 0)")
        // Every reference data the catalogue has been read with, and when it was first: data the catalogue has moved
        // on from is refused rather than read back to.
        try db.create(table: "referenceDataReading") { t in
            t.primaryKey("fingerprint", .text)
            t.column("readAt", .datetime).notNull()
        }
    }
}
