import CatalogueCore
import CatalogueStore
import Foundation
import ImporterAPI
import StoreInterface

/// The body of one run, inside its transaction: every record classified and applied, then removals.
struct RunApplication {
    let request: ImportRequest
    let supplier: SupplierRecord
    let runId: Int64
    let startedAt: Date
    var report: ImportReport
    let recordCounter = RecordCounter()
    private let taxonomy: Taxonomy
    /// Prepares what the feed's thread did not.
    private var preparer: RecordPreparer
    private let demand = ResolutionDemand()
    /// Records since the last report to ``demand``, and how many of them needed their list resolved.
    private var window = (records: 0, resolved: 0)
    /// Product ids seen in this feed (bit per id): removal candidates are the active products not seen.
    private var seen = ProductIDSet()
    /// How many of the products active before the run the feed has named so far (each is seen once: a second
    /// mention is a duplicate). The rest are the absent ones.
    private var seenActive = 0
    /// Whether the supplier had no product at all before this run (a first import): an added record then needs no
    /// look-up, since the only product it could match is one this run added — which the insert itself detects.
    private var firstImport = false
    private var valid = 0
    /// Rejected records with no key to tell which product they were (a line that could not be read, an item with no
    /// id), and the first of them: with any, the products a full snapshot leaves out are marked stale, not
    /// discontinued, since any of them may be one of those records.
    private var unattributed = 0
    private var firstUnattributed: RecordDiagnostic?
    /// The keys a dry run added: a real run's insert finds a key met twice, a dry run looks here.
    private var dryRunKeys = DryRunKeys()
    /// The products a dry run moved to a new key (``takeOver(formerKeys:newKey:position:writer:)``), by that key, and
    /// the keys they left (`nil`): a real run's rekey changes what later records find, and a dry run must find the same.
    private var dryRunMoves: [String: StoredProduct?] = [:]
    /// Reformulated products: the version before, and the new resolution (kept for the affected-clients check).
    private(set) var reformulations: [Reformulation] = []

    struct Reformulation {
        var productID: Int64
        var reference: String
        var name: String
        var previousFormulationID: Int64?
        var version: Int
        var resolution: ResolvedFormulation
        var hasIngredientList: Bool
    }
    private var feedKind: FeedKind

    init(
        request: ImportRequest, supplier: SupplierRecord, runId: Int64, taxonomy: Taxonomy, startedAt: Date,
        report: ImportReport, aliases: LabelAliases = .none
    ) {
        self.request = request
        self.supplier = supplier
        self.runId = runId
        self.startedAt = startedAt
        self.report = report
        self.taxonomy = taxonomy
        self.preparer = RecordPreparer(
            normaliser: RecordNormaliser(defaultCurrency: supplier.currency), resolver: IngredientResolver(taxonomy: taxonomy, aliases: aliases),
            storing: !request.dryRun, demand: demand
        )
        self.feedKind = .fullSnapshot
    }

    /// Reads the feed on a thread of its own (parse, validation, hashes when the run needs them, resolution) and applies its records here,
    /// in feed order, as they arrive.
    mutating func apply(importer: any FeedImporter, source: any FeedByteSource, context: FeedContext, writer: any ImportWriter) throws {
        let activeBefore = try writer.activeCount(supplier: supplier.id)
        firstImport = try !writer.hasProducts(supplier: supplier.id)
        // Before the feed's thread takes its copy of the preparer.
        preparer.hashing = !request.dryRun || !firstImport
        let readAhead = startReading(importer: importer, source: source, context: context, batchSize: writer.recordsPerBatch)
        defer { readAhead.stop() }
        let prefetching = writer.wantsPrefetch
        while var batch = try readAhead.next() {
            if prefetching { try writer.prefetch(supplier: supplier.id, skus: Self.keys(in: batch)) }
            for index in batch.indices {
                // Moved out of the batch, a payload-free event left in its place: a copy would retain every field
                // of the record, and the batch's release undo it.
                var event = PreparedEvent.kind(.fullSnapshot)
                swap(&event, &batch[index])
                switch consume event {
                case .kind(let kind):
                    feedKind = kind
                case .record(let record):
                    report.counts.read += 1
                    try apply(preparer.prepare(record, resolving: false), writer: writer)
                case .prepared(let record):
                    report.counts.read += 1
                    try apply(record, writer: writer)
                case .rejected(let diagnostic):
                    report.counts.read += 1
                    try markStale(after: diagnostic, writer: writer)
                    try reject(diagnostic)
                case .warning(let diagnostic):
                    report.note(diagnostic, in: \.warnings)
                }
            }
            if window.records >= 1_024 {
                demand.note(needed: window.resolved, of: window.records)
                window = (0, 0)
            }
        }
        report.feedKind = feedKind
        try checkRejectedShare()
        guard valid > 0 else {
            throw ImportError(
                code: report.counts.read == 0 ? "IMPORT-EMPTY-FEED" : "IMPORT-NO-VALID-RECORDS",
                message: report.counts.read == 0
                    ? "the feed holds no products; nothing was changed (an empty feed never wipes a catalogue)"
                    : "none of the feed's \(report.counts.read) records is valid; nothing was changed"
            )
        }
        if feedKind == .fullSnapshot { try removeAbsent(writer: writer, activeBefore: activeBefore) }
    }

    /// The keys a batch's records will be looked up by: their SKUs and former keys, and the SKUs of rejected records
    /// (a product may be marked stale). A record not yet validated gives its keys as the normaliser will read them.
    private static func keys(in batch: [PreparedEvent]) -> [String] {
        var keys: [String] = []
        keys.reserveCapacity(batch.count)
        for event in batch {
            switch event {
            case .record(let record):
                if let sku = try? ProductFieldRules.sku(record.sku).get() { keys.append(sku) }
                for former in record.formerKeys ?? [] { if let key = try? ProductFieldRules.sku(former).get() { keys.append(key) } }
            case .prepared(let record):
                switch record.normalised {
                case .success(let normalised): keys.append(normalised.sku); keys += normalised.formerKeys
                case .failure(let diagnostic): if let sku = diagnostic.sku { keys.append(sku) }
                }
            case .rejected(let diagnostic):
                if let sku = diagnostic.sku { keys.append(sku) }
            case .kind, .warning:
                break
            }
        }
        return keys
    }

    /// Starts the feed's thread. The source passes to it: this side does not touch the source again, and
    /// ``FeedReadAhead/stop()`` waits for that thread before the caller closes it.
    private func startReading(
        importer: any FeedImporter, source: any FeedByteSource, context: FeedContext, batchSize: Int
    ) -> FeedReadAhead<PreparedEvent> {
        nonisolated(unsafe) let source = source
        let (preparer, counter) = (preparer, recordCounter)
        return FeedReadAhead(name: "oilcat-feed-reader", batchSize: batchSize) { sink in
            var preparer = preparer
            try importer.read(source, context: context) { event in
                let prepared = preparer.prepare(event, callerIsBehind: sink.callerIsBehind)
                if prepared.isRecord { counter.increment() }
                try sink.send(consume prepared)
            }
        }
    }

    private mutating func reject(_ diagnostic: RecordDiagnostic) throws {
        report.counts.rejected += 1
        if diagnostic.sku == nil {
            unattributed += 1
            if firstUnattributed == nil { firstUnattributed = diagnostic }
        }
        report.note(diagnostic, in: \.rejected)
        if let maxErrors = request.maxErrors, report.counts.rejected > maxErrors {
            throw ImportError(
                code: "IMPORT-TOO-MANY-REJECTIONS",
                message: "\(report.counts.rejected) record(s) rejected, more than --max-errors \(maxErrors); "
                    + "nothing was changed. First: \(report.rejected.first?.description ?? diagnostic.description)"
            )
        }
    }

    /// The share of rejected records against the percentage limit, once the whole feed is read. A run with no
    /// rejection always passes.
    private func checkRejectedShare() throws {
        let rejected = report.counts.rejected
        guard rejected > 0, let limit = request.effectiveMaxRejectedPercent else { return }
        let share = Double(rejected) * 100 / Double(max(1, report.counts.read))
        guard share > limit else { return }
        let given = request.maxRejectedPercent == nil ? " (the default; set another with --max-rejected-percent or --max-errors)" : ""
        throw ImportError(
            code: "IMPORT-TOO-MANY-REJECTIONS",
            message: "\(rejected) of \(report.counts.read) records rejected (\(Self.percent(share)) %), more than "
                + "--max-rejected-percent \(Self.percent(limit))\(given); nothing was changed. "
                + "First: \(report.rejected.first?.description ?? "")"
        )
    }

    /// A percentage for messages: "5", "12.5".
    private static func percent(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    private mutating func apply(_ record: PreparedRecord, writer: any ImportWriter) throws {
        let normalised: RecordNormaliser.Normalised
        switch record.normalised {
        case .success(let value): normalised = value
        case .failure(let diagnostic):
            try markStale(after: diagnostic, writer: writer)
            return try reject(diagnostic)
        }
        for warning in normalised.warnings { report.note(warning, in: \.warnings) }
        let sku = normalised.sku
        var stored = firstImport && record.action == .upsert ? nil : try find(sku, writer: writer)
        // A key this dry run added already is a duplicate, as a real run's insert (or look-up) would find it.
        if stored == nil, request.dryRun, record.action == .upsert, try !dryRunKeys.insert(sku, writer: writer) {
            return try reject(duplicate(record, sku))
        }
        if stored == nil, !firstImport, record.action == .upsert {
            stored = try takeOver(formerKeys: normalised.formerKeys, newKey: sku, position: record.position, writer: writer)
        }
        if let stored, seen.contains(stored.id) {
            return try reject(duplicate(record, sku))
        }
        valid += 1
        switch record.action {
        case .delete:
            guard let stored, stored.isActive else {
                report.note(
                    RecordDiagnostic(position: record.position, sku: sku, code: "delete-unknown", reason: "no active product with this SKU to delete"),
                    in: \.warnings
                )
                return
            }
            markSeen(stored)
            if !request.dryRun { try writer.discontinue(id: stored.id) }
            report.counts.removed += 1
            report.note(sku, in: \.removed)
        case .updatePrice:
            guard let stored, var data = try writer.data(of: stored.id) else {
                return try reject(
                    RecordDiagnostic(
                        position: record.position, sku: sku, field: "sku", rawValue: sku, code: "unknown-sku",
                        reason: "a price update for a product the catalogue does not have"
                    )
                )
            }
            markSeen(stored)
            data.price = normalised.data.price
            data.currency = normalised.data.currency
            let hash = Hashing.contentHash(of: data, ingredientHash: stored.ingredientHash ?? "")
            if hash == stored.contentHash {
                report.counts.unchanged += 1
            } else {
                if !request.dryRun { try writer.updatePrice(id: stored.id, price: data.price, currency: data.currency, contentHash: hash) }
                report.counts.changed += 1
                report.note(ImportReport.Change(sku: sku, fields: ["price"]), in: \.changed)
            }
        case .upsert:
            try upsert(normalised, record: record, stored: stored, writer: writer)
        }
    }

    private mutating func upsert(
        _ normalised: RecordNormaliser.Normalised, record: PreparedRecord, stored: StoredProduct?, writer: any ImportWriter
    ) throws {
        window.records += 1
        if let stored {
            let hashes = record.hashes ?? RecordHashes(of: normalised)
            let (ingredientHash, hash) = (hashes.ingredients, hashes.content)
            markSeen(stored)
            if stored.contentHash == hash && stored.isActive && !stored.isStale {
                report.counts.unchanged += 1
                return
            }
            var fields = normalised.data.changedFields(from: try writer.data(of: stored.id) ?? normalised.data)
            if !stored.isActive { fields.append("status") }
            if stored.isStale {
                // A good record: the product is current again.
                fields.append("stale")
                if !request.dryRun { try writer.clearStale(id: stored.id) }
            }
            let reformulated = stored.ingredientHash != ingredientHash
            if reformulated {
                fields.append("ingredients")
                report.counts.reformulated += 1
            }
            if reformulated {
                let resolution = resolution(of: normalised, ahead: record.resolution)
                note(resolution, of: normalised)
                if reformulations.count < 20_000 {
                    reformulations.append(Reformulation(
                        productID: stored.id, reference: "\(supplier.id):\(normalised.sku)", name: normalised.data.name,
                        previousFormulationID: stored.currentFormulationId, version: (stored.version ?? 0) + 1,
                        resolution: resolution.resolved, hasIngredientList: normalised.ingredients != nil
                    ))
                }
                if !request.dryRun {
                    try writer.update(id: stored.id, data: normalised.data, contentHash: hash)
                    _ = try writer.addFormulation(
                        productId: stored.id, version: (stored.version ?? 0) + 1,
                        NewFormulation(
                            text: normalised.ingredients, ingredientHash: ingredientHash,
                            resolution: resolution.storage(in: taxonomy), runId: runId
                        )
                    )
                }
            } else if !request.dryRun {
                try writer.update(id: stored.id, data: normalised.data, contentHash: hash)
            }
            report.counts.changed += 1
            report.note(ImportReport.Change(sku: normalised.sku, fields: fields), in: \.changed)
        } else {
            let resolution = resolution(of: normalised, ahead: record.resolution)
            if !request.dryRun {
                let hashes = record.hashes ?? RecordHashes(of: normalised)
                let id = try writer.insert(
                    supplier: supplier.id, sku: normalised.sku, data: normalised.data, contentHash: hashes.content,
                    formulation: NewFormulation(
                        text: normalised.ingredients, ingredientHash: hashes.ingredients,
                        resolution: resolution.storage(in: taxonomy), runId: runId
                    )
                )
                guard let id else {
                    // Added earlier in this run (a first import does not look products up).
                    valid -= 1
                    return try reject(duplicate(record, normalised.sku))
                }
                seen.insert(id)
            }
            note(resolution, of: normalised)
            report.counts.added += 1
            report.note(normalised.sku, in: \.added)
        }
    }

    /// A rejected record of a product the catalogue has: the product keeps its last good version but is marked stale
    /// with the reason (the suitability engine then answers unknown for it), and it is not discontinued for being
    /// absent from a full snapshot.
    private mutating func markStale(after diagnostic: RecordDiagnostic, writer: any ImportWriter) throws {
        guard !firstImport, let sku = diagnostic.sku, let stored = try find(sku, writer: writer),
            stored.isActive, !seen.contains(stored.id)
        else { return }
        markSeen(stored)
        // The diagnostic quotes the feed's value: kept to one clean line (no control character, NUL included).
        let reason = TextHygiene.singleLine(
            "the supplier's latest record was rejected on \(Self.day(startedAt)): \(diagnostic.description); "
                + "the ingredient list may be out of date"
        )
        if !request.dryRun { try writer.markStale(id: stored.id, reason: reason) }
        report.noteStale(sku)
    }

    /// A day as 2026-11-30 (UTC).
    private static func day(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: date)
    }

    /// The product stored under one of a record's former keys, moved to its new key so its history stays with it:
    /// the first record of the run naming that key takes it (a SKU shared by several variants moves once).
    private mutating func takeOver(
        formerKeys: [String], newKey: String, position: RecordPosition, writer: any ImportWriter
    ) throws -> StoredProduct? {
        for key in formerKeys {
            // Taken by an earlier record of this run when seen (the upsert marks it).
            guard let old = try find(key, writer: writer), !seen.contains(old.id) else { continue }
            if request.dryRun {
                dryRunMoves[newKey] = old
                dryRunMoves[key] = .some(nil)
            } else {
                try writer.rekey(id: old.id, to: newKey)
            }
            report.note(RecordDiagnostic(
                position: position, sku: newKey, field: "sku", rawValue: key, code: "rekeyed",
                reason: "the product stored as '\(key)' now has the key '\(newKey)', with its history"
            ), in: \.warnings)
            return old
        }
        return nil
    }

    /// The product stored under `sku`, as this run has left it so far.
    private func find(_ sku: String, writer: any ImportWriter) throws -> StoredProduct? {
        if request.dryRun, let moved = dryRunMoves[sku] { return moved }
        return try writer.find(supplier: supplier.id, sku: sku)
    }

    private mutating func markSeen(_ stored: StoredProduct) {
        seen.insert(stored.id)
        if stored.isActive { seenActive += 1 }
    }

    /// The ingredient list's resolution: made ahead by the feed's thread, or now.
    private mutating func resolution(of normalised: RecordNormaliser.Normalised, ahead: PreparedResolution?) -> PreparedResolution {
        window.resolved += 1
        return ahead ?? preparer.resolve(normalised.ingredients)
    }

    /// Notes unresolved names and a missing list in the report.
    private mutating func note(_ resolution: PreparedResolution, of normalised: RecordNormaliser.Normalised) {
        if normalised.ingredients == nil {
            report.counts.withoutIngredients += 1
        } else if resolution.resolved.hasUnresolved {
            report.counts.withUnresolvedIngredients += 1
            report.note(ImportReport.Unresolved(sku: normalised.sku, names: resolution.resolved.unresolved), in: \.unresolved)
        }
    }

    private func duplicate(_ record: PreparedRecord, _ sku: String) -> RecordDiagnostic {
        RecordDiagnostic(
            position: record.position, sku: sku, field: "sku", rawValue: sku, code: "duplicate-sku",
            reason: "the SKU appears earlier in the same feed"
        )
    }

    /// A full snapshot removes (discontinues) the active products it no longer lists — unless that is more than half
    /// of them and the run did not allow it.
    private mutating func removeAbsent(writer: any ImportWriter, activeBefore: Int) throws {
        // The absent products are the active ones the feed did not name: known by count without reading the table,
        // so a feed that lists them all (a first import, most re-imports) costs no scan, and the guard needs none.
        let absentCount = activeBefore - seenActive
        guard absentCount > 0 else { return }
        if let first = firstUnattributed { return try markAbsentStale(after: first, writer: writer) }
        if absentCount * 2 > activeBefore && !request.allowLargeRemoval {
            let percent = absentCount * 100 / activeBefore
            throw ImportError(
                code: "IMPORT-LARGE-REMOVAL",
                message: "the feed would remove \(absentCount) of \(activeBefore) active products (\(percent) %) of "
                    + "supplier '\(supplier.id)'; nothing was changed. If that is intended, run again with --allow-large-removal"
            )
        }
        let absent = try absentProducts(writer: writer)
        if !request.dryRun {
            for id in absent.ids.members { try writer.discontinue(id: id) }
        }
        report.counts.removed += absent.count
        for sku in absent.skus { report.note(sku, in: \.removed) }
    }

    /// The active products the feed did not name: ids as bits, never as a list (the scan streams), how many, and the
    /// first keys for the report.
    private func absentProducts(writer: any ImportWriter) throws -> (ids: ProductIDSet, count: Int, skus: [String]) {
        var ids = ProductIDSet()
        var count = 0
        var skus: [String] = []
        let seen = self.seen
        try writer.forEachActiveProduct(supplier: supplier.id) { id, sku in
            guard !seen.contains(id) else { return }
            ids.insert(id)
            count += 1
            if skus.count < ImportReport.listLimit { skus.append(sku) }
        }
        return (ids, count, skus)
    }

    /// The products a full snapshot left out, when some of its records could not be told apart: each may be one of
    /// them, so none is discontinued; each is marked stale with the reason (unknown for every client) until a feed
    /// that lists it, or leaves it out with every record readable, says what became of it.
    private mutating func markAbsentStale(after first: RecordDiagnostic, writer: any ImportWriter) throws {
        let others = unattributed > 1 ? " and \(unattributed - 1) more like it" : ""
        let reason = TextHygiene.singleLine(
            "the supplier's latest feed (\(Self.day(startedAt))) left this product out but has a record that "
                + "cannot be told apart (\(first.description)\(others)); it may be this product, whose ingredient list may "
                + "then be out of date"
        )
        let absent = try absentProducts(writer: writer)
        if !request.dryRun {
            for id in absent.ids.members { try writer.markStale(id: id, reason: reason) }
        }
        for sku in absent.skus { report.noteStale(sku) }
        report.note(
            RecordDiagnostic(
                position: first.position, code: "absent-kept",
                reason: "\(absent.count) product(s) the feed left out were marked stale, not discontinued: "
                    + "\(unattributed) record(s) could not be told apart"
            ),
            in: \.warnings
        )
    }
}

/// Product ids as bits (1 million ids in 125 KB), on the core's ``OrdinalSet``.
struct ProductIDSet {
    private var bits = OrdinalSet()

    mutating func insert(_ id: Int64) { if id >= 0 { bits.insert(Int(id)) } }
    func contains(_ id: Int64) -> Bool { id >= 0 && bits.contains(Int(id)) }
    var members: [Int64] { bits.members.map(Int64.init) }
}
