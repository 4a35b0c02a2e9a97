import ArgumentParser
import CatalogueStore
import OilCatalogue

/// `oilcat catalogue reread [--supplier ID] [--dry-run] [--json]`: every product read again against the reference
/// data as it is now.
struct RereadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reread",
        abstract: "Read every product's ingredient list again against the current reference data.",
        discussion: """
            Run it after updating the reference data (a new OilCatalogue release, an edited Catalogue folder): a \
            name the data has learnt, or an allergen a label now declares, then reaches the products already in \
            the catalogue at once. A product whose reading changes keeps its formulation (patch tests still point \
            at it); its stored reading is replaced, and the clients whose verdicts change are listed. Imports, the \
            server and the clinical commands do the same by themselves when the reference data changed; data the \
            catalogue has already moved on from is refused.

            Examples:
              oilcat catalogue reread --dry-run
              oilcat catalogue reread --supplier naturalis --json
            """
    )

    @Option(help: "Only this supplier's products.")
    var supplier: String?

    @Flag(name: .long, help: "Say what would change, and change nothing.")
    var dryRun = false

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let (taxonomy, fingerprint) = try global.taxonomyWithFingerprint()
        let database = try await global.store()
        if let supplier, try await database.supplier(id: supplier) == nil {
            throw UsageFailure(
                code: "CLI-UNKNOWN-SUPPLIER", message: try await UnknownSupplier.message(supplier, in: database, otherwise: "see 'oilcat supplier list'")
            )
        }
        // One supplier read with other data than the rest would leave the catalogue read two ways: when the
        // catalogue was read with other data, every supplier is read, and the whole outcome shown.
        var only = supplier
        if only != nil, !dryRun, try await database.catalogueReadWith() != fingerprint {
            Output.error("oilcat: the catalogue was read with other reference data: every supplier is read again, not only '\(only!)'")
            only = nil
        }
        // Asked for by hand, going back to data the catalogue moved on from (an edit undone) is allowed, and said.
        if try await database.catalogueReadWith() != fingerprint, let since = try await database.catalogueFirstRead(with: fingerprint) {
            Output.error("oilcat: this reference data was replaced since (first read with on \(DateText.short(since))); the catalogue is read back to it")
        }
        // A reading of every supplier stores the reference data's fingerprint, so nothing reads the catalogue again.
        // Asked for by hand, it always reads (only `unlessCurrent` makes it skip, and give no outcome).
        guard let outcome = try await ReferenceDataReread.run(
            database: database, taxonomy: taxonomy, supplier: only, dryRun: dryRun,
            readWith: only == nil && !dryRun ? fingerprint : nil, actor: Actor.current
        ) else { return }
        if output.json { return try Output.json(outcome) }
        let verb = dryRun ? "would read differently" : "read differently, their readings replaced"
        Output.line("\(outcome.read) product\(outcome.read == 1 ? "" : "s") read again; \(outcome.changed) \(verb)"
            + (outcome.products.isEmpty ? "" : ": " + outcome.products.prefix(10).joined(separator: ", ")
                + (outcome.changed > 10 ? ", …" : "")))
        for change in outcome.changes.prefix(50) {
            Output.line("  \(change.clientName) (client \(change.client)): \(change.product) \(change.previousStatus) → \(change.status)")
            for reason in change.reasons { Output.line("    \(reason)") }
        }
        if outcome.changedVerdicts > 50 { Output.line("  … and \(outcome.changedVerdicts - 50) more verdict changes (--json lists \(ReferenceDataReread.listLimit))") }
        if dryRun { Output.line("dry run: nothing was changed") }
    }
}
