public import CatalogueCore
public import Foundation
import PostgresNIO
public import StoreInterface

extension PostgresCatalogue: LabelAliasStore {
    public func labelAliases() async throws -> [StoredLabelAlias] {
        try await rows(
            #"SELECT "spelling", "kind", "ingredientId", "createdBy", "createdAt" FROM "labelAlias" ORDER BY "createdAt", "key" COLLATE "C""#
        ) {
            let (spelling, kind, ingredient, by, at) = try $0.decode((String, String, String?, String, Date).self)
            return StoredLabelAlias(spelling: spelling, kind: kind, ingredientId: ingredient, createdBy: by, createdAt: at)
        }
    }

    public func formulationsWithUnresolvedNames() async throws -> [FormulationWithUnresolved] {
        let decoder = JSONDecoder()
        return try await rows(
            #"""
            SELECT p."id", p."supplierId", p."sku", p."name", f."id", f."version", f."ingredientText", f."resolution", f."unresolvedNames"
            FROM "product" p JOIN "formulation" f ON f."id" = p."currentFormulationId"
            WHERE p."status" = 'active' AND f."unresolvedCount" > 0
            ORDER BY p."id"
            """#
        ) { row in
            let (product, supplier, sku, name, formulation, version, text, resolution, unresolved) =
                try row.decode((Int64, String, String, String, Int64, Int, String?, String, String).self)
            return FormulationWithUnresolved(
                productID: product, reference: "\(supplier):\(sku)", name: name, formulationID: formulation, version: version, ingredientText: text,
                resolution: try decoder.decode(ResolvedFormulation.self, from: Data(resolution.utf8)),
                unresolvedNames: LabelAliasRules.unresolvedNames(unresolved)
            )
        }
    }

    public func addLabelAlias(
        _ alias: LabelAlias, reresolved: [ReresolvedFormulation], actor: String, at date: Date
    ) async throws {
        let alias = try LabelAliasRules.cleaned(alias)
        let key = LabelAliases.key(alias.spelling)
        let (kind, ingredient) = LabelAliasRules.stored(alias)
        do {
            try await transaction { connection in
                var existing: String?
                for try await spelling in try await connection.query(
                    #"SELECT "spelling" FROM "labelAlias" WHERE "key" = \#(key)"#, logger: logger
                ).decode(String.self) { existing = spelling }
                if let existing { throw LabelAliasRules.exists(alias.spelling, existing: existing) }
                try await connection.query(
                    #"""
                    INSERT INTO "labelAlias" ("key", "spelling", "kind", "ingredientId", "createdBy", "createdAt")
                    VALUES (\#(key), \#(alias.spelling), \#(kind), \#(ingredient), \#(actor), \#(date))
                    """#,
                    logger: logger
                )
                for formulation in reresolved {
                    let resolution = formulation.resolution
                    // Only from the unresolved names the new resolution was worked out from: another server's alias,
                    // committed meanwhile, is never undone.
                    let changed = try await Self.count(try await connection.query(
                        #"""
                        UPDATE "formulation" SET "resolution" = \#(resolution.json), "ingredientIds" = \#(resolution.ingredientIds),
                          "allergenIds" = \#(resolution.allergenIds), "propertyIds" = \#(resolution.propertyIds),
                          "unresolvedCount" = \#(resolution.unresolvedCount), "unresolvedNames" = \#(resolution.unresolvedNames),
                          "percents" = \#(resolution.percents)
                        WHERE "id" = \#(formulation.formulationID) AND "unresolvedNames" = \#(formulation.storedUnresolvedAsRead)
                        RETURNING 1
                        """#,
                        logger: logger
                    ))
                    guard changed == 1 else { throw LabelAliasRules.conflict(formulation: formulation.formulationID) }
                }
                try await Self.appendAudit(
                    connection, logger: logger, actor: actor, action: "label-alias.add", entity: "labelAlias", entityId: key,
                    detail: LabelAliasRules.detail(alias, reresolved: reresolved.count), at: date
                )
            }
        } catch let error as PostgresStoreError where error.sqlState == "23505" {
            // Another server taught the same spelling at the same moment.
            let stored = try? await rows(#"SELECT "spelling" FROM "labelAlias" WHERE "key" = \#(key)"#) { try $0.decode(String.self) }.first
            throw LabelAliasRules.exists(alias.spelling, existing: stored ?? alias.spelling)
        }
    }
}
