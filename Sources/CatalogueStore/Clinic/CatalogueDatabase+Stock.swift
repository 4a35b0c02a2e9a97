public import Foundation
import CatalogueCore
import GRDB
import StoreInterface

/// A stock lot as listed.
public struct StockRow: Sendable, Codable, Equatable {
    public var location: String
    public var product: String
    public var name: String
    public var batch: String
    public var quantity: Double
    public var reorderLevel: Double
    public var expires: String?
    public var opened: String?
    public var isLow: Bool { quantity <= reorderLevel }
}

/// How a stock change applies.
public enum StockChange: String, Sendable, CaseIterable {
    /// Add the quantity (a delivery).
    case receive
    /// Add a signed quantity (breakage, use, a count correction).
    case adjust
    /// Set the quantity (a stocktake).
    case set
}

extension CatalogueDatabase {
    /// Applies a stock change to the lot (location, product, batch), creating it if needed; returns the new quantity.
    /// Stock never goes below zero; every change is a movement with its author.
    @discardableResult
    public func changeStock(
        _ change: StockChange, location typed: String, supplier: String, sku: String, quantity: Double, batch typedBatch: String?,
        expires: String?, opened: String?, reorderLevel: Double?, actor: String, now: Date = Date()
    ) throws -> Double {
        let location = Self.stockLocationName(typed)
        let batch = typedBatch.map(TextHygiene.singleLine)
        guard quantity.isFinite else { throw ClinicStoreError(code: "STOCK-QUANTITY", message: "the quantity must be a number") }
        guard !TextHygiene.isBlank(location) else {
            throw ClinicStoreError(code: "STOCK-LOCATION", message: "the location needs a name, such as front-desk")
        }
        if let reorderLevel, !(reorderLevel.isFinite && reorderLevel >= 0) {
            throw ClinicStoreError(code: "STOCK-REORDER-LEVEL", message: "the reorder level must be a number, 0 or more")
        }
        // A bottle opened "next year" would hide the caution an old one earns: an opening day is today or before
        // (today anywhere: UTC+14 is the furthest ahead).
        if let opened, let day = Self.day(opened), day > now.addingTimeInterval(14 * 3600) {
            throw ClinicStoreError(
                code: "STOCK-OPENED-FUTURE",
                message: "the opening day \(opened) is in the future; give the day the bottle was opened (today or before)"
            )
        }
        if change != .adjust && quantity < 0 {
            throw ClinicStoreError(code: "STOCK-QUANTITY", message: "--quantity must be 0 or more for \(change.rawValue); use adjust with a negative quantity to take stock out")
        }
        return try write { db in
            guard let productID = try Int64.fetchOne(db, sql: "SELECT id FROM product WHERE supplierId = ? AND sku = ?", arguments: [supplier, sku]) else {
                throw ClinicStoreError(code: "CLINIC-UNKNOWN-PRODUCT", message: "no product \(supplier):\(sku); find it with 'oilcat products search'")
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
                throw ClinicStoreError(
                    code: "STOCK-BELOW-ZERO",
                    message: "\(location) holds \(Self.number(current.quantity)) of \(supplier):\(sku)\(batch.map { " batch \($0)" } ?? ""); taking \(Self.number(-quantity)) would go below zero"
                )
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
                detail: Self.json(["location": location, "product": "\(supplier):\(sku)", "quantity": Self.number(after)]), at: now
            )
            return after
        }
    }

    /// The lots at a location (empty ones left out), low ones only when asked.
    public func stockRows(location typed: String, lowOnly: Bool = false) throws -> [StockRow] {
        let location = Self.stockLocationName(typed)
        return try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT s.location, p.supplierId, p.sku, p.name, s.batch, s.quantity, COALESCE(s.reorderLevel, 1), s.expires, s.opened
                    FROM stockLot s JOIN product p ON p.id = s.productId
                    WHERE s.location = ? AND (s.quantity > 0 OR s.reorderLevel IS NOT NULL)
                    ORDER BY p.name COLLATE NOCASE, s.batch
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
        let location = Self.stockLocationName(typed)
        let known = try stockLocations()
        guard !known.contains(location) else { return }
        let listed = known.prefix(20).map { "'\($0)'" }.joined(separator: ", ")
        throw ClinicStoreError(
            code: "STOCK-UNKNOWN-LOCATION",
            message: "no stock has been recorded at '\(location)'; "
                + (known.isEmpty ? "no location holds stock yet (record some with 'oilcat stock receive')" : "known locations: \(listed)")
        )
    }

    /// A location's name as stored and looked up: one line, without control or invisible format characters
    /// (a bidirectional override would make it print as another name), without surrounding spaces.
    public static func stockLocationName(_ typed: String) -> String {
        TextHygiene.singleLine(typed).trimmingCharacters(in: .whitespaces)
    }

    /// A quantity as people write it: "4", "2.5".
    public static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
