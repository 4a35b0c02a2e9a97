public import CatalogueCore
public import Foundation

/// The catalogue read again against newer reference data: which data it was read with, and the reading itself, in
/// one transaction that several servers starting at once do not repeat.
public protocol CatalogueRereadStore: Sendable {
    /// The fingerprint of the reference data every current formulation was last read with; `nil` before the first
    /// time.
    func catalogueReadWith() async throws -> String?

    /// When the catalogue was first read with the reference data `fingerprint`, if ever.
    func catalogueFirstRead(with fingerprint: String) async throws -> Date?

    /// Reads again every current formulation of the products, active or discontinued (of one supplier, or of all),
    /// in one write transaction, in formulation order. `reread` gets each one and returns its new reading; a reading
    /// that differs from the stored one replaces it in place. When any changed, the catalogue revision moves on and
    /// the audit log says who did it and how many changed (`catalogue.reread`). A dry run changes nothing.
    /// - Parameters:
    ///   - readWith: for a reading of every supplier, the reference data's fingerprint, stored with the catalogue.
    ///   - unlessCurrent: with `readWith`, read nothing (and return `nil`) when that fingerprint is already the one
    ///     stored: another process read the catalogue meanwhile.
    /// - Returns: how many formulations were read, and how many read differently.
    @discardableResult
    func rereadCurrentFormulations(
        supplier: String?, dryRun: Bool, readWith: String?, unlessCurrent: Bool, actor: String, at date: Date,
        _ reread: (CurrentFormulation) throws -> StoredResolution
    ) async throws -> (read: Int, changed: Int)?
}

/// What both backends write and read alike for a reading again.
public enum RereadRules {
    /// The audit line's detail.
    public static func auditDetail(read: Int, changed: Int, readWith: String?) -> String {
        var detail = "{\"read\":\(read),\"changed\":\(changed),\"readWith\":"
        ResolvedFormulation.appendJSONString(readWith ?? "", to: &detail)
        return detail + "}"
    }

    /// A stored reading's document decoded; empty when it cannot be read.
    public static func resolution(_ json: String) -> ResolvedFormulation {
        (try? JSONDecoder().decode(ResolvedFormulation.self, from: Data(json.utf8))) ?? ResolvedFormulation(entries: [])
    }
}

/// The current formulation of a product as stored: what reading it again needs.
public struct CurrentFormulation: Sendable {
    public var productID: Int64
    /// "supplier:sku".
    public var reference: String
    public var name: String
    public var formulationID: Int64
    public var version: Int
    public var ingredientText: String?
    /// The stored reading, columns and document.
    public var stored: StoredResolution
    /// The stored reading decoded (empty when its document cannot be read).
    public var resolution: ResolvedFormulation

    public init(
        productID: Int64, reference: String, name: String, formulationID: Int64, version: Int, ingredientText: String?, stored: StoredResolution,
        resolution: ResolvedFormulation
    ) {
        self.productID = productID
        self.reference = reference
        self.name = name
        self.formulationID = formulationID
        self.version = version
        self.ingredientText = ingredientText
        self.stored = stored
        self.resolution = resolution
    }
}
