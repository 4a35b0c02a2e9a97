import ArgumentParser
import CatalogueCore
import CatalogueStore
import Foundation
import OilCatalogue

/// Where the reference catalogue and the database are; every command that needs them takes these options.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: ArgumentHelp(
        "The SQLite database file (default: OILCAT_DB, else ~/.local/share/oilcatalogue/oilcat.sqlite).",
        valueName: "path"
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

    /// The taxonomy, its fingerprint and the database for a command that gives verdicts: when the reference data
    /// changed since the catalogue was last read, every product is read again first (a line on standard error says
    /// so), so no verdict comes from a reading older than the data it is judged with.
    func clinicalCatalogue() throws -> (taxonomy: Taxonomy, fingerprint: String, database: CatalogueDatabase) {
        let (taxonomy, fingerprint) = try taxonomyWithFingerprint()
        let database = try database()
        if let outcome = try ReferenceDataReread.ensureCurrent(
            database: database, taxonomy: taxonomy, fingerprint: fingerprint, actor: Actor.current
        ) {
            for line in outcome.summary() { Output.error("oilcat: " + line) }
        }
        return (taxonomy, fingerprint, database)
    }

    /// The database, migrated unless `migrate` is false, on one connection (a command that only reads writes nothing).
    func database(migrate: Bool = true) throws -> CatalogueDatabase {
        let location = try DatabaseLocation.resolve(explicit: databasePath)
        return try CatalogueDatabase.open(at: location.path, migrate: migrate, connections: .single)
    }
}

/// `--json` for every command that prints data.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON (stable shape, documented in Docs/CLI.md) instead of a table.")
    var json = false
}
