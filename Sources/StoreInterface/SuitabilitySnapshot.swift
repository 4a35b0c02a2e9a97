public import CatalogueCore
public import Foundation

/// Every active product's suitability facts as fixed-size plain-bits records: the status key, property bits and
/// its rank in name order. Reading 100,000 of them is one blob, not 100,000 rows, so a list for one client starts in
/// milliseconds. Stamped with the taxonomy's fingerprint and the catalogue's change counter; rebuilt when either changed.
///
/// A snapshot value holds its entries decoded, for a server that lists from it again and again; a command that goes
/// through the catalogue once streams the stored records instead (``CatalogueReadStore/forEachSuitabilityEntry(taxonomy:fingerprint:_:)``).
public struct SuitabilitySnapshot: Sendable {
    public struct Entry: Sendable, BitwiseCopyable {
        public let key: StatusKey
        public let properties: InlineBits
        /// Position in name order.
        public let nameRank: UInt32
    }

    /// How many 64-bit words each bit set takes: as many as the taxonomy needs (1 to 4).
    public struct Layout: Sendable, Equatable {
        var ingredients: Int
        var allergens: Int
        var properties: Int

        public init(_ taxonomy: Taxonomy) {
            func words(_ count: Int) -> Int { Swift.max(1, Swift.min(4, (count + 63) / 64)) }
            ingredients = words(taxonomy.ingredients.count)
            allergens = words(taxonomy.allergens.count)
            properties = words(taxonomy.properties.count)
        }

        /// id, the three bit sets, and one word of rank and flags.
        public var wordsPerEntry: Int { 2 + ingredients + allergens + properties }
    }

    /// Every active product, in id order. A stored array, so a loop over it in another module runs on the array
    /// itself (specialised and inlined), not through calls into this one.
    public let entries: [Entry]
    private let layout: Layout

    /// The entry stored at `record` (``Layout/wordsPerEntry`` words).
    @inline(__always)
    public static func decode(_ record: UnsafePointer<UInt64>, _ layout: Layout) -> Entry {
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

    public init(entries: [Entry], layout: Layout) {
        self.entries = entries
        self.layout = layout
    }

    /// The records as stored: per entry the id, the three bit sets and a word of rank and flags, in native byte order.
    public var encoded: Data {
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

    /// The snapshot of `products` (every active product, in name order, as ``CatalogueReadStore/catalogueProducts(taxonomy:properties:productIDs:includingDiscontinued:)``
    /// gives them).
    public init(products: [CatalogueProduct], taxonomy: Taxonomy) {
        self.init(
            entries: products.enumerated().map { rank, product in
                Entry(
                    key: product.facts.key,
                    properties: OrdinalSet(product.properties.compactMap(taxonomy.ordinal(of:))).inline,
                    nameRank: UInt32(rank)
                )
            },
            layout: Layout(taxonomy)
        )
    }

    /// Decodes stored records (``encoded``) written for `layout`; `nil` when their size does not fit it.
    public init?(encoded data: Data, layout: Layout) {
        let stride = layout.wordsPerEntry * 8
        guard data.count % stride == 0 else { return nil }
        var entries: [Entry] = []
        entries.reserveCapacity(data.count / stride)
        // Copied into words first: the stored bytes need not be 8-byte aligned.
        var words = [UInt64](repeating: 0, count: data.count / 8)
        _ = words.withUnsafeMutableBytes { data.copyBytes(to: $0) }
        words.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for index in 0..<(data.count / stride) { entries.append(Self.decode(base + index * layout.wordsPerEntry, layout)) }
        }
        self.init(entries: entries, layout: layout)
    }
}
