public import Foundation

/// What `oilcat import` asks for.
public struct ImportRequest: Sendable {
    /// The supplier to import for.
    public var supplier: String
    /// A path, an http(s) URL, or "-" for standard input; `nil` to use the supplier's configured source.
    public var feed: String?
    /// Do everything but the commit.
    public var dryRun: Bool
    /// How many rejected records the run tolerates; `nil`: no count limit (0: any rejection fails the run).
    public var maxErrors: Int?
    /// What share of the run's records may be rejected, in percent; `nil`: ``defaultMaxRejectedPercent`` unless
    /// ``maxErrors`` is given (0: any rejection fails the run).
    public var maxRejectedPercent: Double?
    /// Allow a full snapshot to remove more than half of the supplier's products.
    public var allowLargeRemoval: Bool
    /// Where imported feeds are archived (`nil`: not archived).
    public var archiveFolder: URL?
    /// The folder was named (`--feeds`, `OILCAT_FEEDS`) and must exist: a run that would archive fails, on the record,
    /// when it does not. The default folder is made by the first run.
    public var archiveFolderMustExist: Bool
    /// Who runs it, for the audit log.
    public var actor: String
    /// The largest feed read, in bytes (a file, a download or standard input); a larger one fails the run before
    /// it is parsed.
    public var maxFeedBytes: Int64

    /// The share of rejected records a run tolerates when neither limit is given: a supplier's one bad record does
    /// not hold back the rest of its catalogue, while a feed gone wrong as a whole still changes nothing.
    public static let defaultMaxRejectedPercent = 5.0

    /// The percentage limit that applies: the one given, else the default when no count limit is given either.
    public var effectiveMaxRejectedPercent: Double? {
        maxRejectedPercent ?? (maxErrors == nil ? Self.defaultMaxRejectedPercent : nil)
    }

    /// The default ``maxFeedBytes``: 4 GiB, some twenty times the largest real feed seen, yet bounded.
    public static let defaultMaxFeedBytes: Int64 = 4 << 30

    public init(
        supplier: String, feed: String? = nil, dryRun: Bool = false, maxErrors: Int? = nil,
        maxRejectedPercent: Double? = nil, allowLargeRemoval: Bool = false, archiveFolder: URL? = nil,
        archiveFolderMustExist: Bool = false, actor: String = "oilcat",
        maxFeedBytes: Int64 = ImportRequest.defaultMaxFeedBytes
    ) {
        self.supplier = supplier
        self.feed = feed
        self.dryRun = dryRun
        self.maxErrors = maxErrors
        self.maxRejectedPercent = maxRejectedPercent
        self.allowLargeRemoval = allowLargeRemoval
        self.archiveFolder = archiveFolder
        self.archiveFolderMustExist = archiveFolderMustExist
        self.actor = actor
        self.maxFeedBytes = maxFeedBytes
    }
}

/// Progress of a running import, for a progress bar.
public struct ImportProgress: Sendable {
    public var records: Int
    public var bytes: Int64
    public var totalBytes: Int64?
    public var elapsed: Duration
}
