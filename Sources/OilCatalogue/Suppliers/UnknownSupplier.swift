public import StoreInterface
import CatalogueCore

/// What to say of a supplier id nobody added: the ids a slip of the keyboard away ("acmee" → "acme"), else how
/// to add it.
public enum UnknownSupplier {
    /// "no supplier 'acmee'; did you mean 'acme'? …", or "no supplier 'x'; " followed by `otherwise`.
    public static func message(_ id: String, in database: any SupplierStore, otherwise: String) async throws -> String {
        let near = EditDistance.closest(to: id, among: try await database.suppliers().map(\.id))
        guard !near.isEmpty else { return "no supplier '\(id)'; \(otherwise)" }
        return "no supplier '\(id)'; did you mean " + near.map { "'\($0)'" }.joined(separator: " or ")
            + "? ('oilcat supplier list' lists them)"
    }
}
