public import CatalogueCore
import Foundation

/// The catalogue as the therapist, reception and `oilcat products` read it: product search and detail, the active
/// products as the suitability engine needs them, the stored suitability snapshot, and the change stamps a server
/// keys its caches with. Every backend answers the same: the same products, in the same order, with the same facts.
public protocol CatalogueReadStore: Sendable {
    /// Active products (and discontinued ones when asked) matching every given filter, by name (ASCII letters
    /// without case, then bytes), then supplier and SKU.
    func searchProducts(_ filter: ProductFilter) async throws -> [ProductSummary]

    /// The product with this supplier and SKU, with every formulation version, newest first.
    func productDetail(supplier: String, sku: String) async throws -> ProductDetail?

    /// The names of a supplier's products by SKU (a SKU with no product is left out).
    func productNames(supplier: String, skus: [String]) async throws -> [String: String]

    /// The active products marked stale, oldest first, at most `limit`.
    func staleProducts(limit: Int) async throws -> [StaleProduct]

    /// Every active product's current formulation as engine facts, in name order (ASCII letters without case, then
    /// id), optionally only those carrying every property in `properties`, or only those in `productIDs` (with
    /// `includingDiscontinued`, discontinued ones too: bottles still on a shelf).
    func catalogueProducts(
        taxonomy: Taxonomy, properties: [PropertyID], productIDs: [Int64]?, includingDiscontinued: Bool
    ) async throws -> [CatalogueProduct]

    /// A text that changes whenever a client's list could: with any audited change (a reading, an allergy, a history
    /// entry, an alias, a supplier), an applied import, a stock movement, the catalogue read again. It moves in the
    /// transaction of the change, so whoever reads the new text reads the change too.
    func listGeneration() async throws -> String

    /// What a stored suitability snapshot is valid for: the taxonomy (`fingerprint`), and every change to what
    /// products' verdicts are computed from (imports applied, aliases, the catalogue read again).
    func suitabilitySnapshotStamp(fingerprint: String) async throws -> String

    /// The snapshot for this taxonomy: the stored one when its stamp is current, else rebuilt and stored.
    func suitabilitySnapshot(taxonomy: Taxonomy, fingerprint: String) async throws -> SuitabilitySnapshot

    /// Calls `body` with every entry of the current snapshot (rebuilt first when stale), for a command that goes
    /// through the catalogue once.
    func forEachSuitabilityEntry(
        taxonomy: Taxonomy, fingerprint: String, _ body: (SuitabilitySnapshot.Entry) throws -> Void
    ) async throws
}

extension CatalogueReadStore {
    /// Every active product as engine facts.
    public func catalogueProducts(taxonomy: Taxonomy, properties: [PropertyID] = []) async throws -> [CatalogueProduct] {
        try await catalogueProducts(taxonomy: taxonomy, properties: properties, productIDs: nil, includingDiscontinued: false)
    }

    /// The active products marked stale, oldest first, at most 500.
    public func staleProducts() async throws -> [StaleProduct] {
        try await staleProducts(limit: 500)
    }
}

/// How both backends read the catalogue's stored columns, so they answer alike.
public enum CatalogueReadRules {
    /// The LIKE pattern that finds `text` anywhere, with `\` escaping `\`, `%` and `_` (`ESCAPE '\'`).
    public static func containsPattern(_ text: String) -> String {
        "%" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_") + "%"
    }

    /// The LIKE pattern that finds an id in a stored list of ids (" a b ").
    public static func idPattern(_ id: String) -> String { "% \(id) %" }

    /// " a b " → ["a", "b"].
    public static func ids<T>(_ column: String?) -> [Identifier<T>] {
        guard let column else { return [] }
        return column.utf8.split(separator: 0x20).map { Identifier<T>(rawValue: String(Substring($0))) }
    }

    /// The stored names no entry resolved, one unit separator (U+001F) between each.
    public static func unresolvedNames(_ column: String) -> [String] {
        column.isEmpty ? [] : column.split(separator: "\u{1F}").map(String.init)
    }

    /// " id=12.5 other=3 " → the stated percentage of each ingredient.
    public static func percents(_ column: String) -> [IngredientID: Double] {
        var percents: [IngredientID: Double] = [:]
        for pair in column.split(separator: " ") {
            guard let equals = pair.firstIndex(of: "="), let value = Double(pair[pair.index(after: equals)...]) else { continue }
            percents[IngredientID(rawValue: String(pair[..<equals]))] = value
        }
        return percents
    }

    /// Tags as stored: a JSON array of strings, or none when there are no tags.
    public static func tagsColumn(_ tags: [String]) -> String? {
        guard !tags.isEmpty else { return nil }
        var out = "["
        for (index, tag) in tags.enumerated() {
            if index > 0 { out += "," }
            ResolvedFormulation.appendJSONString(tag, to: &out)
        }
        return out + "]"
    }

    /// The stored tags (a JSON array of strings); none when absent or unreadable.
    public static func tags(_ column: String?) -> [String] {
        column.flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) } ?? []
    }

    /// The snapshot stamp from the stored counters. The leading version changes whenever the records are laid out
    /// or computed differently (v4: phototoxic flags from per-ingredient percentages; v5: inventory flags; v6:
    /// whether the label states percentages; v7: the revision; v8: a list that names no ingredient; v9: change
    /// counters instead of largest ids), so older snapshots are rebuilt.
    public static func snapshotStamp(fingerprint: String, catalogueChange: Int64, revision: Int64) -> String {
        "v9|\(fingerprint)|c\(catalogueChange)|r\(revision)"
    }

    /// The list generation from the stored counters.
    public static func listGeneration(catalogueChange: Int64, clinicChange: Int64, revision: Int64) -> String {
        "\(catalogueChange)|\(clinicChange)|\(revision)"
    }
}
