public import Foundation

/// One run of the importer for one supplier: what it read, what it changed, and its full report. The record is
/// written outside the data transaction, so a rolled-back run still leaves its report.
public struct ImportRunRecord: Codable, Sendable, Equatable {
    /// How a run ended.
    public enum Status: String, Codable, Sendable {
        case running, succeeded, failed, unchanged
        case dryRun = "dry-run"
    }

    public var id: Int64?
    public var supplierId: String
    public var status: Status
    public var dryRun: Bool
    /// The feed's path, URL or "standard input".
    public var source: String
    public var format: String?
    public var feedSHA256: String?
    public var fingerprint: String?
    public var feedKind: String?
    public var archivePath: String?
    public var bytes: Int64?
    public var recordsRead: Int
    public var added: Int
    public var changed: Int
    public var unchanged: Int
    public var removed: Int
    public var rejected: Int
    /// The report, as JSON.
    public var report: String?
    /// Why the run failed, in one line.
    public var error: String?
    public var startedAt: Date
    public var finishedAt: Date?

    public init(supplierId: String, source: String, format: String?, dryRun: Bool, startedAt: Date = Date()) {
        self.supplierId = supplierId
        self.status = .running
        self.dryRun = dryRun
        self.source = source
        self.format = format
        self.recordsRead = 0
        self.added = 0
        self.changed = 0
        self.unchanged = 0
        self.removed = 0
        self.rejected = 0
        self.startedAt = startedAt
    }
}
