/// A stable, human-readable identifier for a reference entry, such as `jojoba-oil` or `linalool`.
///
/// The phantom `Kind` keeps an ingredient id from being passed where an allergen id is expected.
public struct Identifier<Kind>: RawRepresentable, Hashable, Comparable, Sendable, Codable,
    ExpressibleByStringLiteral, CustomStringConvertible
{
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Identifies an ``Ingredient``.
public typealias IngredientID = Identifier<Ingredient>
/// Identifies a ``FragranceAllergen`` of EU Annex III.
public typealias AllergenID = Identifier<FragranceAllergen>
/// Identifies a ``FoodAllergenClass``.
public typealias FoodAllergenClassID = Identifier<FoodAllergenClass>
/// Identifies a ``CrossReactivityGroup``.
public typealias CrossReactivityGroupID = Identifier<CrossReactivityGroup>
/// Identifies a ``SkinProperty``.
public typealias PropertyID = Identifier<SkinProperty>
/// Identifies a ``ConditionProfile``.
public typealias ConditionID = Identifier<ConditionProfile>
