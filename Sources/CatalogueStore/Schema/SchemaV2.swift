import GRDB

/// The web app's people: users with a role, API tokens for scripts, and browser sessions.
///
/// Passwords and tokens are never stored: a user row holds a bcrypt hash, a token row the SHA-256 of the token,
/// and a session row is keyed by the SHA-256 of the cookie's value.
enum SchemaV2 {
    static func create(_ db: Database) throws {
        try db.create(table: "user") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("name", .text).notNull().unique(onConflict: .abort).collate(.nocase)
            t.column("role", .text).notNull().check { ["admin", "therapist", "reception"].contains($0) }
            t.column("passwordHash", .text).notNull()
            t.column("createdAt", .datetime).notNull()
            t.column("disabledAt", .datetime)
        }
        try db.create(table: "apiToken") { t in
            t.autoIncrementedPrimaryKey("id")
            t.belongsTo("user", onDelete: .cascade).notNull()
            t.column("label", .text).notNull()
            t.column("tokenHash", .text).notNull().unique()
            t.column("createdAt", .datetime).notNull()
            t.column("revokedAt", .datetime)
        }
        try db.create(table: "webSession") { t in
            t.primaryKey("keyHash", .text)
            t.column("value", .blob).notNull()
            t.column("expiresAt", .datetime)
        }
        try db.create(index: "webSession_expiresAt", on: "webSession", columns: ["expiresAt"])
    }
}
