public import CatalogueCore
import Foundation
import GRDB
import GRDBSQLite

/// Every active product's suitability facts as fixed-size plain-bits records: the status key, property bits and
/// its rank in name order. Reading 100,000 of them is one blob, not 100,000 rows, so a list for one client starts in
/// milliseconds. Stamped with the taxonomy's fingerprint and the last applied import; rebuilt when either changed.
///
/// A snapshot value holds its entries decoded, for a server that lists from it again and again; a command that goes
/// through the catalogue once streams the stored records instead (``CatalogueDatabase/forEachSuitabilityEntry``).
public struct SuitabilitySnapshot: Sendable {
    public struct Entry: Sendable, BitwiseCopyable {
        public let key: StatusKey
        public let properties: InlineBits
        /// Position in name order.
        public let nameRank: UInt32
    }

    /// How many 64-bit words each bit set takes: as many as the taxonomy needs (1 to 4).
    struct Layout: Equatable {
        var ingredients: Int
        var allergens: Int
        var properties: Int

        init(_ taxonomy: Taxonomy) {
            func words(_ count: Int) -> Int { Swift.max(1, Swift.min(4, (count + 63) / 64)) }
            ingredients = words(taxonomy.ingredients.count)
            allergens = words(taxonomy.allergens.count)
            properties = words(taxonomy.properties.count)
        }

        /// id, the three bit sets, and one word of rank and flags.
        var wordsPerEntry: Int { 2 + ingredients + allergens + properties }
    }

    /// Every active product, in id order. A stored array, so a loop over it in another module runs on the array
    /// itself (specialised and inlined), not through calls into this one.
    public let entries: [Entry]
    private let layout: Layout

    @inline(__always)
    fileprivate static func decode(_ record: UnsafePointer<UInt64>, _ layout: Layout) -> Entry {
        @inline(__always) func bits(_ start: Int, _ count: Int) -> InlineBits {
            InlineBits(
                w0: record[start], w1: count > 1 ? record[start + 1] : 0, w2: count > 2 ? record[start + 2] : 0,
                w3: count > 3 ? record[start + 3] : 0
            )
        }
        let (ingredients, allergens, properties) = (layout.ingredients, layout.allergens, layout.properties)
        let last = record[1 + ingredients + allergens + properties]
        let flags = last >> 32
        return Entry(
            key: StatusKey(
                productID: Int64(bitPattern: record[0]), ingredients: bits(1, ingredients),
                allergens: bits(1 + ingredients, allergens), needsFullCheck: flags & 1 != 0,
                hasIngredientList: flags & 2 != 0, phototoxicCaution: flags & 4 != 0, hasUnresolved: flags & 8 != 0,
                hasNaturalComplexOil: flags & 16 != 0, hasNaturalComplexOther: flags & 32 != 0,
                statesPercentages: flags & 64 != 0
            ),
            properties: bits(1 + ingredients + allergens, properties), nameRank: UInt32(truncatingIfNeeded: last)
        )
    }

    init(entries: [Entry], layout: Layout) {
        self.entries = entries
        self.layout = layout
    }

    /// The records as stored: per entry the id, the three bit sets and a word of rank and flags, in native byte order.
    var encoded: Data {
        var words: [UInt64] = []
        words.reserveCapacity(entries.count * layout.wordsPerEntry)
        func append(_ bits: InlineBits, _ count: Int) { words += [bits.w0, bits.w1, bits.w2, bits.w3].prefix(count) }
        for entry in entries {
            let key = entry.key
            words.append(UInt64(bitPattern: key.productID))
            append(key.ingredients, layout.ingredients)
            append(key.allergens, layout.allergens)
            append(entry.properties, layout.properties)
            let flags = UInt64(key.needsFullCheck ? 1 : 0) | UInt64(key.hasIngredientList ? 2 : 0)
                | UInt64(key.phototoxicCaution ? 4 : 0) | UInt64(key.hasUnresolved ? 8 : 0)
                | UInt64(key.hasNaturalComplexOil ? 16 : 0) | UInt64(key.hasNaturalComplexOther ? 32 : 0)
                | UInt64(key.statesPercentages ? 64 : 0)
            words.append(UInt64(entry.nameRank) | flags << 32)
        }
        return words.withUnsafeBytes { Data($0) }
    }

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

extension CatalogueDatabase {
    /// What a snapshot is valid for: the taxonomy's fingerprint, the last applied import, the label aliases (an
    /// alias resolves products again) and the catalogue revision (products read again against new reference data).
    /// A server keeps a snapshot in memory while this stays the same. The leading version changes whenever the
    /// records are laid out or computed differently (v4: phototoxic flags from per-ingredient percentages; v5:
    /// inventory flags; v6: whether the label states percentages; v7: the revision), so older snapshots are rebuilt.
    public func suitabilitySnapshotStamp(fingerprint: String) throws -> String {
        try read { db -> String in
            let lastApplied = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM importRun WHERE status = 'succeeded'") ?? 0
            let aliases = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM labelAlias") ?? 0
            let revision = try Int.fetchOne(db, sql: "SELECT revision FROM catalogueRevision WHERE id = 1") ?? 0
            // v8: a list that names no ingredient is unknown (the stored flags changed).
            return "v8|\(fingerprint)|\(lastApplied)|a\(aliases)|r\(revision)"
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
        if !streamed { try rebuildSuitabilitySnapshot(taxonomy: taxonomy, stamp: stamp, layout: layout).entries.forEach(body) }
    }

    private func rebuildSuitabilitySnapshot(
        taxonomy: Taxonomy, stamp: String, layout: SuitabilitySnapshot.Layout
    ) throws -> SuitabilitySnapshot {
        let products = try catalogueProducts(taxonomy: taxonomy)
        let snapshot = SuitabilitySnapshot(
            entries: products.enumerated().map { rank, product in
                SuitabilitySnapshot.Entry(
                    key: product.facts.key,
                    properties: OrdinalSet(product.properties.compactMap(taxonomy.ordinal(of:))).inline,
                    nameRank: UInt32(rank)
                )
            },
            layout: layout
        )
        try write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO suitabilitySnapshot (id, stamp, data) VALUES (1, ?, ?)",
                arguments: [stamp, snapshot.encoded]
            )
        }
        return snapshot
    }
}
