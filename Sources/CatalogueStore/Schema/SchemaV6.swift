import GRDB

/// Label aliases: an admin's decision for a spelling the reference data does not resolve.
enum SchemaV6 {
    static func create(_ db: Database) throws {
        try db.create(table: "labelAlias") { t in
            t.primaryKey("key", .text)  // the spelling's matching key: case, accents and punctuation ignored
            t.column("spelling", .text).notNull()  // as the admin entered it
            t.column("kind", .text).notNull().check { ["ingredient", "mixture"].contains($0) }
            t.column("ingredientId", .text)  // for kind 'ingredient'
            t.column("createdBy", .text).notNull()
            t.column("createdAt", .datetime).notNull()
        }
    }
}
