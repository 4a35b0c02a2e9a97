import ArgumentParser
import CatalogueCore
import CatalogueStore
import Foundation
import OilCatalogue
import StoreInterface

/// `oilcat import …`: importing a feed (the default) and the record of past runs.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a supplier's feed, or list past import runs.",
        discussion: """
            'oilcat import FEED --supplier ID' (or 'oilcat import --all') imports; see 'oilcat import feed --help'. \
            'oilcat import runs [--failed]' lists past runs. A feed file named 'runs' or 'feed' is given as ./runs.
            """,
        subcommands: [ImportFeedCommand.self, ImportRunsCommand.self],
        defaultSubcommand: ImportFeedCommand.self
    )
}

/// `oilcat import [feed] [FEED] --supplier <id> [--dry-run] [--max-errors N] [--max-rejected-percent P]
/// [--allow-large-removal] [--max-feed-size SIZE] [--json]`.
struct ImportFeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feed",
        abstract: "Import a supplier's feed: all of it in one transaction, or nothing (the default of 'oilcat import').",
        discussion: """
            FEED is a file, an http(s) URL, or - for standard input; without it the supplier's --source is used. \
            Invalid records are listed with their line or record number, field, value and reason; the run fails \
            and changes nothing when more than 5 % of the records are invalid (--max-rejected-percent, or a count \
            with --max-errors; 0 for none), when no record is valid, or when a full snapshot \
            would remove more than half of the supplier's products (unless --allow-large-removal). A feed larger \
            than --max-feed-size (default 4G) is refused before it is read. An unchanged feed is not parsed \
            again. Imported feeds are archived with their SHA-256 (in feeds/ beside the database, or --feeds).

            Examples:
              oilcat import Catalogue/suppliers/google-merchant/feed.xml --supplier naturalis
              oilcat import --supplier naturalis --dry-run
            """
    )

    @Argument(help: ArgumentHelp("The feed: a file, an http(s) URL, or - for standard input.", valueName: "feed"))
    var feed: String?

    @Option(help: "The supplier whose feed this is.")
    var supplier: String?

    @Flag(help: "Import every supplier that has a --source, one after the other, each in its own run (for a schedule).")
    var all = false

    @Flag(help: "Do everything but the commit, and print the same report.")
    var dryRun = false

    @Option(help: "How many invalid records the run tolerates before it fails (0: none). Replaces the default percentage limit.")
    var maxErrors: Int?

    @Option(help: ArgumentHelp(
        "What share of the records may be invalid, in percent (default 5 unless --max-errors is given; 0: none).",
        valueName: "percent"
    ))
    var maxRejectedPercent: Double?

    @Flag(help: "Allow a full snapshot to remove more than half of the supplier's products.")
    var allowLargeRemoval = false

    @Option(help: ArgumentHelp(
        "The largest feed read (a file, a download or standard input): bytes, or with K, M or G (default 4G).",
        valueName: "size"
    ))
    var maxFeedSize: String?

    @OptionGroup var global: GlobalOptions
    @OptionGroup var feeds: FeedArchiveOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard all != (supplier != nil) else { throw ValidationError("give --supplier ID, or --all for every supplier with a source") }
        if all, feed != nil { throw ValidationError("--all imports each supplier's own --source; give no FEED with it") }
        if let maxErrors, maxErrors < 0 { throw ValidationError("--max-errors must be 0 or more") }
        if let maxRejectedPercent, !(0...100).contains(maxRejectedPercent) {
            throw ValidationError("--max-rejected-percent must be between 0 and 100")
        }
    }

    func run() async throws {
        let maxFeedBytes = try maxFeedSize.map { try ByteSizeArgument.parse($0) } ?? ImportRequest.defaultMaxFeedBytes
        let (taxonomy, fingerprint) = try global.taxonomyWithFingerprint()
        let location = try global.storeLocation()
        // A named folder that does not exist fails each run that would archive, on the record (not a dry run).
        let archive = feeds.location(store: location)
        let database = OpenStores.keep(try await location.open())
        var runner = ImportRunner(database: database, taxonomy: taxonomy, taxonomyFingerprint: fingerprint)
        let bar = ProgressBar.onTerminal()
        if let bar { runner.progress = { bar.show($0) } }
        func request(_ supplier: String) -> ImportRequest {
            ImportRequest(
                supplier: supplier, feed: feed, dryRun: dryRun, maxErrors: maxErrors, maxRejectedPercent: maxRejectedPercent,
            allowLargeRemoval: allowLargeRemoval,
            archiveFolder: archive.folder, archiveFolderMustExist: archive.namedBy != nil,
                actor: Actor.current,
                maxFeedBytes: maxFeedBytes
            )
        }
        if all { return try await importAll(database: database, runner: runner, request: request, bar: bar) }
        let report: ImportReport
        do throws(ImportError) {
            report = try await runner.run(request(supplier ?? ""))
        } catch {
            bar?.clear()
            if let report = error.report { try print(report) }
            throw error
        }
        bar?.clear()
        try print(report)
    }

    /// `--all`: every supplier with a source, one after the other, each in its own run and lock. One failing never
    /// stops the others; the exit code is 1 when any failed. With `--json`, an array of one report per supplier.
    private func importAll(
        database: any ClinicStore, runner: ImportRunner, request: (String) -> ImportRequest, bar: ProgressBar?
    ) async throws {
        let all = try await database.suppliers()
        let suppliers = all.filter { !($0.source ?? "").isEmpty }
        // Said on standard error, so `--json` stays one array.
        let skipped = all.filter { ($0.source ?? "").isEmpty }.map(\.id)
        if !skipped.isEmpty {
            Output.error("skipped (no --source to import from): \(skipped.joined(separator: ", "))")
        }
        var reports: [ImportReport] = []
        var failed: [String] = []
        for supplier in suppliers {
            var report: ImportReport
            do throws(ImportError) {
                report = try await runner.run(request(supplier.id))
            } catch {
                // A run that failed before it was recorded (no such feed file, a refused download) still gets a report.
                report = error.report ?? ImportReport(
                    supplier: supplier.id, source: supplier.source ?? "", format: supplier.format, dryRun: dryRun, startedAt: Date()
                )
                report.status = "failed"
                report.error = report.error ?? error.message
                report.errorCode = report.errorCode ?? error.code
                failed.append("\(supplier.id) (\(error.code))")
            }
            bar?.clear()
            if !output.json { Output.line(ImportReportText.render(report)) }
            reports.append(report)
        }
        if output.json { try Output.json(reports) }
        guard failed.isEmpty else {
            throw UsageFailure(
                code: "IMPORT-SOME-FAILED",
                message: "\(failed.count) of \(suppliers.count) suppliers failed: \(failed.joined(separator: ", "))"
                    + (failed.count < suppliers.count ? (dryRun ? "; the others were checked (dry run)" : "; the others were imported") : "")
                    + "; 'oilcat import runs --failed' lists the failures"
            )
        }
        if suppliers.isEmpty { Output.line("No supplier has a --source to import from; add one with 'oilcat supplier update ID --source …'.") }
    }

    private func print(_ report: ImportReport) throws {
        if output.json { return try Output.json(report) }
        Output.line(ImportReportText.render(report))
    }
}
