import GRDB

/// Medical history at intake: a client's history entries (append-only; a change is a new entry that supersedes an
/// older one) and the therapist's reviews of the intake.
enum SchemaV9 {
    static func create(_ db: Database) throws {
        try db.create(table: "clientHistoryEntry") { t in
            t.autoIncrementedPrimaryKey("id")
            t.belongsTo("client", onDelete: .cascade).notNull()
            t.column("itemId", .text).notNull()  // a history item of the reference data (medical-history.yaml)
            t.column("status", .text).notNull().check { ["current", "resolved", "entered-in-error"].contains($0) }
            t.column("since", .text)  // a calendar day, as given
            t.column("resolvedOn", .text)  // a calendar day, for a resolved entry
            t.column("source", .text).notNull()
                .check { ["client-reported", "gp-letter", "specialist-letter", "prescription", "therapist-observed"].contains($0) }
            t.column("note", .text)
            // The entry this one resolves, corrects or withdraws: each entry is superseded at most once.
            t.column("supersedesId", .integer).unique().references("clientHistoryEntry", onDelete: .restrict)
            t.column("recordedBy", .text).notNull()
            t.column("recordedAt", .datetime).notNull()
        }
        try db.create(table: "clientIntakeReview") { t in
            t.autoIncrementedPrimaryKey("id")
            t.belongsTo("client", onDelete: .cascade).notNull()
            t.column("reviewedBy", .text).notNull()
            t.column("reviewedAt", .datetime).notNull()
            t.column("note", .text)
        }
    }
}
