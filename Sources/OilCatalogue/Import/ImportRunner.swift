public import CatalogueCore
import CatalogueStore
import PostgresStore
import Foundation
public import ImporterAPI
public import StoreInterface

/// Runs one import: reads the feed through its plugin, validates, resolves and tags every record, detects changes
/// by content hash, and applies the whole run in one transaction — readers see the previous catalogue or the new
/// one, never a mix. The run's report is stored outside that transaction, so a failed run still leaves it.
public struct ImportRunner {
    public let database: any ClinicStore
    public let taxonomy: Taxonomy
    /// A hash of the reference data, so an unchanged feed is parsed again when the taxonomy changed.
    public let taxonomyFingerprint: String
    public let registry: ImporterRegistry
    /// Called now and then while records are read.
    public var progress: (@Sendable (ImportProgress) -> Void)?
    /// Whether the run reads the whole catalogue again when the reference data changed since it was last read
    /// (``ReferenceDataReread/ensureCurrent(database:taxonomy:fingerprint:actor:now:)``). A server that started with
    /// its data sets `false`: its runs then refuse (`REFERENCE-DATA-CHANGED`) rather than read the catalogue back to
    /// older data.
    public var readsCatalogueAgain = true

    public init(
        database: any ClinicStore, taxonomy: Taxonomy, taxonomyFingerprint: String,
        registry: ImporterRegistry = BuiltInImporters.registry
    ) {
        self.database = database
        self.taxonomy = taxonomy
        self.taxonomyFingerprint = taxonomyFingerprint
        self.registry = registry
    }

    /// Version of the pipeline's own rules; part of the fingerprint.
    static let pipelineVersion = "2"

    /// Runs the import.
    /// - Returns: the report of a run that succeeded, was unchanged, or was a dry run.
    /// - Throws: ``ImportError`` (with the stored report when the run got that far).
    public func run(_ request: ImportRequest) async throws(ImportError) -> ImportReport {
        do {
            return try await runOrThrow(request)
        } catch let error as ImportError {
            throw error
        } catch let error as any CodedError {
            throw ImportError(code: error.code, message: error.message)
        } catch {
            throw ImportError(code: "IMPORT-FAILED", message: "\(error)")
        }
    }

    private func runOrThrow(_ request: ImportRequest) async throws -> ImportReport {
        guard let supplier = try await database.supplier(id: request.supplier) else {
            throw ImportError(
                code: "IMPORT-UNKNOWN-SUPPLIER",
                message: try await UnknownSupplier.message(
                    request.supplier, in: database, otherwise: "add it with 'oilcat supplier add \(request.supplier) --format …'"
                )
            )
        }
        // A run that fails before it starts (no feed file, a refused download, a feed too large, no importer) is
        // recorded as a failed run too, so 'oilcat import runs --failed' and the admin page show it.
        func recordingFailure<T>(_ body: () throws -> T) async throws -> T {
            do { return try body() } catch { throw await recordedEarlyFailure(error, supplier: supplier, request: request) }
        }
        let feed = try await recordingFailure {
            try FeedLocation.open(
                request.feed ?? supplier.source, supplier: supplier, maxBytes: request.maxFeedBytes, database: database
            )
        }
        defer { feed.cleanUp() }
        let bytes = try await recordingFailure {
            let bytes = try Self.size(of: feed.localPath)
            guard bytes <= request.maxFeedBytes else {
                throw FeedSizeLimit.exceeded(by: feed.displayName, limit: request.maxFeedBytes)
            }
            return bytes
        }
        try await recordingFailure {
            guard !request.dryRun, request.archiveFolderMustExist, let folder = request.archiveFolder else { return }
            guard FeedArchiveLocation.isFolder(folder) else {
                throw ImportError(
                    code: "IMPORT-ARCHIVE",
                    message: "the feed archive folder \(folder.path) does not exist or is not a folder; create it, or name "
                        + "another with --feeds or OILCAT_FEEDS (a run that cannot archive its feed changes nothing)"
                )
            }
        }
        let importer = try await recordingFailure { try chooseImporter(for: supplier, feed: feed) }
        let mapping = try await recordingFailure { try supplier.mapping.map(Self.decodeMapping) }
        // The hash is taken alongside the parse; the run waits for it only where it decides something.
        let digest = FeedDigest(hashing: feed.localPath)
        let fingerprint = fingerprint(importer: importer.descriptor.identifier, supplier: supplier)

        let started = Date()
        var report = ImportReport(
            supplier: supplier.id, source: feed.displayName, format: importer.descriptor.identifier,
            dryRun: request.dryRun, startedAt: started
        )
        report.bytes = bytes
        var run = ImportRunRecord(
            supplierId: supplier.id, source: feed.displayName, format: importer.descriptor.identifier,
            dryRun: request.dryRun, startedAt: started
        )
        run.fingerprint = fingerprint
        run.bytes = bytes
        try await database.beginImportRun(&run)
        let runId = run.id!
        report.runId = runId

        do {
            try await database.acquireImportLock(supplier: supplier.id, runId: runId)
        } catch let locked as ImportLockedError {
            let message = "supplier '\(supplier.id)' is being imported by run \(locked.lock.runId) "
                + "(\(locked.lock.holder), since \(locked.lock.acquiredAt)); wait for it to finish"
            report.status = "failed"
            report.error = message
            report.errorCode = "IMPORT-LOCKED"
            report = try await finish(&run, report: report, digest: digest)
            throw ImportError(code: "IMPORT-LOCKED", message: message, report: report)
        }
        // The lock is let go however the run ends.
        do {
            let outcome = try await runHoldingLock(
                request, supplier: supplier, feed: feed, bytes: bytes, importer: importer, mapping: mapping, digest: digest,
                fingerprint: fingerprint, started: started, run: &run, report: report
            )
            try? await database.releaseImportLock(supplier: supplier.id, runId: runId)
            return outcome
        } catch {
            try? await database.releaseImportLock(supplier: supplier.id, runId: runId)
            throw error
        }
    }

    /// The run once it holds its supplier's import lock.
    private func runHoldingLock(
        _ request: ImportRequest, supplier: SupplierRecord, feed: FeedLocation, bytes: Int64, importer: any FeedImporter,
        mapping: FeedMapping?, digest: FeedDigest, fingerprint: String, started: Date, run: inout ImportRunRecord,
        report: ImportReport
    ) async throws -> ImportReport {
        var report = report
        let runId = run.id!
        // The reference data changed since the catalogue was last read: every product (of every supplier, whatever
        // this run does to it) is read again first, so none keeps a reading older than the data. A runner that may
        // not (a server started with older data) refuses instead.
        do {
            if !readsCatalogueAgain {
                try await ReferenceDataReread.requireCurrent(database: database, fingerprint: taxonomyFingerprint)
            } else if !request.dryRun {
                report.reread = try await ReferenceDataReread.ensureCurrent(
                    database: database, taxonomy: taxonomy, fingerprint: taxonomyFingerprint, actor: request.actor, now: started
                )
            }
        } catch {
            let failure = Self.describe(error, feed: feed.displayName)
            let message = error is ReferenceDataChanged
                ? failure.message : "reading the catalogue again with the changed reference data failed: \(failure.message)"
            report.status = "failed"
            report.error = message
            report.errorCode = failure.code
            report = try await finish(&run, report: report, digest: digest)
            throw ImportError(code: failure.code, message: message, report: report)
        }

        let unchangedFeed = request.dryRun
            ? false : try await isUnchanged(supplier: supplier.id, bytes: bytes, digest: digest, fingerprint: fingerprint)
        if feed.notModified || unchangedFeed {
            report.status = "unchanged"
            report.counts.unchanged = try await database.activeProductCount(supplier: supplier.id)
            return try await finish(&run, report: report, digest: digest)
        }

        // Every feed a run applies (or fails to) is archived, copied while the run parses; a run that cannot archive
        // its feed does not commit.
        var archiving: BackgroundWork<String>?
        if let folder = request.archiveFolder, !request.dryRun {
            let path = feed.localPath
            let supplierID = supplier.id
            archiving = BackgroundWork(name: "oilcat feed archive") {
                try FeedArchive.store(path, supplier: supplierID, sha256: try digest.value().hex, in: folder, at: started)
            }
        }

        var application = RunApplication(
            request: request, supplier: supplier, runId: runId, taxonomy: taxonomy, startedAt: started,
            report: report, aliases: try await database.resolverAliases()
        )
        do {
            let source = try FileFeedSource(path: feed.localPath)
            let clock = ContinuousClock()
            let began = clock.now
            var lastProgress = began
            if let progress {
                let counter = application.recordCounter
                source.onRead = { read in
                    let now = clock.now
                    guard now - lastProgress > .milliseconds(100) else { return }
                    lastProgress = now
                    progress(ImportProgress(records: counter.value, bytes: read, totalBytes: bytes, elapsed: now - began))
                }
            }
            let context = FeedContext(
                documentName: feed.displayName, mapping: mapping, maxInputBytes: Int(clamping: request.maxFeedBytes)
            )
            var archivePath: String?
            try await database.withImportTransaction(now: started) { writer in
                try application.apply(importer: importer, source: source, context: context, writer: writer)
                if request.dryRun { return .rollback }
                archivePath = try archiving?.value()
                return .commit
            }
            report = application.report
            report.archivePath = archivePath
            report.status = request.dryRun ? "dry-run" : "succeeded"
            // Committed: what follows cannot undo the run, and a failure of it does not make the run a failed one.
            do {
                try await AffectedClients.note(application.reformulations, in: &report, database: database, taxonomy: taxonomy, now: started)
            } catch {
                report.affectedUnknown = true
                report.afterCommit = (report.afterCommit ?? []) + [
                    "the clients affected by reformulations could not be listed (\(error)); check the clients with patch tests of the changed products"
                ]
            }
            if !request.dryRun, let validators = feed.validators, let fetched = request.feed ?? supplier.source {
                do {
                    try await database.storeFeedValidators(
                        supplier: supplier.id, source: fetched, etag: validators.etag, lastModified: validators.lastModified
                    )
                } catch {
                    report.afterCommit = (report.afterCommit ?? []) + ["the download's validators could not be kept (the next run downloads in full): \(error)"]
                }
            }
            return try await finish(&run, report: report, digest: digest)
        } catch {
            report = application.report
            report.archivePath = try? archiving?.value()
            report.status = "failed"
            let failure = Self.describe(error, feed: feed.displayName)
            report.error = failure.message
            report.errorCode = failure.code
            report = try await finish(&run, report: report, digest: digest)
            throw ImportError(code: failure.code, message: failure.message, report: report)
        }
    }

    /// What the run's reading of a feed depends on besides the feed: the pipeline, the importer, the supplier's
    /// mapping and currency, and the reference data. A run whose fingerprint equals the last applied run's, on the
    /// same feed bytes, has nothing to do.
    private func fingerprint(importer: String, supplier: SupplierRecord) -> String {
        Hashing.sha256(
            [Self.pipelineVersion, importer, supplier.mapping ?? "", supplier.currency ?? "", taxonomyFingerprint]
                .joined(separator: "\u{1E}")
        )
    }

    private func chooseImporter(for supplier: SupplierRecord, feed: FeedLocation) throws -> any FeedImporter {
        if supplier.format != "auto" {
            if let importer = registry.importer(forFormat: supplier.format) { return importer }
            if let external = ExternalImporter.find(name: supplier.format) { return external }
            throw ImportError(
                code: "IMPORT-UNKNOWN-FORMAT",
                message: "supplier '\(supplier.id)' has format '\(supplier.format)', which no importer reads; "
                    + "known formats: \(registry.formatNames.joined(separator: ", ")), or an oilcat-import-NAME plugin"
            )
        }
        let head = FeedHead(bytes: try feed.head(), name: feed.displayName)
        guard let importer = registry.recognise(head) else {
            throw ImportError(
                code: "IMPORT-UNRECOGNISED",
                message: "cannot tell the format of \(feed.displayName); set it with 'oilcat supplier add \(supplier.id) --format …'"
            )
        }
        return importer
    }

    static func decodeMapping(_ json: String) throws -> FeedMapping {
        do {
            return try JSONDecoder().decode(FeedMapping.self, from: Data(json.utf8))
        } catch {
            throw ImportError(code: "IMPORT-BAD-MAPPING", message: "the supplier's stored mapping cannot be read: \(error)")
        }
    }

    /// Whether the feed is the one the supplier's last applied run read, through the same pipeline. A feed of
    /// another size has changed: the hash is then not waited for.
    private func isUnchanged(supplier: String, bytes: Int64, digest: FeedDigest, fingerprint: String) async throws -> Bool {
        guard
            let last = try await database.lastAppliedImportRun(supplier: supplier),
            last.fingerprint == fingerprint, last.bytes == bytes
        else { return false }
        return try last.feedSHA256 == digest.value().hex
    }

    /// The size of the feed file.
    private static func size(of path: String) throws -> Int64 {
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            return (attributes[.size] as? NSNumber)?.int64Value ?? 0
        } catch {
            throw ImportError(code: "IMPORT-FEED-UNREADABLE", message: "cannot read the feed \(path): \(error.localizedDescription)")
        }
    }

    /// Stores the run's outcome and report (its own transaction) and returns the finished report.
    @discardableResult
    private func finish(_ run: inout ImportRunRecord, report: ImportReport, digest: FeedDigest) async throws -> ImportReport {
        var report = report
        // A feed that could not be read to the end has no hash; the run's error says why.
        report.feedSHA256 = try? digest.value().hex
        run.feedSHA256 = report.feedSHA256
        report.finishedAt = Date()
        report.seconds = report.finishedAt!.timeIntervalSince(report.startedAt)
        run.status = ImportRunRecord.Status(rawValue: report.status) ?? .failed
        run.feedKind = report.feedKind?.rawValue
        run.archivePath = report.archivePath
        run.recordsRead = report.counts.read
        run.added = report.counts.added
        run.changed = report.counts.changed
        run.unchanged = report.counts.unchanged
        run.removed = report.counts.removed
        run.rejected = report.counts.rejected
        run.error = report.error
        run.finishedAt = report.finishedAt
        run.report = try report.storedJSON()
        try await database.finishImportRun(&run, auditDetail: Self.auditDetail(run))
        return report
    }

    /// Records a run that failed before it could start as a failed run with its report, and returns the error to
    /// throw, carrying that report. A database that cannot take the record leaves the original error.
    private func recordedEarlyFailure(_ error: any Error, supplier: SupplierRecord, request: ImportRequest) async -> ImportError {
        let source = request.feed ?? supplier.source ?? "(no source)"
        let (code, message) = Self.describe(error, feed: source)
        let now = Date()
        var report = ImportReport(supplier: supplier.id, source: source, format: supplier.format, dryRun: request.dryRun, startedAt: now)
        report.status = "failed"
        report.error = message
        report.errorCode = code
        report.finishedAt = now
        report.seconds = 0
        var run = ImportRunRecord(supplierId: supplier.id, source: source, format: supplier.format, dryRun: request.dryRun, startedAt: now)
        run.status = .failed
        run.error = message
        run.finishedAt = now
        do {
            run.report = try report.storedJSON()
            try await database.finishImportRun(&run, auditDetail: Self.auditDetail(run))
            report.runId = run.id
        } catch {
            // The record could not be written: the original error still says what went wrong.
        }
        return ImportError(code: code, message: message, report: report)
    }

    /// One line and a code for any failure inside the run.
    static func describe(_ error: any Error, feed: String) -> (code: String, message: String) {
        switch error {
        case let error as ImportError: return (error.code, error.message)
        case let error as FeedError: return ("IMPORT-FEED-\(error.code.uppercased())", "\(feed): \(error)")
        case let error as StoreError where error.kind == .failed || error.kind == .busy: return ("IMPORT-DATABASE", error.message)
        case let error as PostgresStoreError where error.kind == .server: return ("IMPORT-DATABASE", error.message)
        case let error as any CodedError: return (error.code, error.message)
        default: return ("IMPORT-FAILED", "\(error)")
        }
    }

    /// The audit line's detail for a run: its supplier and counts, as JSON. Supplier ids are lower-case letters,
    /// digits and hyphens, so the id needs no escaping.
    static func auditDetail(_ run: ImportRunRecord) -> String {
        "{\"supplier\":\"\(run.supplierId)\",\"added\":\(run.added),\"changed\":\(run.changed),\"removed\":\(run.removed),\"rejected\":\(run.rejected)}"
    }
}
