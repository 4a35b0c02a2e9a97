import GRDB

/// Test allergens: an allergy may name an allergen of a patch-test series (`kind` `test-allergen`: "wool alcohols",
/// "fragrance mix I") and carry the reading a dermatologist's report gave (`reading`: `+`, `++`, `+++`, `doubtful`,
/// `irritant`, `negative`). A `negative` row is tested-negative evidence, never an allergy.
///
/// SQLite cannot change a CHECK constraint in place: the table is rebuilt with the wider one and every row copied
/// with its id, so audit entries that name an allergy id still find it.
enum SchemaV10 {
    static func migrate(_ db: Database) throws {
        try db.create(table: "clientAllergyV10") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("clientId", .integer).notNull().indexed().references("client", onDelete: .cascade)
            t.column("kind", .text).notNull()
                .check { ["ingredient", "allergen", "cross-reactivity-group", "food-allergen-class", "test-allergen"].contains($0) }
            t.column("targetId", .text).notNull()
            t.column("enteredName", .text).notNull()
            t.column("source", .text).notNull().check { ["dermatologist", "client-reported"].contains($0) }
            t.column("note", .text)
            t.column("recordedBy", .text).notNull()
            t.column("recordedAt", .datetime).notNull()
            t.column("retractedAt", .datetime)  // set only by a correction entry, never by an edit
            t.column("retractionReason", .text)
            t.column("reading", .text)
                .check { ["negative", "doubtful", "+", "++", "+++", "irritant", "reported"].contains($0) }
        }
        try db.execute(
            sql: """
                INSERT INTO clientAllergyV10 (id, clientId, kind, targetId, enteredName, source, note, recordedBy, recordedAt,
                    retractedAt, retractionReason)
                SELECT id, clientId, kind, targetId, enteredName, source, note, recordedBy, recordedAt, retractedAt,
                    retractionReason
                FROM clientAllergy
                """
        )
        try db.drop(table: "clientAllergy")
        try db.rename(table: "clientAllergyV10", to: "clientAllergy")
    }
}
