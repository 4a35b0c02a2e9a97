public import CatalogueCore
public import Foundation

/// The clinic's label aliases (a spelling on real labels that the inventory does not hold, taught once by a
/// therapist) and the formulations still printing unresolved names, shared by every server on one database.
public protocol LabelAliasStore: Sendable {
    /// Every alias, oldest first.
    func labelAliases() async throws -> [StoredLabelAlias]

    /// The current formulations of active products that print at least one unresolved name, by product id.
    func formulationsWithUnresolvedNames() async throws -> [FormulationWithUnresolved]

    /// Stores an alias and the formulations it resolves again, with the audit line, in one transaction: every product
    /// printing the spelling changes at once. A formulation is changed only if its unresolved names are still those
    /// its new resolution was worked out from: an alias another person taught meanwhile is never undone.
    /// - Throws: ``ClinicStoreError`` `ALIAS-EXISTS` when the spelling (compared by ``LabelAliases/key(_:)``) has one:
    ///   an alias is never changed, so the audit log stays true; `ALIAS-CONFLICT` when a formulation changed meanwhile
    ///   (nothing is stored; try again).
    func addLabelAlias(_ alias: LabelAlias, reresolved: [ReresolvedFormulation], actor: String, at date: Date) async throws
}

extension LabelAliasStore {
    /// The aliases as the resolver reads them.
    public func resolverAliases() async throws -> LabelAliases { LabelAliases(try await labelAliases().map(\.alias)) }
}

/// A stored label alias.
public struct StoredLabelAlias: Sendable, Codable, Equatable {
    public var spelling: String
    /// `ingredient` or `mixture`.
    public var kind: String
    public var ingredientId: String?
    public var createdBy: String
    public var createdAt: Date

    public init(spelling: String, kind: String, ingredientId: String?, createdBy: String, createdAt: Date) {
        self.spelling = spelling
        self.kind = kind
        self.ingredientId = ingredientId
        self.createdBy = createdBy
        self.createdAt = createdAt
    }

    /// The alias as the resolver reads it.
    public var alias: LabelAlias {
        LabelAlias(spelling: spelling, target: ingredientId.map { .ingredient(IngredientID($0)) } ?? .mixture)
    }
}

/// A current formulation of an active product that prints unresolved names.
public struct FormulationWithUnresolved: Sendable {
    public var productID: Int64
    public var reference: String
    public var name: String
    public var formulationID: Int64
    public var version: Int
    public var ingredientText: String?
    public var resolution: ResolvedFormulation
    public var unresolvedNames: [String]

    public init(
        productID: Int64, reference: String, name: String, formulationID: Int64, version: Int, ingredientText: String?,
        resolution: ResolvedFormulation, unresolvedNames: [String]
    ) {
        self.productID = productID
        self.reference = reference
        self.name = name
        self.formulationID = formulationID
        self.version = version
        self.ingredientText = ingredientText
        self.resolution = resolution
        self.unresolvedNames = unresolvedNames
    }
}

/// A formulation resolved again with a new alias: its new resolution, and the unresolved names it was worked out from.
public struct ReresolvedFormulation: Sendable {
    public var formulationID: Int64
    public var resolution: StoredResolution
    /// The formulation's unresolved names as read (``FormulationWithUnresolved/unresolvedNames``).
    public var unresolvedAsRead: [String]

    public init(formulationID: Int64, resolution: StoredResolution, unresolvedAsRead: [String]) {
        self.formulationID = formulationID
        self.resolution = resolution
        self.unresolvedAsRead = unresolvedAsRead
    }

    /// The unresolved names as read, in their stored form.
    public var storedUnresolvedAsRead: String { unresolvedAsRead.joined(separator: "\u{1F}") }
}

/// What every backend stores for an alias.
public enum LabelAliasRules {
    /// The alias as stored: its spelling one clean line (no control or invisible character), of at most 400 bytes.
    /// - Throws: ``ClinicStoreError`` `ALIAS-SPELLING` when nothing is left or it is longer.
    public static func cleaned(_ alias: LabelAlias) throws -> LabelAlias {
        let spelling = TextHygiene.singleLine(alias.spelling).trimmingWhitespace()
        guard !LabelAliases.key(spelling).isEmpty, spelling.utf8.count <= 400 else {
            throw ClinicStoreError(code: "ALIAS-SPELLING", message: "a spelling is 1 to 400 bytes of printed text; give it as printed on the label")
        }
        return LabelAlias(spelling: spelling, target: alias.target)
    }

    /// The alias's stored kind and ingredient.
    public static func stored(_ alias: LabelAlias) -> (kind: String, ingredient: String?) {
        switch alias.target {
        case .ingredient(let id): ("ingredient", id.rawValue)
        case .mixture: ("mixture", nil)
        }
    }

    /// The refusal of a second alias for one spelling.
    public static func exists(_ spelling: String, existing: String) -> ClinicStoreError {
        ClinicStoreError(
            code: "ALIAS-EXISTS",
            message: "'\(spelling)' already has an alias (entered as '\(existing)'); an alias is not changed, so the audit log stays true"
        )
    }

    /// The audit detail of a new alias.
    public static func detail(_ alias: LabelAlias, reresolved: Int) -> String {
        let (kind, ingredient) = stored(alias)
        return AuditDetail.json([
            "spelling": alias.spelling, "kind": kind, "ingredient": ingredient ?? "", "formulationsResolvedAgain": String(reresolved),
        ])
    }

    /// The refusal of an alias whose formulations changed after they were read.
    public static func conflict(formulation: Int64) -> ClinicStoreError {
        ClinicStoreError(
            code: "ALIAS-CONFLICT",
            message: "formulation \(formulation) changed while the alias was being added (another alias or an import); nothing was stored, try again"
        )
    }

    /// The unresolved names as stored: separated by U+001F.
    public static func unresolvedNames(_ column: String) -> [String] {
        column.split(separator: "\u{1F}").map(String.init)
    }
}
