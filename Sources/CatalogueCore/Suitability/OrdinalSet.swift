/// A set of small integers as bits, for ingredient and allergen ordinals: a product check is a few word ANDs.
/// The first 256 ordinals live inline (no allocation, no reference counting); larger ones in an overflow array.
public struct OrdinalSet: Sendable, Hashable {
    private var w0: UInt64 = 0
    private var w1: UInt64 = 0
    private var w2: UInt64 = 0
    private var w3: UInt64 = 0
    private var overflow: [UInt64] = []

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
            let word = (ordinal >> 6) - 4
            if word >= overflow.count { overflow.append(contentsOf: repeatElement(0, count: word + 1 - overflow.count)) }
            overflow[word] |= bit
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
            let word = (ordinal >> 6) - 4
            return word < overflow.count && overflow[word] & bit != 0
        }
    }

    /// Whether the two sets share a member.
    @inline(__always)
    public func intersects(_ other: OrdinalSet) -> Bool {
        if (w0 & other.w0) | (w1 & other.w1) | (w2 & other.w2) | (w3 & other.w3) != 0 { return true }
        guard !overflow.isEmpty, !other.overflow.isEmpty else { return false }
        return zip(overflow, other.overflow).contains { $0 & $1 != 0 }
    }

    /// The members of either set.
    public func union(_ other: OrdinalSet) -> OrdinalSet {
        var result = self
        result.w0 |= other.w0
        result.w1 |= other.w1
        result.w2 |= other.w2
        result.w3 |= other.w3
        if result.overflow.count < other.overflow.count {
            result.overflow.append(contentsOf: repeatElement(0, count: other.overflow.count - result.overflow.count))
        }
        for (index, word) in other.overflow.enumerated() { result.overflow[index] |= word }
        return result
    }

    public var isEmpty: Bool { w0 | w1 | w2 | w3 == 0 && overflow.allSatisfy { $0 == 0 } }

    /// The members, in increasing order.
    public var members: [Int] {
        var result: [Int] = []
        for (index, word) in ([w0, w1, w2, w3] + overflow).enumerated() where word != 0 {
            for bit in 0..<64 where word & (1 << UInt64(bit)) != 0 { result.append(index * 64 + bit) }
        }
        return result
    }

    /// The first 256 ordinals as plain bits, and whether any ordinal lies beyond them.
    public var inline: InlineBits { InlineBits(w0: w0, w1: w1, w2: w2, w3: w3) }
    public var hasOverflow: Bool { overflow.contains { $0 != 0 } }
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
    public func ordinal(of ingredient: IngredientID) -> Int? { ingredientOrdinals[ingredient] }

    /// The allergen's position in the taxonomy, for ``OrdinalSet``s.
    public func ordinal(of allergen: AllergenID) -> Int? { allergenOrdinals[allergen] }

    /// The property's position in the taxonomy, for ``OrdinalSet``s.
    public func ordinal(of property: PropertyID) -> Int? { propertyOrdinals[property] }
}
