/// A set of small integers as bits, for ingredient and allergen ordinals: a product check is a few word ANDs.
/// The first 256 ordinals live inline (no allocation, no reference counting); larger ones (the inventory's
/// ingredients, up to tens of thousands) in a sorted overflow list, so a product naming three of 28,000 costs three
/// entries, not 450 words.
public struct OrdinalSet: Sendable, Hashable {
    private var w0: UInt64 = 0
    private var w1: UInt64 = 0
    private var w2: UInt64 = 0
    private var w3: UInt64 = 0
    /// Ordinals from 256 on, sorted, without repeats.
    private var overflow: [Int32] = []

    public init() {}

    public init<S: Sequence<Int>>(_ ordinals: S) {
        for ordinal in ordinals { insert(ordinal) }
    }

    public mutating func insert(_ ordinal: Int) {
        let bit: UInt64 = 1 << UInt64(ordinal & 63)
        switch ordinal >> 6 {
        case 0: w0 |= bit
        case 1: w1 |= bit
        case 2: w2 |= bit
        case 3: w3 |= bit
        default:
            let value = Int32(ordinal)
            if let last = overflow.last, last < value {
                overflow.append(value)
                return
            }
            let index = Self.position(of: value, in: overflow)
            if index == overflow.count || overflow[index] != value { overflow.insert(value, at: index) }
        }
    }

    public func contains(_ ordinal: Int) -> Bool {
        let bit: UInt64 = 1 << UInt64(ordinal & 63)
        switch ordinal >> 6 {
        case 0: return w0 & bit != 0
        case 1: return w1 & bit != 0
        case 2: return w2 & bit != 0
        case 3: return w3 & bit != 0
        default:
            let value = Int32(ordinal)
            let index = Self.position(of: value, in: overflow)
            return index < overflow.count && overflow[index] == value
        }
    }

    /// The first index of `sorted` whose value is not below `value`.
    private static func position(of value: Int32, in sorted: [Int32]) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Whether the two sets share a member.
    @inline(__always)
    public func intersects(_ other: OrdinalSet) -> Bool {
        if (w0 & other.w0) | (w1 & other.w1) | (w2 & other.w2) | (w3 & other.w3) != 0 { return true }
        guard !overflow.isEmpty, !other.overflow.isEmpty else { return false }
        return Self.shareMember(overflow, other.overflow)
    }

    /// Whether two sorted lists share a value: each member of the shorter is searched in the longer.
    private static func shareMember(_ a: [Int32], _ b: [Int32]) -> Bool {
        let (small, large) = a.count <= b.count ? (a, b) : (b, a)
        guard let first = large.first, let last = large.last else { return false }
        for value in small where value >= first && value <= last {
            let index = position(of: value, in: large)
            if index < large.count && large[index] == value { return true }
        }
        return false
    }

    public var isEmpty: Bool { w0 | w1 | w2 | w3 == 0 && overflow.isEmpty }

    /// The members of both.
    public func union(_ other: OrdinalSet) -> OrdinalSet {
        var copy = self
        copy.formUnion(other)
        return copy
    }

    /// Adds every member of `other`.
    public mutating func formUnion(_ other: OrdinalSet) {
        w0 |= other.w0
        w1 |= other.w1
        w2 |= other.w2
        w3 |= other.w3
        guard !other.overflow.isEmpty else { return }
        overflow = Array(Set(overflow).union(other.overflow)).sorted()
    }

    /// The members, in increasing order.
    public var members: [Int] {
        var result: [Int] = []
        for (index, word) in [w0, w1, w2, w3].enumerated() where word != 0 {
            for bit in 0..<64 where word & (1 << UInt64(bit)) != 0 { result.append(index * 64 + bit) }
        }
        return result + overflow.map(Int.init)
    }

    /// The first 256 ordinals as plain bits, and whether any ordinal lies beyond them.
    public var inline: InlineBits { InlineBits(w0: w0, w1: w1, w2: w2, w3: w3) }
    public var hasOverflow: Bool { !overflow.isEmpty }
}

/// 256 bits with no storage to count references to: what the engine's fast path compares.
public struct InlineBits: Sendable, Hashable, BitwiseCopyable {
    public var w0, w1, w2, w3: UInt64

    public init(w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64) {
        self.w0 = w0
        self.w1 = w1
        self.w2 = w2
        self.w3 = w3
    }

    @inline(__always)
    public func intersects(_ other: InlineBits) -> Bool {
        (w0 & other.w0) | (w1 & other.w1) | (w2 & other.w2) | (w3 & other.w3) != 0
    }

    /// Whether every bit of `other` is set here.
    public func contains(_ other: InlineBits) -> Bool {
        w0 & other.w0 == other.w0 && w1 & other.w1 == other.w1 && w2 & other.w2 == other.w2 && w3 & other.w3 == other.w3
    }

    /// How many bits of `other` are set here.
    public func overlap(_ other: InlineBits) -> Int {
        (w0 & other.w0).nonzeroBitCount + (w1 & other.w1).nonzeroBitCount + (w2 & other.w2).nonzeroBitCount
            + (w3 & other.w3).nonzeroBitCount
    }
}

extension Taxonomy {
    /// The ingredient's position in the taxonomy, for ``OrdinalSet``s.
    /// Curated ingredients come first; an inventory row's ordinal is ``inventoryOrdinalBase`` plus the row (a row
    /// that is a curated ingredient has the curated ordinal).
    public func ordinal(of ingredient: IngredientID) -> Int? {
        if let curated = ingredientOrdinals[ingredient] { return curated }
        guard let row = inventory.row(for: ingredient) else { return nil }
        if let curated = curatedRows[row] { return ingredientOrdinals[curated] }
        return inventoryOrdinalBase + row
    }

    /// The allergen's position in the taxonomy, for ``OrdinalSet``s.
    public func ordinal(of allergen: AllergenID) -> Int? { allergenOrdinals[allergen] }

    /// The property's position in the taxonomy, for ``OrdinalSet``s.
    public func ordinal(of property: PropertyID) -> Int? { propertyOrdinals[property] }
}
