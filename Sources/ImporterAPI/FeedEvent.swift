/// Whether a feed lists everything the supplier sells, or only changes.
public enum FeedKind: String, Sendable, Hashable, Codable {
    /// Every product: one absent from the feed is removed (discontinued).
    case fullSnapshot = "full-snapshot"
    /// Only changes: absent products are left alone.
    case delta
}

/// A problem with one record: where, which field, the raw value, and why.
public struct RecordDiagnostic: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// Where the record is.
    public var position: RecordPosition
    /// The record's SKU when known.
    public var sku: String?
    /// The field at fault, such as `price`.
    public var field: String?
    /// The value as the feed wrote it.
    public var rawValue: String?
    /// A stable code, such as `missing-sku`.
    public var code: String
    /// Why, for a person.
    public var reason: String

    public init(
        position: RecordPosition, sku: String? = nil, field: String? = nil, rawValue: String? = nil, code: String,
        reason: String
    ) {
        self.position = position
        self.sku = sku
        self.field = field
        self.rawValue = rawValue
        self.code = code
        self.reason = reason
    }

    public var description: String {
        var parts = [position.description]
        if let sku { parts.append("sku \(sku)") }
        if let field { parts.append("field \(field)") }
        var text = parts.joined(separator: ", ") + ": " + reason
        if let rawValue { text += " (value: \"\(rawValue.prefix(80))\")" }
        return text
    }
}

/// What a plugin emits while it reads.
public enum FeedEvent: Sendable, Hashable {
    /// The feed's kind; emit before the first record when the feed itself says so (BMEcat), else the plugin's
    /// default applies.
    case kind(FeedKind)
    /// A product record.
    case record(ProductRecord)
    /// A record that cannot be used, with why.
    case rejected(RecordDiagnostic)
    /// Something worth telling that does not reject the record.
    case warning(RecordDiagnostic)
}
