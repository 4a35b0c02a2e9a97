import GRDB

/// Leaner inserts for imports: `product` and `formulation` lose AUTOINCREMENT.
///
/// With AUTOINCREMENT, SQLite reads and rewrites the table's `sqlite_sequence` row after every insert: two extra
/// writes for each product an import adds, about a tenth of a first import's time. Its one promise, that an id is
/// never given again once its row is deleted, holds here without it: products and formulations are never deleted
/// (a product that leaves a feed is discontinued and keeps its history), so the next id is always past every id
/// used. SQLite cannot drop AUTOINCREMENT in place, so each table is rebuilt with the same columns, constraints and
/// rows; the foreign keys that point at it name the table, and find the rebuilt one.
enum SchemaV11 {
    static func migrate(_ db: Database) throws {
        for table in ["product", "formulation"] { try rebuildWithoutAutoincrement(table, db) }
    }

    private static func rebuildWithoutAutoincrement(_ table: String, _ db: Database) throws {
        let schema = try String.fetchOne(
            db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", arguments: [table]
        )
        let header = "CREATE TABLE \"\(table)\""
        let key = "\"id\" INTEGER PRIMARY KEY AUTOINCREMENT"
        guard let schema, schema.hasPrefix(header), let keyRange = schema.range(of: key) else {
            throw DatabaseError(message: "table \(table) is not as v1 to v10 made it; restore a backup of the database")
        }
        let rebuilt = "\(table)_v11"
        var statement = schema
        statement.replaceSubrange(keyRange, with: "\"id\" INTEGER PRIMARY KEY")
        statement.replaceSubrange(statement.startIndex..<statement.index(statement.startIndex, offsetBy: header.count),
            with: "CREATE TABLE \"\(rebuilt)\"")
        // The table has no index or trigger of its own beyond those its UNIQUE constraints make (v3 dropped the
        // others): the rebuilt table's CREATE makes them again.
        let others = try Int.fetchOne(
            db, sql: "SELECT count(*) FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL",
            arguments: [table]
        ) ?? 0
        guard others == 0 else {
            throw DatabaseError(message: "table \(table) has indexes or triggers v11 does not know; restore a backup of the database")
        }
        try db.execute(sql: statement)
        try db.execute(sql: "INSERT INTO \"\(rebuilt)\" SELECT * FROM \"\(table)\"")
        try db.execute(sql: "DROP TABLE \"\(table)\"")
        try db.execute(sql: "ALTER TABLE \"\(rebuilt)\" RENAME TO \"\(table)\"")
    }
}
