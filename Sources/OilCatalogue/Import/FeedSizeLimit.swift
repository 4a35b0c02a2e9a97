import Foundation

/// The feed passed the run's size limit (`--max-feed-size`); thrown inside a download to stop it.
struct FeedSizeLimit: Error {
    /// The error a run reports: which feed, the limit, and how to raise it.
    static func exceeded(by feed: String, limit: Int64) -> ImportError {
        ImportError(
            code: "IMPORT-FEED-TOO-LARGE",
            message: "the feed \(feed) is larger than the limit of \(describe(limit)); nothing was imported. "
                + "If the feed is genuine, raise the limit with --max-feed-size (e.g. --max-feed-size \(describe(limit * 2)))"
        )
    }

    /// A byte count as --max-feed-size takes it: "512M", "4G", or plain bytes.
    static func describe(_ bytes: Int64) -> String {
        for (suffix, shift) in [("G", 30), ("M", 20), ("K", 10)] where bytes >= Int64(1) << shift && bytes % (Int64(1) << shift) == 0 {
            return "\(bytes >> shift)\(suffix)"
        }
        return "\(bytes) bytes"
    }
}
