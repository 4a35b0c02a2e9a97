public import Foundation
public import StoreInterface

/// One import run as lists show it (`oilcat import runs`, the admin API and pages): what it read and changed and how
/// it ended, without the full report.
public struct ImportRunSummary: Encodable, Sendable {
    public var id: Int64
    public var supplier: String
    public var status: String
    public var dryRun: Bool
    public var source: String
    public var startedAt: Date
    public var finishedAt: Date?
    public var read: Int
    public var added: Int
    public var changed: Int
    public var unchanged: Int
    public var removed: Int
    public var rejected: Int
    public var error: String?

    public init(_ run: ImportRunRecord) {
        id = run.id ?? 0
        supplier = run.supplierId
        status = run.status.rawValue
        dryRun = run.dryRun
        source = run.source
        startedAt = run.startedAt
        finishedAt = run.finishedAt
        read = run.recordsRead
        added = run.added
        changed = run.changed
        unchanged = run.unchanged
        removed = run.removed
        rejected = run.rejected
        error = run.error
    }
}

extension ImportReport {
    /// The report as a run record stores it: compact JSON, keys sorted, dates in ISO 8601.
    func storedJSON() throws -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// The report a run record stores, or `nil` when it has none or it cannot be read.
    public static func stored(in run: ImportRunRecord) -> ImportReport? {
        guard let json = run.report else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try? decoder.decode(ImportReport.self, from: Data(json.utf8))
    }
}
