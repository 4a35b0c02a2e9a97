public import StoreInterface

extension CatalogueDatabase: ClinicStore {
    /// The file missing or unreadable, or a schema not this version's.
    public func readinessProblems() throws -> [String] {
        var problems: [String] = []
        if path != ":memory:", !Self.fileLooksReadable(at: path) {
            problems.append("the database file is missing or unreadable")
        }
        if try appliedMigrations() != Self.migrationNames {
            problems.append("the database's schema is not this version's (run 'oilcat db migrate')")
        }
        return problems
    }

    /// Nothing to do: the connections close when the value goes.
    public func close() async {}
}
