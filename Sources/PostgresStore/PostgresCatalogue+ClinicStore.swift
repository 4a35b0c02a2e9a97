import PostgresNIO
public import StoreInterface

extension PostgresCatalogue: ClinicStore {
    /// A PostgreSQL store has no files of its own on this machine.
    public func isOwnFile(_ path: String) -> Bool { false }

    /// A schema not this version's; throws when the server cannot be reached.
    public func readinessProblems() async throws -> [String] {
        let applied = try await rows(#"SELECT "name" FROM "schemaMigration" ORDER BY "position""#) { try $0.decode(String.self) }
        return applied == PostgresMigrator.migrationNames
            ? [] : ["the database's schema is not this version's (run 'oilcat db migrate')"]
    }
}
