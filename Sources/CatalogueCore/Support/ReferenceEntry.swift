/// An entry of a reference-catalogue file, which knows the field names it accepts so a loader can refuse a
/// misspelt field instead of silently ignoring it.
public protocol ReferenceEntry: Decodable {
    /// Every field name the entry accepts.
    static var fieldNames: Set<String> { get }
}

extension ReferenceEntry where Self: Decodable {
    static func names<K: CodingKey & CaseIterable>(_ keys: K.Type) -> Set<String> {
        Set(K.allCases.map(\.stringValue))
    }
}

extension Ingredient: ReferenceEntry {
    public static var fieldNames: Set<String> { names(CodingKeys.self) }
}
extension FragranceAllergen: ReferenceEntry {
    public static var fieldNames: Set<String> { names(CodingKeys.self) }
}
extension FoodAllergenClass: ReferenceEntry {
    public static var fieldNames: Set<String> { names(CodingKeys.self) }
}
extension CrossReactivityGroup: ReferenceEntry {
    public static var fieldNames: Set<String> { names(CodingKeys.self) }
}
extension SkinProperty: ReferenceEntry {
    public static var fieldNames: Set<String> { names(CodingKeys.self) }
}
extension ConditionProfile: ReferenceEntry {
    public static var fieldNames: Set<String> { names(CodingKeys.self) }
}
