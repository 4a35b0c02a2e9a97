import CatalogueCore

/// The detail of an audit line: a small JSON object of strings, keys sorted, written the same by every backend.
public enum AuditDetail {
    /// `fields` as a JSON object, every value escaped as a JSON string.
    public static func json(_ fields: [String: String]) -> String {
        "{" + fields.sorted { $0.key < $1.key }.map { key, value in
            var text = ""
            ResolvedFormulation.appendJSONString(value, to: &text)
            return "\"\(key)\":\(text)"
        }.joined(separator: ",") + "}"
    }
}
