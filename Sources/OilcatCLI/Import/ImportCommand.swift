import ArgumentParser
import CatalogueCore
import CatalogueStore
import Foundation
import OilCatalogue

/// `oilcat import [FEED] --supplier <id> [--dry-run] [--max-errors N] [--allow-large-removal] [--json]`.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a supplier's feed: all of it in one transaction, or nothing.",
        discussion: """
            FEED is a file, an http(s) URL, or - for standard input; without it the supplier's --source is used. \
            Invalid records are listed with their line or record number, field, value and reason; the run fails \
            and changes nothing when they exceed --max-errors, when no record is valid, or when a full snapshot \
            would remove more than half of the supplier's products (unless --allow-large-removal). An unchanged \
            feed is not parsed again. Imported feeds are archived beside the database with their SHA-256.

            Examples:
              oilcat import Catalogue/suppliers/google-merchant/feed.xml --supplier naturalis
              oilcat import --supplier naturalis --dry-run
            """
    )

    @Argument(help: ArgumentHelp("The feed: a file, an http(s) URL, or - for standard input.", valueName: "feed"))
    var feed: String?

    @Option(help: "The supplier whose feed this is.")
    var supplier: String

    @Flag(help: "Do everything but the commit, and print the same report.")
    var dryRun = false

    @Option(help: "How many invalid records the run tolerates before it fails (default 0).")
    var maxErrors = 0

    @Flag(help: "Allow a full snapshot to remove more than half of the supplier's products.")
    var allowLargeRemoval = false

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard maxErrors >= 0 else { throw ValidationError("--max-errors must be 0 or more") }
    }

    func run() throws {
        let (taxonomy, fingerprint) = try global.taxonomyWithFingerprint()
        let location = try DatabaseLocation.resolve(explicit: global.databasePath)
        let database = try CatalogueDatabase.open(at: location.path)
        var runner = ImportRunner(database: database, taxonomy: taxonomy, taxonomyFingerprint: fingerprint)
        let bar = ProgressBar.onTerminal()
        if let bar { runner.progress = { bar.show($0) } }
        let request = ImportRequest(
            supplier: supplier, feed: feed, dryRun: dryRun, maxErrors: maxErrors,
            allowLargeRemoval: allowLargeRemoval,
            archiveFolder: URL(fileURLWithPath: location.path).deletingLastPathComponent().appending(path: "feeds"),
            actor: Actor.current
        )
        let report: ImportReport
        do {
            report = try runner.run(request)
        } catch {
            bar?.clear()
            if let report = error.report { try print(report) }
            throw error
        }
        bar?.clear()
        try print(report)
    }

    private func print(_ report: ImportReport) throws {
        if output.json { return try Output.json(report) }
        Output.line(ImportReportText.render(report))
    }
}
