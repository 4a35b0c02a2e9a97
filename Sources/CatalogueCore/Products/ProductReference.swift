/// A product's reference everywhere: "supplier:sku".
public enum ProductReference {
    /// The supplier and SKU of "supplier:sku", or `nil` when either is missing.
    public static func split(_ text: String) -> (supplier: String, sku: String)? {
        guard let colon = text.firstIndex(of: ":"), colon != text.startIndex, text.index(after: colon) != text.endIndex else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }
}
