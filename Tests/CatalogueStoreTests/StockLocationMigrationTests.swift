import CatalogueCore
@_spi(SQLite) @testable import CatalogueStore
import Foundation
import GRDB
import Testing

@Suite("Migration v13-clean-stock-locations")
struct StockLocationMigrationTests {
    @Test("locations and batches stored as typed are cleaned; a lot that becomes another is merged into it")
    func cleansAndMerges() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("catalogue.sqlite")
        do {
            let queue = try OlderDatabase.withJojoba(at: path, upTo: "v12-catalogue-revision")
            try queue.write { db in
                let lots: [(Int64, String, String, Double, String?)] = [
                    (1, "front-desk", "", 2, nil),
                    (2, " front-desk ", "", 3, "2027-01-01"),  // becomes lot 1
                    (3, "back\u{202E}room", "L\u{200B}1", 4, nil),  // cleaned in place
                    (4, "\u{200B}", "", 1, nil),  // nothing visible: kept as it was
                ]
                for (id, location, batch, quantity, expires) in lots {
                    try db.execute(
                        sql: """
                            INSERT INTO stockLot (id, location, productId, batch, quantity, expires, createdAt, updatedAt)
                            VALUES (?, ?, 1, ?, ?, ?, datetime('now'), datetime('now'))
                            """,
                        arguments: [id, location, batch, quantity, expires]
                    )
                    try db.execute(
                        sql: "INSERT INTO stockMovement (stockLotId, kind, delta, quantityAfter, recordedBy, at) VALUES (?, 'receive', ?, ?, 'test', datetime('now'))",
                        arguments: [id, quantity, quantity]
                    )
                }
            }
        }
        let database = try CatalogueDatabase.open(at: path)
        #expect(try database.info().pendingMigrations.isEmpty)
        let rows = try database.read { db in
            try Row.fetchAll(db, sql: "SELECT id, location, batch, quantity, expires FROM stockLot ORDER BY id").map {
                "\($0[0] as Int64) \($0[1] as String)|\($0[2] as String)|\($0[3] as Double)|\(($0[4] as String?) ?? "-")"
            }
        }
        #expect(rows == ["1 front-desk||5.0|2027-01-01", "3 backroom|L1|4.0|-", "4 \u{200B}||1.0|-"])
        let movements = try database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM stockMovement WHERE stockLotId = 1") }
        #expect(movements == 2)
        #expect(try database.stockRows(location: "front-desk").map(\.quantity) == [5])
        #expect(try database.stockRows(location: "backroom").first?.batch == "L1")
    }
}
