import GRDB

/// Stale products: a product whose latest record in its supplier's feed was rejected keeps its last good version
/// but is marked stale (`staleReason`, `staleSince`) until a good record arrives; the suitability engine then
/// answers `unknown` for it, with the reason.
enum SchemaV7 {
    static func migrate(_ db: Database) throws {
        try db.alter(table: "product") { t in
            t.add(column: "staleReason", .text)
            t.add(column: "staleSince", .datetime)
        }
    }
}
