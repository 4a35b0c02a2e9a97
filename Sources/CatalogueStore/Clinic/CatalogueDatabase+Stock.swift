public import Foundation
import CatalogueCore
import GRDB
public import StoreInterface

extension CatalogueDatabase: StockStore {
    /// Applies a stock change to the lot (location, product, batch), creating it if needed; returns the new quantity.
    /// Stock never goes below zero; every change is a movement with its author.
    @discardableResult
    public func changeStock(
        _ change: StockChange, location typed: String, supplier: String, sku: String, quantity: Double, batch typedBatch: String?,
        expires: String?, opened: String?, reorderLevel: Double?, actor: String, now: Date = Date()
    ) throws -> Double {
        let location = StockRules.locationName(typed)
        let batch = typedBatch.map(TextHygiene.singleLine)
        try StockRules.check(
            change, location: location, batch: batch, quantity: quantity, expires: expires, opened: opened, reorderLevel: reorderLevel, now: now
        )
        try StockRules.requireStorable(supplier: supplier, sku: sku)
        return try write { db in
            guard let productID = try Int64.fetchOne(db, sql: "SELECT id FROM product WHERE supplierId = ? AND sku = ?", arguments: [supplier, sku]) else {
                throw StockRules.unknownProduct(supplier: supplier, sku: sku)
            }
            let lotKey = batch ?? ""
            var lot = try Row.fetchOne(
                db, sql: "SELECT id, quantity FROM stockLot WHERE location = ? AND productId = ? AND batch = ?", arguments: [location, productID, lotKey]
            ).map { (id: $0[0] as Int64, quantity: $0[1] as Double) }
            if lot == nil {
                try db.execute(
                    sql: "INSERT INTO stockLot (location, productId, batch, quantity, createdAt, updatedAt) VALUES (?, ?, ?, 0, ?, ?)",
                    arguments: [location, productID, lotKey, now, now]
                )
                lot = (db.lastInsertedRowID, 0)
            }
            let current = lot!
            let after = change == .set ? quantity : current.quantity + quantity
            guard after >= 0 else {
                throw StockRules.belowZero(location: location, holding: current.quantity, supplier: supplier, sku: sku, batch: batch, taking: -quantity)
            }
            try db.execute(sql: "UPDATE stockLot SET quantity = ?, updatedAt = ? WHERE id = ?", arguments: [after, now, current.id])
            if let expires { try db.execute(sql: "UPDATE stockLot SET expires = ? WHERE id = ?", arguments: [expires, current.id]) }
            if let opened { try db.execute(sql: "UPDATE stockLot SET opened = ? WHERE id = ?", arguments: [opened, current.id]) }
            if let reorderLevel { try db.execute(sql: "UPDATE stockLot SET reorderLevel = ? WHERE id = ?", arguments: [reorderLevel, current.id]) }
            try db.execute(
                sql: "INSERT INTO stockMovement (stockLotId, kind, delta, quantityAfter, recordedBy, at) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [current.id, change.rawValue, after - current.quantity, after, actor, now]
            )
            try AuditEntry.append(
                db, actor: actor, action: "stock.\(change.rawValue)", entity: "stockLot", entityId: String(current.id),
                detail: Self.json(["location": location, "product": "\(supplier):\(sku)", "quantity": StockRules.number(after)]), at: now
            )
            return after
        }
    }

    /// The lots at a location (empty ones left out), low ones only when asked.
    public func stockRows(location typed: String, lowOnly: Bool = false) throws -> [StockRow] {
        let location = StockRules.locationName(typed)
        return try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT s.location, p.supplierId, p.sku, p.name, s.batch, s.quantity, COALESCE(s.reorderLevel, 1), s.expires, s.opened
                    FROM stockLot s JOIN product p ON p.id = s.productId
                    WHERE s.location = ? AND (s.quantity > 0 OR s.reorderLevel IS NOT NULL)
                    ORDER BY p.name COLLATE NOCASE, s.batch, p.supplierId, p.sku
                    """,
                arguments: [location]
            ).map { row in
                StockRow(
                    location: row[0], product: "\(row[1] as String):\(row[2] as String)", name: row[3], batch: row[4],
                    quantity: row[5], reorderLevel: row[6], expires: row[7], opened: row[8]
                )
            }.filter { !lowOnly || $0.isLow }
        }
    }

    /// The locations that hold or held stock.
    public func stockLocations() throws -> [String] {
        try read { try String.fetchAll($0, sql: "SELECT DISTINCT location FROM stockLot ORDER BY location") }
    }

    /// Refuses a location no stock was ever recorded at: a misspelt one ("front-dsk") would read as an empty shelf.
    public func requireStockLocation(_ typed: String) throws {
        try StockRules.require(typed, among: try stockLocations())
    }
}
