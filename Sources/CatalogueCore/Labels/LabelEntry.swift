/// One entry of an ingredient list as a supplier printed it, cleaned of what is not part of the name.
public struct LabelEntry: Sendable, Hashable {
    /// The entry as printed, trimmed ("Linalool*", "Jojoba Oil 70%").
    public var text: String
    /// The name used for matching: footnote markers, percentages and "may contain" removed.
    public var name: String
    /// A stated percentage, if the label gives one.
    public var percent: Double?
    /// Whether the label lists the entry under "may contain" (treated as present for safety).
    public var mayContain: Bool
    /// Footnote markers attached to the entry ("*", "**").
    public var markers: String

    public init(text: String, name: String, percent: Double? = nil, mayContain: Bool = false, markers: String = "") {
        self.text = text
        self.name = name
        self.percent = percent
        self.mayContain = mayContain
        self.markers = markers
    }
}

/// An ingredient list split into its entries, with the footnotes that explain markers.
public struct ParsedIngredientList: Sendable, Hashable {
    /// The entries, in label order.
    public var entries: [LabelEntry]
    /// Footnotes such as "*naturally occurring in essential oils": not ingredient names.
    public var footnotes: [String]
}
