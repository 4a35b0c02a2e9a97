/// A set of small integers as bits, for ingredient and allergen ordinals: a product check is a few word ANDs.
public struct OrdinalSet: Sendable, Hashable {
    private var words: [UInt64]

    public init() {
        words = []
    }

    public init<S: Sequence<Int>>(_ ordinals: S) {
        words = []
        for ordinal in ordinals { insert(ordinal) }
    }

    public mutating func insert(_ ordinal: Int) {
        let word = ordinal >> 6
        if word >= words.count { words.append(contentsOf: repeatElement(0, count: word + 1 - words.count)) }
        words[word] |= 1 << UInt64(ordinal & 63)
    }

    public func contains(_ ordinal: Int) -> Bool {
        let word = ordinal >> 6
        return word < words.count && words[word] & (1 << UInt64(ordinal & 63)) != 0
    }

    /// Whether the two sets share a member.
    public func intersects(_ other: OrdinalSet) -> Bool {
        let count = min(words.count, other.words.count)
        var index = 0
        while index < count {
            if words[index] & other.words[index] != 0 { return true }
            index += 1
        }
        return false
    }

    public var isEmpty: Bool { words.allSatisfy { $0 == 0 } }

    public mutating func formUnion(_ other: OrdinalSet) {
        if other.words.count > words.count { words.append(contentsOf: repeatElement(0, count: other.words.count - words.count)) }
        for index in other.words.indices { words[index] |= other.words[index] }
    }
}

extension Taxonomy {
    /// The ingredient's position in the taxonomy, for ``OrdinalSet``s.
    public func ordinal(of ingredient: IngredientID) -> Int? { ingredientOrdinals[ingredient] }

    /// The allergen's position in the taxonomy, for ``OrdinalSet``s.
    public func ordinal(of allergen: AllergenID) -> Int? { allergenOrdinals[allergen] }
}
