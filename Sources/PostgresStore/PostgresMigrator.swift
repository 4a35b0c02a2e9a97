public import Logging
public import PostgresNIO

/// Brings a PostgreSQL schema (the connection's `search_path`) to this version's tables.
///
/// Pending migrations are applied together in one transaction (PostgreSQL's DDL is transactional: a failure leaves
/// the schema as it was), under a transaction-scoped advisory lock, so two servers starting at once do not both
/// migrate. A schema that holds a migration this version does not know was written by a newer OilCatalogue and is
/// refused untouched, as the SQLite store does.
public enum PostgresMigrator {
    /// The names of every migration this version knows, in order.
    public static var migrationNames: [String] { PostgresSchema.migrations.map(\.name) }

    /// Applies what is pending; returns the names applied (none when the schema is up to date).
    @discardableResult
    public static func migrate(_ connection: PostgresConnection, logger: Logger) async throws -> [String] {
        do {
            return try await connection.withTransaction(logger: logger) { connection in
                try await connection.query(
                    #"SELECT pg_advisory_xact_lock(hashtext('oilcat-migrate:' || current_schema()))"#, logger: logger
                )
                try await connection.query(
                    """
                    CREATE TABLE IF NOT EXISTS "schemaMigration" (
                      "position" bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "name" text NOT NULL UNIQUE,
                      "appliedAt" timestamptz NOT NULL DEFAULT now())
                    """,
                    logger: logger
                )
                let applied = try await names(connection, logger: logger)
                let known = Set(migrationNames)
                if let unknown = applied.first(where: { !known.contains($0) }) {
                    throw PostgresStoreError(
                        .newerSchema,
                        "the database was written by a newer OilCatalogue (it has migration '\(unknown)'); upgrade this program before using it"
                    )
                }
                var done: [String] = []
                for migration in PostgresSchema.migrations where !applied.contains(migration.name) {
                    for statement in migration.statements {
                        do {
                            try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                        } catch {
                            throw PostgresStoreError(
                                .migration,
                                "migration \(migration.name) failed, and nothing of it was applied: \(PostgresStoreError.serverWords(error))"
                            )
                        }
                    }
                    try await connection.query(#"INSERT INTO "schemaMigration" ("name") VALUES (\#(migration.name))"#, logger: logger)
                    done.append(migration.name)
                }
                return done
            }
        } catch let error as PostgresTransactionError {
            if let inner = error.closureError as? PostgresStoreError { throw inner }
            let cause = error.closureError ?? error.beginError ?? error.commitError ?? error
            throw PostgresStoreError(.server, "could not migrate the database: \(PostgresStoreError.serverWords(cause))")
        }
    }

    /// The migrations applied to the schema, in the order they were; empty for a schema never migrated.
    public static func appliedMigrations(_ connection: PostgresConnection, logger: Logger) async throws -> [String] {
        let exists = try await connection.query(#"SELECT to_regclass('"schemaMigration"') IS NOT NULL"#, logger: logger)
        for try await present in exists.decode(Bool.self) where !present { return [] }
        return try await names(connection, logger: logger)
    }

    private static func names(_ connection: PostgresConnection, logger: Logger) async throws -> [String] {
        var names: [String] = []
        let rows = try await connection.query(#"SELECT "name" FROM "schemaMigration" ORDER BY "position""#, logger: logger)
        for try await name in rows.decode(String.self) { names.append(name) }
        return names
    }
}
