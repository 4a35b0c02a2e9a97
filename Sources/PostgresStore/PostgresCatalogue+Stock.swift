import CatalogueCore
public import Foundation
import PostgresNIO
public import StoreInterface

extension PostgresCatalogue: StockStore {
    @discardableResult
    public func changeStock(
        _ change: StockChange, location typed: String, supplier: String, sku: String, quantity: Double, batch typedBatch: String?,
        expires: String?, opened: String?, reorderLevel: Double?, actor: String, now: Date
    ) async throws -> Double {
        let location = StockRules.locationName(typed)
        let batch = typedBatch.map(TextHygiene.singleLine)
        try StockRules.check(
            change, location: location, batch: batch, quantity: quantity, expires: expires, opened: opened, reorderLevel: reorderLevel, now: now
        )
        try StockRules.requireStorable(supplier: supplier, sku: sku)
        let lotKey = batch ?? ""
        return try await transaction { connection in
            var productID: Int64?
            for try await id in try await connection.query(
                #"SELECT "id" FROM "product" WHERE "supplierId" = \#(supplier) AND "sku" = \#(sku)"#, logger: logger
            ).decode(Int64.self) { productID = id }
            guard let productID else { throw StockRules.unknownProduct(supplier: supplier, sku: sku) }
            // The lot is read locked, and made first when it is new: two changes at once (on one server or several)
            // apply one after the other, each from the quantity the other left. A lot that exists uses no new id.
            func lockedLot() async throws -> (id: Int64, quantity: Double)? {
                var lot: (id: Int64, quantity: Double)?
                for try await row in try await connection.query(
                    #"""
                    SELECT "id", "quantity" FROM "stockLot" WHERE "location" = \#(location) AND "productId" = \#(productID) AND "batch" = \#(lotKey)
                    FOR UPDATE
                    """#,
                    logger: logger
                ).decode((Int64, Double).self) { lot = row }
                return lot
            }
            var lot = try await lockedLot()
            if lot == nil {
                try await connection.query(
                    #"""
                    INSERT INTO "stockLot" ("location", "productId", "batch", "quantity", "createdAt", "updatedAt")
                    VALUES (\#(location), \#(productID), \#(lotKey), 0, \#(now), \#(now)) ON CONFLICT DO NOTHING
                    """#,
                    logger: logger
                )
                lot = try await lockedLot()
            }
            guard let current = lot else { throw PostgresStoreError(.server, "the stock lot could not be read after it was made") }
            let after = change == .set ? quantity : current.quantity + quantity
            guard after >= 0 else {
                throw StockRules.belowZero(location: location, holding: current.quantity, supplier: supplier, sku: sku, batch: batch, taking: -quantity)
            }
            try await connection.query(
                #"""
                UPDATE "stockLot" SET "quantity" = \#(after), "updatedAt" = \#(now),
                  "expires" = COALESCE(\#(expires)::date, "expires"), "opened" = COALESCE(\#(opened)::date, "opened"),
                  "reorderLevel" = COALESCE(\#(reorderLevel)::double precision, "reorderLevel")
                WHERE "id" = \#(current.id)
                """#,
                logger: logger
            )
            try await connection.query(
                #"""
                INSERT INTO "stockMovement" ("stockLotId", "kind", "delta", "quantityAfter", "recordedBy", "at")
                VALUES (\#(current.id), \#(change.rawValue), \#(after - current.quantity), \#(after), \#(actor), \#(now))
                """#,
                logger: logger
            )
            try await Self.appendAudit(
                connection, logger: logger, actor: actor, action: "stock.\(change.rawValue)", entity: "stockLot", entityId: String(current.id),
                detail: AuditDetail.json(["location": location, "product": "\(supplier):\(sku)", "quantity": StockRules.number(after)]), at: now
            )
            return after
        }
    }

    public func stockRows(location typed: String, lowOnly: Bool) async throws -> [StockRow] {
        let location = StockRules.locationName(typed)
        return try await rows(
            #"""
            SELECT s."location", p."supplierId", p."sku", p."name", s."batch", s."quantity", COALESCE(s."reorderLevel", 1),
              s."expires"::text, s."opened"::text
            FROM "stockLot" s JOIN "product" p ON p."id" = s."productId"
            WHERE s."location" = \#(location) AND (s."quantity" > 0 OR s."reorderLevel" IS NOT NULL)
            ORDER BY \#(unescaped: Self.caseBlind(#"p."name""#)) COLLATE "C", s."batch" COLLATE "C", p."supplierId" COLLATE "C", p."sku" COLLATE "C"
            """#
        ) {
            let (location, supplier, sku, name, batch, quantity, reorder, expires, opened) =
                try $0.decode((String, String, String, String, String, Double, Double, String?, String?).self)
            return StockRow(
                location: location, product: "\(supplier):\(sku)", name: name, batch: batch, quantity: quantity, reorderLevel: reorder,
                expires: expires, opened: opened
            )
        }.filter { !lowOnly || $0.isLow }
    }

    public func stockLocations() async throws -> [String] {
        try await rows(#"SELECT DISTINCT "location" COLLATE "C" FROM "stockLot" ORDER BY 1"#) { try $0.decode(String.self) }
    }

    public func stock(at typed: String) async throws -> [Int64: LocationStock] {
        let location = StockRules.locationName(typed)
        var result: [Int64: LocationStock] = [:]
        let lots = try await rows(
            #"SELECT "productId", "quantity", "opened"::text, "expires"::text FROM "stockLot" WHERE "location" = \#(location) ORDER BY "id""#
        ) { try $0.decode((Int64, Double, String?, String?).self) }
        for (product, quantity, opened, expires) in lots {
            var entry = result[product] ?? LocationStock(quantity: 0, openedDates: [])
            entry.quantity += quantity
            if quantity > 0, let day = opened.flatMap(StockRules.day) { entry.openedDates.append(day) }
            if quantity > 0, let day = expires.flatMap(StockRules.day) { entry.expiryDates.append(day) }
            result[product] = entry
        }
        return result
    }
}
