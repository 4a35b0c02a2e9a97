public import Foundation
import PostgresNIO
public import StoreInterface

extension PostgresCatalogue: CatalogueRereadStore {
    public func catalogueReadWith() async throws -> String? {
        try await rows(#"SELECT "readWith" FROM "catalogueRevision" WHERE "id" = 1"#) { try $0.decode(String?.self) }.first ?? nil
    }

    public func catalogueFirstRead(with fingerprint: String) async throws -> Date? {
        try await rows(#"SELECT "readAt" FROM "referenceDataReading" WHERE "fingerprint" = \#(fingerprint)"#) { try $0.decode(Date.self) }.first
    }

    /// The catalogue's counters row is held for the whole reading, so two servers starting with new reference data at
    /// once read it one after the other, and the second (with `unlessCurrent`) finds it done. Formulations are read
    /// and written 500 at a time.
    @discardableResult
    public func rereadCurrentFormulations(
        supplier: String?, dryRun: Bool, readWith: String?, unlessCurrent: Bool, actor: String, at date: Date,
        _ reread: (CurrentFormulation) throws -> StoredResolution
    ) async throws -> (read: Int, changed: Int)? {
        let logger = self.logger
        return try await withoutActuallyEscaping(reread) { reread in
            let reread = UncheckedSendable(reread)
            // A reading cannot be repeated on a deadlock (the caller's closure may count what it saw).
            return try await transaction(retrying: false) { connection -> (read: Int, changed: Int)? in
                var stored: String??
                for try await value in try await connection.query(
                    #"SELECT "readWith" FROM "catalogueRevision" WHERE "id" = 1 FOR UPDATE"#, logger: logger
                ).decode(String?.self) { stored = .some(value) }
                if let readWith, unlessCurrent, stored == .some(.some(readWith)) { return nil }
                var ids: [Int64] = []
                for try await id in try await connection.query(
                    #"""
                    SELECT "currentFormulationId" FROM "product"
                    WHERE "currentFormulationId" IS NOT NULL AND (\#(supplier)::text IS NULL OR "supplierId" = \#(supplier)) ORDER BY "id"
                    """#,
                    logger: logger
                ).decode(Int64.self) { ids.append(id) }
                var counts = (read: 0, changed: 0)
                for start in stride(from: 0, to: ids.count, by: 500) {
                    let chunk = Array(ids[start..<min(start + 500, ids.count)])
                    var current: [CurrentFormulation] = []
                    for try await row in try await connection.query(
                        #"""
                        SELECT p."id", p."supplierId", p."sku", p."name", f."id", f."version", f."ingredientText", f."resolution",
                          f."ingredientIds", f."allergenIds", f."propertyIds", f."unresolvedCount", f."unresolvedNames", f."percents"
                        FROM "formulation" f JOIN "product" p ON p."id" = f."productId"
                        WHERE f."id" = ANY(\#(chunk)) ORDER BY f."id"
                        """#,
                        logger: logger
                    ) {
                        let (product, supplier, sku, name, formulation, version, text, json, ingredients, allergens, properties, unresolvedCount, unresolved, percents) =
                            try row.decode((Int64, String, String, String, Int64, Int64, String?, String, String, String, String, Int64, String, String).self)
                        current.append(CurrentFormulation(
                            productID: product, reference: "\(supplier):\(sku)", name: name, formulationID: formulation, version: Int(version),
                            ingredientText: text,
                            stored: StoredResolution(
                                json: json, ingredientIds: ingredients, allergenIds: allergens, propertyIds: properties,
                                unresolvedCount: Int(unresolvedCount), unresolvedNames: unresolved, percents: percents
                            ),
                            resolution: RereadRules.resolution(json)
                        ))
                    }
                    var changed: [(Int64, StoredResolution)] = []
                    for formulation in current {
                        counts.read += 1
                        let fresh = try reread.value(formulation)
                        guard fresh != formulation.stored else { continue }
                        counts.changed += 1
                        changed.append((formulation.formulationID, fresh))
                    }
                    guard !dryRun, !changed.isEmpty else { continue }
                    let ids = changed.map(\.0)
                    let (json, ingredients, allergens, properties) = (
                        changed.map(\.1.json), changed.map(\.1.ingredientIds), changed.map(\.1.allergenIds), changed.map(\.1.propertyIds)
                    )
                    let (unresolvedCounts, unresolved, percents) = (changed.map { Int64($0.1.unresolvedCount) }, changed.map(\.1.unresolvedNames), changed.map(\.1.percents))
                    try await connection.query(
                        #"""
                        UPDATE "formulation" f SET "resolution" = u."resolution", "ingredientIds" = u."ingredientIds", "allergenIds" = u."allergenIds",
                          "propertyIds" = u."propertyIds", "unresolvedCount" = u."unresolvedCount", "unresolvedNames" = u."unresolvedNames",
                          "percents" = u."percents"
                        FROM unnest(\#(ids), \#(json), \#(ingredients), \#(allergens), \#(properties), \#(unresolvedCounts), \#(unresolved), \#(percents))
                          AS u("id", "resolution", "ingredientIds", "allergenIds", "propertyIds", "unresolvedCount", "unresolvedNames", "percents")
                        WHERE f."id" = u."id"
                        """#,
                        logger: logger
                    )
                }
                if dryRun { return counts }
                if let readWith, supplier == nil {
                    try await connection.query(#"UPDATE "catalogueRevision" SET "readWith" = \#(readWith) WHERE "id" = 1"#, logger: logger)
                    try await connection.query(
                        #"INSERT INTO "referenceDataReading" ("fingerprint", "readAt") VALUES (\#(readWith), \#(date)) ON CONFLICT DO NOTHING"#, logger: logger
                    )
                }
                if counts.changed > 0 {
                    try await connection.query(#"UPDATE "catalogueRevision" SET "revision" = "revision" + 1 WHERE "id" = 1"#, logger: logger)
                    try await Self.appendAudit(
                        connection, logger: logger, actor: actor, action: "catalogue.reread", entity: "catalogue", entityId: supplier,
                        detail: RereadRules.auditDetail(read: counts.read, changed: counts.changed, readWith: readWith), at: date
                    )
                }
                return counts
            }
        }
    }
}
