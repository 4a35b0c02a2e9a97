/// A supplier's mapping for the generic `xml` and `json` formats: which element or key is a record, and where each
/// product field sits relative to it. Written in YAML or JSON (see Docs/Mapping.md).
///
/// Paths: for XML, child elements by local name separated by `/`, with `@name` for an attribute
/// (`price/@currency`, `@id`); for JSON, keys separated by `.`, with a number for an array element
/// (`variants.0.sku`).
public struct FeedMapping: Sendable, Hashable, Codable {
    /// The product fields a mapping may fill.
    public static let fieldNames: Set<String> = [
        "sku", "name", "brand", "description", "price", "currency", "availability", "productType", "size", "gtin",
        "url", "ingredients", "tags",
    ]

    /// XML: the path of the record element from the root (`catalog/product`; the root's own name may be left
    /// out). JSON: the path of the array of records (`data.items`), or empty for a top-level array.
    public var record: String
    /// Product field → path relative to the record.
    public var fields: [String: String]
    /// Product field → value used when the record has none.
    public var defaults: [String: String]
    /// Product field → (value in the feed → value to use), such as availability `"yes"` → `"in stock"`.
    public var values: [String: [String: String]]
    /// Fields whose value is HTML to turn into plain text.
    public var stripHTML: [String]
    /// Whether the feed is a full snapshot (the default) or a delta.
    public var kind: FeedKind

    public init(
        record: String, fields: [String: String], defaults: [String: String] = [:],
        values: [String: [String: String]] = [:], stripHTML: [String] = [], kind: FeedKind = .fullSnapshot
    ) {
        self.record = record
        self.fields = fields
        self.defaults = defaults
        self.values = values
        self.stripHTML = stripHTML
        self.kind = kind
    }

    enum CodingKeys: String, CodingKey { case record, fields, defaults, values, stripHTML, kind }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            record: try c.decodeIfPresent(String.self, forKey: .record) ?? "",
            fields: try c.decode([String: String].self, forKey: .fields),
            defaults: try c.decodeIfPresent([String: String].self, forKey: .defaults) ?? [:],
            values: try c.decodeIfPresent([String: [String: String]].self, forKey: .values) ?? [:],
            stripHTML: try c.decodeIfPresent([String].self, forKey: .stripHTML) ?? [],
            kind: try c.decodeIfPresent(FeedKind.self, forKey: .kind) ?? .fullSnapshot
        )
    }

    /// Checks that every field named is a product field and that `sku` is mapped.
    public func validate() throws(FeedError) {
        let named = Set(fields.keys).union(defaults.keys).union(values.keys).union(stripHTML)
        if let unknown = named.subtracting(Self.fieldNames).sorted().first {
            throw FeedError(
                code: "mapping-unknown-field",
                message: "the mapping names '\(unknown)', which is not a product field; use one of: "
                    + Self.fieldNames.sorted().joined(separator: ", ")
            )
        }
        guard let sku = fields["sku"], !sku.isEmpty else {
            throw FeedError(code: "mapping-no-sku", message: "the mapping must give a path for 'sku' under fields")
        }
    }

    /// The value to use for `field`: the mapped value (after the value map), else the default.
    public func finish(_ field: String, _ raw: String?) -> String? {
        guard let raw, !raw.isEmpty else { return defaults[field] }
        return values[field]?[raw] ?? values[field]?[raw.lowercased()] ?? raw
    }
}
