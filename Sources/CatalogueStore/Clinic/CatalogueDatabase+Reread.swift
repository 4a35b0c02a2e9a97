import CatalogueCore
public import Foundation
import GRDB
public import StoreInterface

extension CatalogueDatabase: CatalogueRereadStore {
    /// The fingerprint of the reference data every current formulation was last read with (a reading of every
    /// supplier given `readWith`); `nil` before the first time.
    public func catalogueReadWith() throws -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT readWith FROM catalogueRevision WHERE id = 1") }
    }

    /// When the catalogue was first read with the reference data `fingerprint`, if ever: data it was read with
    /// before and has since moved on from is older than its current data.
    public func catalogueFirstRead(with fingerprint: String) throws -> Date? {
        try read { db in
            try Date.fetchOne(db, sql: "SELECT readAt FROM referenceDataReading WHERE fingerprint = ?", arguments: [fingerprint])
        }
    }

    /// Reads again every current formulation of the products, active or discontinued (of one supplier, or of all), in one write
    /// transaction. `reread` gets each one and returns its new reading; a reading that differs from the stored one
    /// replaces it in place (the same formulation, which patch tests point at, read better). When any changed, the
    /// catalogue revision moves on, so every cached suitability list is rebuilt, and the audit log says who did it
    /// and how many changed. A dry run changes nothing.
    /// - Parameters:
    ///   - readWith: for a reading of every supplier, the reference data's fingerprint, stored with the catalogue.
    ///   - unlessCurrent: with `readWith`, read nothing (and return `nil`) when that fingerprint is already the one
    ///     stored: another process read the catalogue meanwhile.
    /// - Returns: how many formulations were read, and how many read differently.
    @discardableResult
    public func rereadCurrentFormulations(
        supplier: String?, dryRun: Bool, readWith: String? = nil, unlessCurrent: Bool = false, actor: String,
        at date: Date = Date(), _ reread: (CurrentFormulation) throws -> StoredResolution
    ) throws -> (read: Int, changed: Int)? {
        var counts = (read: 0, changed: 0)
        var done = false
        try writeOutsideTransaction { db in
            try LargeTransaction.run(db) {
                if let readWith, unlessCurrent {
                    let stored = try String.fetchOne(db, sql: "SELECT readWith FROM catalogueRevision WHERE id = 1")
                    if stored == readWith {
                        done = true
                        return .rollback
                    }
                }
                // Discontinued products too: one that comes back keeps its formulation, and must come back read
                // with the data of the day.
                var sql = "SELECT currentFormulationId FROM product WHERE currentFormulationId IS NOT NULL"
                var arguments: StatementArguments = []
                if let supplier {
                    sql += " AND supplierId = ?"
                    arguments = [supplier]
                }
                // Ids only (8 bytes a product): the rows are read, and changed, a chunk at a time.
                let ids = try Int64.fetchAll(db, sql: sql + " ORDER BY id", arguments: arguments)
                let products = ProductWriter(db, now: date)
                for start in stride(from: 0, to: ids.count, by: 500) {
                    let chunk = Array(ids[start..<min(start + 500, ids.count)])
                    let rows = try Row.fetchAll(
                        db,
                        sql: """
                            SELECT p.id, p.supplierId, p.sku, p.name, f.id, f.version, f.ingredientText, f.resolution,
                              f.ingredientIds, f.allergenIds, f.propertyIds, f.unresolvedCount, f.unresolvedNames, f.percents
                            FROM formulation f JOIN product p ON p.id = f.productId
                            WHERE f.id IN (\(chunk.map { _ in "?" }.joined(separator: ",")))
                            ORDER BY f.id
                            """,
                        arguments: StatementArguments(chunk)
                    )
                    for row in rows {
                        let json: String = row[7]
                        let current = CurrentFormulation(
                            productID: row[0], reference: "\(row[1] as String):\(row[2] as String)", name: row[3],
                            formulationID: row[4], version: row[5], ingredientText: row[6],
                            stored: StoredResolution(
                                json: json, ingredientIds: row[8], allergenIds: row[9], propertyIds: row[10],
                                unresolvedCount: row[11], unresolvedNames: row[12], percents: row[13]
                            ),
                            resolution: RereadRules.resolution(json)
                        )
                        counts.read += 1
                        let fresh = try reread(current)
                        guard fresh != current.stored else { continue }
                        counts.changed += 1
                        if !dryRun { try products.replaceResolution(formulationId: current.formulationID, fresh) }
                    }
                }
                if dryRun { return .rollback }
                if let readWith, supplier == nil {
                    try db.execute(sql: "UPDATE catalogueRevision SET readWith = ? WHERE id = 1", arguments: [readWith])
                    try db.execute(
                        sql: "INSERT OR IGNORE INTO referenceDataReading (fingerprint, readAt) VALUES (?, ?)",
                        arguments: [readWith, date]
                    )
                }
                // Only a reading that changed something is a change to audit.
                if counts.changed > 0 {
                    try db.execute(sql: "UPDATE catalogueRevision SET revision = revision + 1 WHERE id = 1")
                    try AuditEntry.append(
                        db, actor: actor, action: "catalogue.reread", entity: "catalogue", entityId: supplier,
                        detail: RereadRules.auditDetail(read: counts.read, changed: counts.changed, readWith: readWith), at: date
                    )
                }
                return .commit
            }
        }
        return done ? nil : counts
    }
}
