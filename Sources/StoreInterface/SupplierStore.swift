/// Suppliers and their import runs, shared by every server and importer on one database: what `oilcat supplier`,
/// `oilcat import` and the admin pages need of a backend.
public protocol SupplierStore: Sendable {
    /// The supplier with `id`, or `nil`.
    func supplier(id: String) async throws -> SupplierRecord?

    /// Every supplier, by id (bytes).
    func suppliers() async throws -> [SupplierRecord]

    /// Every supplier by id, with its active products and last import run.
    func supplierOverviews() async throws -> [SupplierOverview]

    /// Adds `supplier` with its audit line (`supplier.add`), in one transaction.
    /// - Returns: `false`, having changed nothing, when a supplier with its id exists (however many add it at once).
    func addSupplier(_ supplier: SupplierRecord, actor: String) async throws -> Bool

    /// Changes the supplier with `id` through `change` and writes it back with its audit line (`supplier.update`), in
    /// one transaction that holds the supplier meanwhile; `updatedAt` is set to now. An error thrown by `change`
    /// changes nothing.
    /// - Returns: the supplier as stored, or `nil` when there is none with that id.
    func updateSupplier(id: String, actor: String, _ change: (inout SupplierRecord) throws -> Void) async throws -> SupplierRecord?

    /// Keeps the validators (`ETag`, `Last-Modified`) of a download of `source` for the supplier's next conditional
    /// GET — only while `source` is still the supplier's source.
    func storeFeedValidators(supplier id: String, source: String, etag: String?, lastModified: String?) async throws

    /// How many active products the supplier has.
    func activeProductCount(supplier id: String) async throws -> Int
}

/// Import runs and the per-supplier import lock.
public protocol ImportRunStore: Sendable {
    /// Stores a run as it starts and gives it its id.
    func beginImportRun(_ run: inout ImportRunRecord) async throws

    /// Stores a run's outcome with its audit line (`import.<status>`), in one transaction. A run that failed before
    /// it started has no id yet: it is added, and given one.
    func finishImportRun(_ run: inout ImportRunRecord, auditDetail: String?) async throws

    /// The run with `id`, or `nil`.
    func importRun(id: Int64) async throws -> ImportRunRecord?

    /// Runs, newest first: of one supplier or all, failed ones only or all, at most `limit` of them (0: all).
    func importRuns(supplier: String?, failedOnly: Bool, limit: Int) async throws -> [ImportRunRecord]

    /// The last run that applied this supplier's feed (succeeded or unchanged), for the unchanged-feed check.
    func lastAppliedImportRun(supplier: String) async throws -> ImportRunRecord?

    /// Takes the supplier's import lock for `runId`, or throws ``ImportLockedError`` naming the holder. A lock whose
    /// holder is gone (its process stopped) is taken over, and its run marked failed.
    func acquireImportLock(supplier: String, runId: Int64) async throws

    /// Releases the supplier's lock if `runId` holds it.
    func releaseImportLock(supplier: String, runId: Int64) async throws
}

extension ImportRunStore {
    /// Every run, newest first.
    public func importRuns() async throws -> [ImportRunRecord] {
        try await importRuns(supplier: nil, failedOnly: false, limit: 0)
    }
}

/// What both backends say of runs.
public enum ImportRunRules {
    /// Why a run whose lock was taken over is marked failed.
    public static func takenOver(holder: String) -> String {
        "the process running it stopped (\(holder)); its lock was taken over"
    }
}
