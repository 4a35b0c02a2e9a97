import CatalogueCore
import GRDB
import StoreInterface

/// Stock locations and batches as they are now stored: one line, without control or invisible format characters,
/// locations without surrounding spaces (``CatalogueDatabase/stockLocationName(_:)``). Earlier versions stored them as
/// typed, and the cleaned look-ups would no longer find "front-desk " or "L\u{200B}1". A lot whose cleaned name is
/// another lot's is merged into it: quantities added, movements moved, dates kept where the other has none.
enum SchemaV13 {
    static func migrate(_ db: Database) throws {
        let lots = try Row.fetchAll(db, sql: "SELECT id, location, productId, batch, quantity, reorderLevel, expires, opened FROM stockLot ORDER BY id")
        for lot in lots {
            let id: Int64 = lot[0]
            let (location, batch): (String, String) = (lot[1], lot[3])
            let cleanLocation = StockRules.locationName(location)
            let cleanBatch = TextHygiene.singleLine(batch)
            // A name of invisible characters only has nothing to keep: it stays as it was.
            guard cleanLocation != location || cleanBatch != batch, !cleanLocation.isEmpty else { continue }
            if let target = try Int64.fetchOne(
                db, sql: "SELECT id FROM stockLot WHERE location = ? AND productId = ? AND batch = ? AND id != ?",
                arguments: [cleanLocation, lot[2], cleanBatch, id]
            ) {
                try db.execute(
                    sql: """
                        UPDATE stockLot SET quantity = quantity + ?, reorderLevel = COALESCE(reorderLevel, ?),
                          expires = COALESCE(expires, ?), opened = COALESCE(opened, ?) WHERE id = ?
                        """,
                    arguments: [lot[4], lot[5], lot[6], lot[7], target]
                )
                try db.execute(sql: "UPDATE stockMovement SET stockLotId = ? WHERE stockLotId = ?", arguments: [target, id])
                try db.execute(sql: "DELETE FROM stockLot WHERE id = ?", arguments: [id])
            } else {
                try db.execute(sql: "UPDATE stockLot SET location = ?, batch = ? WHERE id = ?", arguments: [cleanLocation, cleanBatch, id])
            }
        }
    }
}
