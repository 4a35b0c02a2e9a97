import ArgumentParser
import CatalogueCore
import CatalogueStore
import Foundation
import OilCatalogue
import StoreInterface

/// Where the reference catalogue and the database are; every command that needs them takes these options.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: ArgumentHelp(
        "The store: an SQLite file, or postgres://USER@HOST:PORT/DB for a clinic chain's shared database (default: "
            + "OILCAT_DB, else ~/.local/share/oilcatalogue/oilcat.sqlite).",
        valueName: "path|address"
    ))
    var databasePath: String?

    @Option(name: .customLong("catalogue"), help: ArgumentHelp(
        "The reference catalogue folder (default: OILCAT_CATALOGUE, else Catalogue/ here or beside the program).",
        valueName: "path"
    ))
    var cataloguePath: String?

    /// The validated reference taxonomy.
    func taxonomy() throws -> Taxonomy {
        try ReferenceCatalogueLoader.load(from: try CatalogueLocation.resolve(explicit: cataloguePath))
    }

    /// The taxonomy and a fingerprint of its files.
    func taxonomyWithFingerprint() throws -> (Taxonomy, String) {
        let folder = try CatalogueLocation.resolve(explicit: cataloguePath)
        return try ReferenceCatalogueLoader.loadWithFingerprint(from: folder)
    }

    /// The taxonomy, its fingerprint and the store for a command that gives verdicts: when the reference data
    /// changed since the catalogue was last read, every product is read again first (a line on standard error says
    /// so), so no verdict comes from a reading older than the data it is judged with.
    func clinicalCatalogue() async throws -> (taxonomy: Taxonomy, fingerprint: String, database: any ClinicStore) {
        let (taxonomy, fingerprint) = try taxonomyWithFingerprint()
        let database = try await store()
        if let outcome = try await ReferenceDataReread.ensureCurrent(
            database: database, taxonomy: taxonomy, fingerprint: fingerprint, actor: Actor.current
        ) {
            for line in outcome.summary() { Output.error("oilcat: " + line) }
        }
        return (taxonomy, fingerprint, database)
    }

    /// Where the store is: `--db`, else `OILCAT_DB`, else the default SQLite file.
    func storeLocation() throws -> StoreLocation {
        try StoreLocation.resolve(explicit: databasePath)
    }

    /// The store, migrated: an SQLite file on one connection (a short command), or a PostgreSQL database.
    func store() async throws -> any ClinicStore {
        OpenStores.keep(try await storeLocation().open(connections: .single))
    }

    /// The SQLite file, for the commands that work on the file itself (info, backup, restore, check); a PostgreSQL
    /// address is refused, saying to do `instead`.
    func sqlitePath(instead: String) throws -> (path: String, isDefault: Bool) {
        switch try storeLocation() {
        case .sqlite(let path, let isDefault):
            return (path, isDefault)
        case .postgres(let location):
            throw UsageFailure(
                code: "DB-SQLITE-ONLY",
                message: "this command works on an SQLite file, and \(location.redacted) is a PostgreSQL database; \(instead)"
            )
        }
    }

    /// The SQLite database, migrated unless `migrate` is false, on one connection (a command that only reads writes
    /// nothing); a PostgreSQL address is refused, saying to do `instead`.
    func sqliteDatabase(migrate: Bool = true, instead: String) throws -> CatalogueDatabase {
        try CatalogueDatabase.open(at: sqlitePath(instead: instead).path, migrate: migrate, connections: .single)
    }
}

/// `--json` for every command that prints data.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON (stable shape, documented in Docs/CLI.md) instead of a table.")
    var json = false
}
