import CatalogueCore
import GRDB
import StoreInterface

/// Sign-in that cannot be got round: user names compared by a case-folded NFC key, sessions that belong to a user
/// (so a password change or disabling ends them) and expire when idle, and failed sign-ins counted in the database
/// (each counted before its password is checked, so every server of a clinic shares one count, and an admin can clear it).
///
/// Sessions stored before this version carry no user column: they are removed, and everyone signs in once more.
enum SchemaV4 {
    static func migrate(_ db: Database) throws {
        try db.alter(table: "user") { t in t.add(column: "nameKey", .text) }
        var seen: Set<String> = []
        for row in try Row.fetchAll(db, sql: "SELECT id, name FROM user ORDER BY id") {
            let id: Int64 = row[0]
            var key = UserName.key(row[1])
            // Two names that were distinct before and are one now ("José", "JOSÉ"): the later keeps a key of its
            // own, so neither is lost; an admin renames or disables it.
            if seen.contains(key) { key += "#\(id)" }
            seen.insert(key)
            try db.execute(sql: "UPDATE user SET nameKey = ? WHERE id = ?", arguments: [key, id])
        }
        try db.create(index: "user_nameKey", on: "user", columns: ["nameKey"], options: .unique)

        // Client names in NFC, so a search finds "Zoë" however it was typed.
        for row in try Row.fetchAll(db, sql: "SELECT id, name FROM client") {
            let name: String = row[1]
            let clean = TextHygiene.singleLine(name).trimmingWhitespace()
            if clean != name, !clean.isEmpty { try db.execute(sql: "UPDATE client SET name = ? WHERE id = ?", arguments: [clean, row[0] as Int64]) }
        }

        try db.execute(sql: "DELETE FROM webSession")
        try db.alter(table: "webSession") { t in
            t.add(column: "userId", .integer).references("user", onDelete: .cascade)
            t.add(column: "lastSeenAt", .datetime)
        }
        try db.create(index: "webSession_userId", on: "webSession", columns: ["userId"])

        try db.create(table: "signInAttempt") { t in
            t.column("nameKey", .text).notNull()
            t.column("address", .text).notNull()
            t.column("at", .datetime).notNull()
        }
        try db.create(index: "signInAttempt_name_address", on: "signInAttempt", columns: ["nameKey", "address", "at"])
        try db.create(index: "signInAttempt_at", on: "signInAttempt", columns: ["at"])
    }
}
