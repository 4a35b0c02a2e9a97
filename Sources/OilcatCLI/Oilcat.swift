import ArgumentParser
import OilCatalogue

/// The `oilcat` command: the catalogue of oils and lotions a clinic uses, its suppliers' feeds, and its clients'
/// patch tests.
struct Oilcat: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "oilcat",
        abstract: "Keep a clinic's oils, lotions and blends safe for every client.",
        discussion: """
            The reference catalogue (ingredients, EU allergens, properties, conditions) is read from Catalogue/ \
            (--catalogue or OILCAT_CATALOGUE). The database is one SQLite file: --db PATH, OILCAT_DB, or \
            ~/.local/share/oilcatalogue/oilcat.sqlite by default.

            Examples:
              oilcat import --supplier naturalis                       the importer
              oilcat safe-oils --client 3 --property hydrating          the therapist
              oilcat stock check --client 3 --location front-desk       reception
              oilcat catalogue resolve "Aqua, Simmondsia Chinensis Seed Oil, Parfum"
            """,
        version: OilCatalogueVersion.current,
        subcommands: [
            CatalogueCommand.self, SupplierCommand.self, ImportCommand.self, ProductsCommand.self, ClientCommand.self,
            PatchTestCommand.self, SafeOilsCommand.self, StockCommand.self, DatabaseCommand.self, UserCommand.self,
            ServeCommand.self,
        ]
    )
}
