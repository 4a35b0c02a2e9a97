public import Foundation

/// What `oilcat import` asks for.
public struct ImportRequest: Sendable {
    /// The supplier to import for.
    public var supplier: String
    /// A path, an http(s) URL, or "-" for standard input; `nil` to use the supplier's configured source.
    public var feed: String?
    /// Do everything but the commit.
    public var dryRun: Bool
    /// How many rejected records the run tolerates (default 0: any rejection fails the run).
    public var maxErrors: Int
    /// Allow a full snapshot to remove more than half of the supplier's products.
    public var allowLargeRemoval: Bool
    /// Where imported feeds are archived (`nil`: not archived).
    public var archiveFolder: URL?
    /// Who runs it, for the audit log.
    public var actor: String

    public init(
        supplier: String, feed: String? = nil, dryRun: Bool = false, maxErrors: Int = 0,
        allowLargeRemoval: Bool = false, archiveFolder: URL? = nil, actor: String = "oilcat"
    ) {
        self.supplier = supplier
        self.feed = feed
        self.dryRun = dryRun
        self.maxErrors = maxErrors
        self.allowLargeRemoval = allowLargeRemoval
        self.archiveFolder = archiveFolder
        self.actor = actor
    }
}

/// Progress of a running import, for a progress bar.
public struct ImportProgress: Sendable {
    public var records: Int
    public var bytes: Int64
    public var totalBytes: Int64?
    public var elapsed: Duration
}
