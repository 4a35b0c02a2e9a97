import ArgumentParser
import CatalogueCore
import CatalogueStore
import Foundation
import OilCatalogue
import StoreInterface

/// `oilcat import runs [--supplier ID] [--failed] [--limit N] [--run ID] [--json]`: what the importer did, newest
/// first, so a failed scheduled import is seen and its report read.
struct ImportRunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List past import runs, newest first; --failed shows only the runs that failed.",
        discussion: """
            Each line: the run's number, when it started, the supplier, how it ended, what it read and changed, and \
            why it failed. '--run N' prints that run's full report (the same as the import printed).

            Examples:
              oilcat import runs --failed
              oilcat import runs --supplier naturalis --limit 5
              oilcat import runs --run 12
            """
    )

    @Option(help: "Only this supplier's runs.")
    var supplier: String?

    @Flag(help: "Only the runs that failed (nothing was applied).")
    var failed = false

    @Option(help: "How many runs to list (0: all).")
    var limit = 20

    @Option(name: .customLong("run"), help: ArgumentHelp("Print this run's full report.", valueName: "id"))
    var runID: Int64?

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard limit >= 0 else { throw ValidationError("--limit must be 0 (all) or more") }
        if runID != nil, supplier != nil || failed {
            throw ValidationError("--run shows one run; give it without --supplier or --failed")
        }
    }

    func run() async throws {
        let database = try await global.store()
        if let runID { return try await show(runID, database: database) }
        let runs = try await database.importRuns(supplier: supplier, failedOnly: failed, limit: limit)
        if output.json { return try Output.json(runs.map(ImportRunSummary.init)) }
        guard !runs.isEmpty else {
            let which = failed ? "failed import runs" : "import runs"
            return Output.line("No \(which)\(supplier.map { " for supplier \(TextHygiene.singleLine($0))" } ?? "").")
        }
        for run in runs { Output.line(Self.line(run)) }
    }

    private func show(_ id: Int64, database: any ClinicStore) async throws {
        guard let run = try await database.importRun(id: id) else {
            throw UsageFailure(code: "IMPORT-RUN-NOT-FOUND", message: "no import run \(id); 'oilcat import runs' lists them")
        }
        let report = ImportReport.stored(in: run)
        if output.json { return try Output.json(RunDetail(run: ImportRunSummary(run), report: report)) }
        Output.line(Self.line(run))
        if let report { Output.line(ImportReportText.render(report)) }
    }

    /// One run on one line; text from the database is made one clean line first.
    static func line(_ run: ImportRunRecord) -> String {
        var text = "#\(run.id ?? 0)  \(DateText.short(run.startedAt))  \(run.supplierId)  \(run.status.rawValue)"
        if run.status != .failed || run.recordsRead > 0 {
            text += "  read \(run.recordsRead): +\(run.added) ~\(run.changed) -\(run.removed), \(run.rejected) rejected"
        }
        if let error = run.error { text += "  — " + TextHygiene.singleLine(error) }
        return text
    }

    struct RunDetail: Encodable {
        var run: ImportRunSummary
        var report: ImportReport?
    }
}
