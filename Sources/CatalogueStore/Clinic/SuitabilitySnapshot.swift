public import CatalogueCore
import Foundation
import GRDB
import GRDBSQLite
public import StoreInterface

extension SuitabilitySnapshot {
    /// Reads the stored records 64 KiB at a time into one small buffer and hands each to `body` as it comes.
    /// - Returns: false, having read nothing, when the size does not fit the layout.
    static func stream(storedIn db: Database, layout: Layout, _ body: (Entry) throws -> Void) throws -> Bool {
        let blob = try StoredSnapshotBlob(db)
        let stride = layout.wordsPerEntry
        guard blob.size % (stride * 8) == 0 else { return false }
        let perChunk = Swift.max(1, 8192 / stride)
        var buffer = [UInt64](repeating: 0, count: perChunk * stride)
        var offset = 0
        while offset < blob.size {
            let bytes = Swift.min(perChunk * stride * 8, blob.size - offset)
            try buffer.withUnsafeMutableBufferPointer { words in
                try blob.read(into: UnsafeMutableRawPointer(words.baseAddress), count: bytes, at: offset)
                for index in 0..<(bytes / 8 / stride) { try body(decode(words.baseAddress! + index * stride, layout)) }
            }
            offset += bytes
        }
        return true
    }
}

/// The stored snapshot's blob opened for SQLite's incremental blob I/O, which GRDB does not wrap; closed when it
/// goes out of scope.
private struct StoredSnapshotBlob: ~Copyable {
    private let handle: OpaquePointer
    let size: Int

    init(_ db: Database) throws {
        var handle: OpaquePointer?
        let opened = sqlite3_blob_open(db.sqliteConnection, "main", "suitabilitySnapshot", "data", 1, 0, &handle)
        guard opened == SQLITE_OK, let handle else {
            sqlite3_blob_close(handle)
            throw DatabaseError(resultCode: ResultCode(rawValue: opened), message: "cannot open the suitability snapshot")
        }
        self.handle = handle
        size = Int(sqlite3_blob_bytes(handle))
    }

    func read(into destination: UnsafeMutableRawPointer?, count: Int, at offset: Int) throws {
        guard count > 0 else { return }
        let status = sqlite3_blob_read(handle, destination, Int32(count), Int32(offset))
        guard status == SQLITE_OK else {
            throw DatabaseError(resultCode: ResultCode(rawValue: status), message: "cannot read the suitability snapshot")
        }
    }

    deinit { sqlite3_blob_close(handle) }
}

extension CatalogueDatabase: CatalogueReadStore {
    /// What a snapshot is valid for (see ``CatalogueReadStore/suitabilitySnapshotStamp(fingerprint:)``).
    public func suitabilitySnapshotStamp(fingerprint: String) throws -> String {
        try read { db -> String in
            let row = try Row.fetchOne(db, sql: "SELECT catalogueChange, revision FROM catalogueRevision WHERE id = 1")
            return CatalogueReadRules.snapshotStamp(fingerprint: fingerprint, catalogueChange: row?[0] ?? 0, revision: row?[1] ?? 0)
        }
    }

    /// The snapshot for this taxonomy, rebuilt (and stored) when the taxonomy or the catalogue changed since it was
    /// made. `fingerprint` identifies the taxonomy's files.
    public func suitabilitySnapshot(taxonomy: Taxonomy, fingerprint: String) throws -> SuitabilitySnapshot {
        var entries: [SuitabilitySnapshot.Entry] = []
        try forEachSuitabilityEntry(taxonomy: taxonomy, fingerprint: fingerprint) { entries.append($0) }
        return SuitabilitySnapshot(entries: entries, layout: SuitabilitySnapshot.Layout(taxonomy))
    }

    /// Calls `body` with every entry of the current snapshot, read from the database in small chunks: the way for
    /// a short-lived command that goes through the catalogue once (no copy of the whole blob in memory). The
    /// snapshot is rebuilt first when it is stale.
    public func forEachSuitabilityEntry(
        taxonomy: Taxonomy, fingerprint: String, _ body: (SuitabilitySnapshot.Entry) throws -> Void
    ) throws {
        let stamp = try suitabilitySnapshotStamp(fingerprint: fingerprint)
        let layout = SuitabilitySnapshot.Layout(taxonomy)
        let streamed = try read { db -> Bool in
            guard try String.fetchOne(db, sql: "SELECT stamp FROM suitabilitySnapshot WHERE id = 1") == stamp else {
                return false
            }
            return try SuitabilitySnapshot.stream(storedIn: db, layout: layout, body)
        }
        if !streamed { try rebuildSuitabilitySnapshot(taxonomy: taxonomy, stamp: stamp).entries.forEach(body) }
    }

    /// Builds the snapshot from the products as they are now, and stores it under `stamp` (read before the products:
    /// a change committed in between makes the stamp stale, never the snapshot).
    private func rebuildSuitabilitySnapshot(taxonomy: Taxonomy, stamp: String) throws -> SuitabilitySnapshot {
        let snapshot = SuitabilitySnapshot(products: try catalogueProducts(taxonomy: taxonomy), taxonomy: taxonomy)
        try write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO suitabilitySnapshot (id, stamp, data) VALUES (1, ?, ?)",
                arguments: [stamp, snapshot.encoded]
            )
        }
        return snapshot
    }
}
