/// Everything the services, the command line and the server need of a storage backend, in one: the SQLite store
/// (one file, the embedded default) and the PostgreSQL store (a clinic chain's servers on one database) implement it,
/// and nothing above the storage modules knows which it talks to.
public protocol ClinicStore:
    ClientStore, PatchTestStore, HistoryStore, StockStore, LabelAliasStore, CatalogueReadStore, CatalogueRereadStore,
    CatalogueImportStore, SupplierStore, ImportRunStore, UserStore, SessionStore, SignInStore
{
    /// Whether `path` names one of the store's own files, which must never be read as a feed (reading the live
    /// database would leave it locked or show a torn page). A store with no files says `false`.
    func isOwnFile(_ path: String) -> Bool

    /// What keeps the store from serving (its file gone, a schema not this version's), in words fit to show anyone;
    /// empty when it serves. Throws when the store cannot be read at all (the error's detail is for the log).
    func readinessProblems() async throws -> [String]

    /// Lets go of the store's connections; the store is not used after.
    func close() async
}
