public import Foundation
public import ImporterAPI

/// What an import run did, stored with the run (even when its data was rolled back) and printed by
/// `oilcat import`. Lists are capped at ``ImportReport/listLimit`` entries; the counts are exact.
public struct ImportReport: Codable, Sendable, Equatable {
    /// How many entries each list keeps.
    public static let listLimit = 1000

    public struct Counts: Codable, Sendable, Equatable {
        /// Records the feed held (valid or not).
        public var read = 0
        public var added = 0
        public var changed = 0
        public var unchanged = 0
        /// Products discontinued: absent from a full snapshot, or deleted by a delta.
        public var removed = 0
        public var rejected = 0
        /// Products whose ingredient list changed (a new formulation version).
        public var reformulated = 0
        /// Products with at least one ingredient name that did not resolve.
        public var withUnresolvedIngredients = 0
        /// Products with no ingredient list at all.
        public var withoutIngredients = 0
        /// Client–product pairs a reformulation turned blocked or caution.
        public var affectedClients = 0
    }

    /// A client for whom a reformulation turned a product blocked or caution.
    public struct Affected: Codable, Sendable, Equatable {
        public var client: Int64
        public var clientName: String
        public var product: String
        public var status: String
        public var previousStatus: String
        public var reasons: [String]
    }

    public struct Change: Codable, Sendable, Equatable {
        public var sku: String
        public var fields: [String]

        public init(sku: String, fields: [String]) {
            self.sku = sku
            self.fields = fields
        }
    }

    public struct Unresolved: Codable, Sendable, Equatable {
        public var sku: String
        public var names: [String]
    }

    public var runId: Int64?
    public var supplier: String
    public var source: String
    public var format: String
    public var feedKind: FeedKind?
    public var dryRun: Bool
    /// `succeeded`, `failed`, `unchanged` or `dry-run`.
    public var status: String
    public var startedAt: Date
    public var finishedAt: Date?
    public var seconds: Double?
    public var bytes: Int64?
    public var feedSHA256: String?
    public var archivePath: String?
    public var counts = Counts()
    public var added: [String] = []
    public var changed: [Change] = []
    public var removed: [String] = []
    public var rejected: [RecordDiagnostic] = []
    public var warnings: [RecordDiagnostic] = []
    /// Products whose latest record was rejected: each keeps its last good version, marked stale (verdict
    /// `unknown` with the reason) until a good record arrives. `nil` in reports stored before stale products.
    public var stale: [String]?
    public var unresolved: [Unresolved] = []
    public var affected: [Affected] = []
    /// The whole catalogue read again before the run, because the reference data changed since it was last read
    /// (``ReferenceDataReread``); `nil` when it had not.
    public var reread: ReferenceDataReread.Outcome?
    /// What could not be done once the run's changes were committed (listing the affected clients, keeping the
    /// download's validators), in one line each: the run is applied all the same. `nil` when all was done.
    public var afterCommit: [String]?
    /// `true` when the clients affected by the run's reformulations could not be listed: `affected` is then not
    /// "none" but unknown. `nil` when they were listed.
    public var affectedUnknown: Bool?
    /// Why the run failed, in one line.
    public var error: String?
    /// The error's stable code.
    public var errorCode: String?

    public init(supplier: String, source: String, format: String, dryRun: Bool, startedAt: Date) {
        self.supplier = supplier
        self.source = source
        self.format = format
        self.dryRun = dryRun
        self.status = "running"
        self.startedAt = startedAt
    }

    mutating func note<T>(_ value: T, in list: WritableKeyPath<ImportReport, [T]>) {
        if self[keyPath: list].count < Self.listLimit { self[keyPath: list].append(value) }
    }

    mutating func noteStale(_ sku: String) {
        if (stale?.count ?? 0) < Self.listLimit { stale = (stale ?? []) + [sku] }
    }
}
