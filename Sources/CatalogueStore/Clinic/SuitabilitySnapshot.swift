public import CatalogueCore
import Foundation
import GRDB

/// Every active product's suitability facts as fixed-size plain-bits records: the status key, property bits and
/// its rank in name order. Reading 100,000 of them is one blob, not 100,000 rows, so a list for one client starts in
/// milliseconds. Stamped with the taxonomy's fingerprint and the last applied import; rebuilt when either changed.
public struct SuitabilitySnapshot: Sendable {
    public struct Entry: Sendable, BitwiseCopyable {
        public let key: StatusKey
        public let properties: InlineBits
        /// Position in name order.
        public let nameRank: UInt32
    }

    public let entries: [Entry]

    /// How many 64-bit words each bit set takes: as many as the taxonomy needs (1 to 4).
    struct Layout: Equatable {
        var ingredients: Int
        var allergens: Int
        var properties: Int

        init(_ taxonomy: Taxonomy) {
            func words(_ count: Int) -> Int { max(1, min(4, (count + 63) / 64)) }
            ingredients = words(taxonomy.ingredients.count)
            allergens = words(taxonomy.allergens.count)
            properties = words(taxonomy.properties.count)
        }

        /// id, the three bit sets, and one word of rank and flags.
        var wordsPerEntry: Int { 2 + ingredients + allergens + properties }
    }

    func encoded(_ layout: Layout) -> Data {
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
            words.append(UInt64(entry.nameRank) | flags << 32)
        }
        return words.withUnsafeBytes { Data($0) }
    }

    init(entries: [Entry]) {
        self.entries = entries
    }

    init?(data: Data, layout: Layout) {
        let stride = layout.wordsPerEntry * 8
        guard data.count % stride == 0 else { return nil }
        let count = data.count / stride
        // One tight pass over the words, writing the entries in place: no per-entry closures or appends.
        entries = data.withUnsafeBytes { raw in
            [Entry](unsafeUninitializedCapacity: count) { buffer, initialized in
                @inline(__always) func word(_ offset: Int) -> UInt64 { raw.loadUnaligned(fromByteOffset: offset * 8, as: UInt64.self) }
                @inline(__always) func bits(_ start: Int, _ words: Int) -> InlineBits {
                    InlineBits(
                        w0: word(start), w1: words > 1 ? word(start + 1) : 0, w2: words > 2 ? word(start + 2) : 0,
                        w3: words > 3 ? word(start + 3) : 0
                    )
                }
                let (ingredients, allergens, properties) = (layout.ingredients, layout.allergens, layout.properties)
                var at = 0
                for index in 0..<count {
                    let id = Int64(bitPattern: word(at))
                    let ingredientBits = bits(at + 1, ingredients)
                    let allergenBits = bits(at + 1 + ingredients, allergens)
                    let propertyBits = bits(at + 1 + ingredients + allergens, properties)
                    let last = word(at + 1 + ingredients + allergens + properties)
                    let flags = last >> 32
                    (buffer.baseAddress! + index).initialize(to: Entry(
                        key: StatusKey(
                            productID: id, ingredients: ingredientBits, allergens: allergenBits, needsFullCheck: flags & 1 != 0,
                            hasIngredientList: flags & 2 != 0, phototoxicCaution: flags & 4 != 0, hasUnresolved: flags & 8 != 0
                        ),
                        properties: propertyBits, nameRank: UInt32(truncatingIfNeeded: last)
                    ))
                    at += layout.wordsPerEntry
                }
                initialized = count
            }
        }
    }
}

extension CatalogueDatabase {
    /// What a snapshot is valid for: the taxonomy's fingerprint and the last applied import. A server keeps a
    /// snapshot in memory while this stays the same.
    public func suitabilitySnapshotStamp(fingerprint: String) throws -> String {
        try read { db -> String in
            let lastApplied = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM importRun WHERE status = 'succeeded'") ?? 0
            return "v3|\(fingerprint)|\(lastApplied)"
        }
    }

    /// The snapshot for this taxonomy, rebuilt (and stored) when the taxonomy or the catalogue changed since it was
    /// made. `fingerprint` identifies the taxonomy's files.
    public func suitabilitySnapshot(taxonomy: Taxonomy, fingerprint: String) throws -> SuitabilitySnapshot {
        let stamp = try suitabilitySnapshotStamp(fingerprint: fingerprint)
        let layout = SuitabilitySnapshot.Layout(taxonomy)
        let current = try read { db -> SuitabilitySnapshot? in
            guard try String.fetchOne(db, sql: "SELECT stamp FROM suitabilitySnapshot WHERE id = 1") == stamp else { return nil }
            // Parsed straight from SQLite's buffer, which lives while the cursor stands on the row: no copy first.
            let rows = try Row.fetchCursor(db, sql: "SELECT data FROM suitabilitySnapshot WHERE id = 1")
            guard let row = try rows.next() else { return nil }
            return try row.withUnsafeData(atIndex: 0) { data in
                data.flatMap { SuitabilitySnapshot(data: $0, layout: layout) }
            }
        }
        if let current { return current }
        let products = try catalogueProducts(taxonomy: taxonomy)
        let snapshot = SuitabilitySnapshot(entries: products.enumerated().map { rank, product in
            SuitabilitySnapshot.Entry(
                key: product.facts.key,
                properties: OrdinalSet(product.properties.compactMap(taxonomy.ordinal(of:))).inline,
                nameRank: UInt32(rank)
            )
        })
        try write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO suitabilitySnapshot (id, stamp, data) VALUES (1, ?, ?)",
                arguments: [stamp, snapshot.encoded(layout)]
            )
        }
        return snapshot
    }
}
