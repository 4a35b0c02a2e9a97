public import CatalogueCore
public import Foundation
import GRDB
public import StoreInterface

extension CatalogueDatabase: LabelAliasStore {
    /// Every alias, oldest first.
    public func labelAliases() throws -> [StoredLabelAlias] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT spelling, kind, ingredientId, createdBy, createdAt FROM labelAlias ORDER BY createdAt, key"
            ).map { row in
                StoredLabelAlias(
                    spelling: row[0], kind: row[1], ingredientId: row[2], createdBy: row[3], createdAt: row[4]
                )
            }
        }
    }

    /// The aliases as the resolver reads them.
    public func resolverAliases() throws -> LabelAliases { LabelAliases(try labelAliases().map(\.alias)) }

    /// The current formulations of active products that print at least one unresolved name.
    public func formulationsWithUnresolvedNames() throws -> [FormulationWithUnresolved] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT p.id, p.supplierId, p.sku, p.name, f.id, f.version, f.ingredientText, f.resolution, f.unresolvedNames
                    FROM product p JOIN formulation f ON f.id = p.currentFormulationId
                    WHERE p.status = 'active' AND f.unresolvedCount > 0
                    ORDER BY p.id
                    """
            ).map { row in
                FormulationWithUnresolved(
                    productID: row[0], reference: "\(row[1] as String):\(row[2] as String)", name: row[3],
                    formulationID: row[4], version: row[5], ingredientText: row[6],
                    resolution: try JSONDecoder().decode(ResolvedFormulation.self, from: Data((row[7] as String).utf8)),
                    unresolvedNames: LabelAliasRules.unresolvedNames(row[8])
                )
            }
        }
    }

    /// Stores an alias and the formulations it resolves again, with the audit line, in one transaction: every
    /// product printing the spelling changes at once, and the suitability snapshot's stamp with them.
    public func addLabelAlias(
        _ alias: LabelAlias, reresolved: [ReresolvedFormulation], actor: String,
        at date: Date = Date()
    ) throws {
        let alias = try LabelAliasRules.cleaned(alias)
        try write { db in
            let key = LabelAliases.key(alias.spelling)
            let (kind, ingredient) = LabelAliasRules.stored(alias)
            if let existing = try String.fetchOne(db, sql: "SELECT spelling FROM labelAlias WHERE key = ?", arguments: [key]) {
                throw LabelAliasRules.exists(alias.spelling, existing: existing)
            }
            try db.execute(
                sql: "INSERT INTO labelAlias (key, spelling, kind, ingredientId, createdBy, createdAt) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [key, alias.spelling, kind, ingredient, actor, date]
            )
            let products = ProductWriter(db, now: date)
            for formulation in reresolved {
                let current = try String.fetchOne(db, sql: "SELECT unresolvedNames FROM formulation WHERE id = ?", arguments: [formulation.formulationID])
                guard current == formulation.storedUnresolvedAsRead else { throw LabelAliasRules.conflict(formulation: formulation.formulationID) }
                try products.replaceResolution(formulationId: formulation.formulationID, formulation.resolution)
            }
            try AuditEntry.append(
                db, actor: actor, action: "label-alias.add", entity: "labelAlias", entityId: key,
                detail: LabelAliasRules.detail(alias, reresolved: reresolved.count),
                at: date
            )
        }
    }
}
