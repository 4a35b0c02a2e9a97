@_spi(SQLite) import CatalogueStore
import Foundation
import GRDB
import Logging
import PostgresNIO
import PostgresStore
import Testing

/// The PostgreSQL schema: migrated once, under a lock, refused when newer, and the same tables as SQLite's.
@Suite("PostgreSQL schema", .enabled(if: PostgresTestDatabase.isAvailable, "set OILCAT_TEST_POSTGRES_URL (scripts/test-postgres.sh)"))
struct PostgresSchemaTests {
    let logger = PostgresTestDatabase.logger

    @Test("a fresh schema is migrated once; a second run applies nothing")
    func migratesOnce() async throws {
        try await PostgresTestDatabase.withSchema { database in
            try await database.withConnection { connection in
                #expect(try await PostgresMigrator.appliedMigrations(connection, logger: logger) == [])
                #expect(try await PostgresMigrator.migrate(connection, logger: logger) == PostgresMigrator.migrationNames)
                #expect(try await PostgresMigrator.migrate(connection, logger: logger) == [])
                #expect(try await PostgresMigrator.appliedMigrations(connection, logger: logger) == PostgresMigrator.migrationNames)
                let revision = try await connection.query(#"SELECT "revision" FROM "catalogueRevision" WHERE "id" = 1"#, logger: logger)
                var revisions: [Int64] = []
                for try await value in revision.decode(Int64.self) { revisions.append(value) }
                #expect(revisions == [0])
            }
        }
    }

    @Test("servers starting at once: one migrates, the others wait for it and find nothing to do")
    func concurrentStarts() async throws {
        try await PostgresTestDatabase.withSchema { database in
            let applied = try await withThrowingTaskGroup(of: [String].self) { group in
                for _ in 0..<4 {
                    group.addTask { try await database.withConnection { try await PostgresMigrator.migrate($0, logger: logger) } }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(applied.filter { !$0.isEmpty } == [PostgresMigrator.migrationNames])
        }
    }

    @Test("opening a database that cannot be reached says why in the server's words, without the password")
    func openFailsClearly() async throws {
        let address = try #require(PostgresTestDatabase.address)
        var parts = try #require(URLComponents(string: address))
        parts.path = "/no_such_database"
        // The server's words (not the pool's "circuit breaker tripped" a minute later) show it came from one connection.
        let error = await #expect(throws: PostgresStoreError.self) {
            _ = try await PostgresCatalogue.open(try PostgresLocation(try #require(parts.string)), logger: logger)
        }
        #expect(error?.description.contains("no_such_database") == true, "\(error?.description ?? "")")
        if let password = parts.password { #expect(error?.description.contains(password) == false) }
    }

    @Test("a schema written by a newer version is refused untouched")
    func newerSchemaRefused() async throws {
        try await PostgresTestDatabase.withSchema { database in
            try await database.withConnection { connection in
                try await PostgresMigrator.migrate(connection, logger: logger)
                try await connection.query(#"INSERT INTO "schemaMigration" ("name") VALUES ('pg-v99-from-the-future')"#, logger: logger)
                let error = await #expect(throws: PostgresStoreError.self) { try await PostgresMigrator.migrate(connection, logger: logger) }
                #expect(error?.kind == .newerSchema)
                #expect(error?.description.contains("pg-v99-from-the-future") == true)
                #expect(try await PostgresMigrator.appliedMigrations(connection, logger: logger).last == "pg-v99-from-the-future")
            }
        }
    }

    @Test("the audit log takes new lines and refuses every change, deletion and truncation")
    func auditLogAppendOnly() async throws {
        try await PostgresTestDatabase.withSchema { database in
            try await database.withConnection { connection in
                try await PostgresMigrator.migrate(connection, logger: logger)
                let hostile = "Robert'); DROP TABLE \"auditLog\";-- \u{202E}gnp.exe 👩🏽‍⚕️"
                try await connection.query(
                    #"INSERT INTO "auditLog" ("at", "actor", "action", "entity", "detail") VALUES (now(), \#(hostile), 'add', 'client', NULL)"#,
                    logger: logger
                )
                for statement in [#"UPDATE "auditLog" SET "actor" = 'someone else'"#, #"DELETE FROM "auditLog""#, #"TRUNCATE "auditLog""#] {
                    await #expect(throws: PSQLError.self, "\(statement)") {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                }
                var actors: [String] = []
                for try await actor in try await connection.query(#"SELECT "actor" FROM "auditLog""#, logger: logger).decode(String.self) {
                    actors.append(actor)
                }
                #expect(actors == [hostile])
            }
        }
    }

    /// A column as both schemas describe it: name, type, and whether it may be empty.
    struct Column: Hashable, CustomStringConvertible {
        let table: String
        let name: String
        let type: String
        let notNull: Bool
        var description: String { "\(table).\(name) \(type)\(notNull ? " NOT NULL" : "")" }
    }

    @Test("every SQLite table and column is in PostgreSQL with the matching type and nullability, the same indexes and foreign keys")
    func parityWithSQLite() async throws {
        let sqlite = try CatalogueDatabase.inMemory()
        // SQLite's declared types, as PostgreSQL spells them.
        let types = [
            "INTEGER": "bigint", "TEXT": "text", "DATETIME": "timestamp with time zone", "DATE": "date", "BOOLEAN": "boolean",
            "DOUBLE": "double precision", "BLOB": "bytea",
        ]
        let (sqliteColumns, sqliteIndexes) = try sqlite.read { db -> (Set<Column>, Set<String>) in
            let tables = try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'grdb_migrations'"
            )
            var columns = Set<Column>()
            for table in tables {
                for row in try Row.fetchAll(db, sql: "SELECT name, type, \"notnull\", pk FROM pragma_table_info(?)", arguments: [table]) {
                    let type: String = row["type"]
                    // A primary key is never empty, whatever SQLite's declaration says.
                    let notNull = (row["notnull"] as Int64) == 1 || (row["pk"] as Int64) > 0
                    columns.insert(Column(table: table, name: row["name"], type: types[type.uppercased()] ?? type, notNull: notNull))
                }
            }
            let indexes = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
            return (columns, Set(indexes))
        }
        // Foreign keys: "table.column -> table.column ON DELETE action".
        let sqliteKeys = try sqlite.read { db -> Set<String> in
            var keys = Set<String>()
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            for table in tables {
                for row in try Row.fetchAll(db, sql: "SELECT \"from\", \"table\", \"to\", on_delete FROM pragma_foreign_key_list(?)", arguments: [table]) {
                    let (from, target, to, action): (String, String, String, String) = (row[0], row[1], row[2], row[3])
                    keys.insert("\(table).\(from) -> \(target).\(to) ON DELETE \(action)")
                }
            }
            return keys
        }
        try await PostgresTestDatabase.withSchema { database in
            try await database.withConnection { connection in
                try await PostgresMigrator.migrate(connection, logger: logger)
                var columns = Set<Column>()
                let rows = try await connection.query(
                    """
                    SELECT table_name::text, column_name::text, data_type::text, is_nullable::text FROM information_schema.columns
                    WHERE table_schema = current_schema() AND table_name != 'schemaMigration'
                    """,
                    logger: logger
                )
                for try await (table, name, type, nullable) in rows.decode((String, String, String, String).self) {
                    columns.insert(Column(table: table, name: name, type: type, notNull: nullable == "NO"))
                }
                #expect(columns.subtracting(sqliteColumns).sorted { $0.description < $1.description }.map(\.description) == [])
                #expect(sqliteColumns.subtracting(columns).sorted { $0.description < $1.description }.map(\.description) == [])

                // Indexes made by name (not those behind a primary key or a unique constraint).
                var indexes = Set<String>()
                let indexRows = try await connection.query(
                    """
                    SELECT i.indexname::text FROM pg_indexes i
                    WHERE i.schemaname = current_schema()
                      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname AND c.connamespace = current_schema()::regnamespace)
                    """,
                    logger: logger
                )
                for try await name in indexRows.decode(String.self) { indexes.insert(name) }
                // SQLite has the user name's case-blind uniqueness as a column collation; PostgreSQL needs an index.
                #expect(indexes == sqliteIndexes.union(["user_name_nocase"]))

                var keys = Set<String>()
                let keyRows = try await connection.query(
                    """
                    SELECT c.conrelid::regclass::text, a.attname::text, c.confrelid::regclass::text, t.attname::text,
                      CASE c.confdeltype WHEN 'a' THEN 'NO ACTION' WHEN 'r' THEN 'RESTRICT' WHEN 'c' THEN 'CASCADE'
                        WHEN 'n' THEN 'SET NULL' ELSE 'SET DEFAULT' END
                    FROM pg_constraint c
                    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
                    JOIN pg_attribute t ON t.attrelid = c.confrelid AND t.attnum = c.confkey[1]
                    WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace
                    """,
                    logger: logger
                )
                for try await (table, from, target, to, action) in keyRows.decode((String, String, String, String, String).self) {
                    func bare(_ name: String) -> String { name.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
                    keys.insert("\(bare(table)).\(from) -> \(bare(target)).\(to) ON DELETE \(action)")
                }
                #expect(keys.subtracting(sqliteKeys).sorted() == [])
                #expect(sqliteKeys.subtracting(keys).sorted() == [])
            }
        }
    }
}
