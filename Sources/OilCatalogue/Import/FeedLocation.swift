import Foundation
import StoreInterface

/// Where a run's feed comes from, brought to a local file: the file itself, standard input copied to a temporary
/// file, or a download (conditional GET with the supplier's ETag / Last-Modified).
struct FeedLocation {
    /// A path to read from.
    var localPath: String
    /// How the feed is named in messages and reports.
    var displayName: String
    /// A temporary file to remove after the run.
    var temporary: URL?
    /// The server said the feed has not changed since the last download.
    var notModified = false
    /// The validators of a fresh download, saved with the supplier when the run succeeds.
    var validators: (etag: String?, lastModified: String?)?

    /// Brings the feed to a local file; a download or standard input stops with an error once it passes `maxBytes`.
    /// A local file that is one of `database`'s own files is refused before it is opened: reading it would drop the
    /// locks SQLite holds on it for this process (a server importing from its admin page).
    static func open(
        _ location: String?, supplier: SupplierRecord, maxBytes: Int64, database: (any ClinicStore)? = nil
    ) throws -> FeedLocation {
        guard let location, !location.isEmpty else {
            throw ImportError(
                code: "IMPORT-NO-FEED",
                message: "no feed given and supplier '\(supplier.id)' has no --source; pass a file or URL"
            )
        }
        if location == "-" { return try fromStandardInput(maxBytes: maxBytes) }
        let lower = location.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") {
            return try FeedDownload.fetch(location, supplier: supplier, maxBytes: maxBytes)
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: location, isDirectory: &isFolder), !isFolder.boolValue else {
            throw ImportError(code: "IMPORT-FEED-UNREADABLE", message: "no feed file at \(location)")
        }
        if let database, database.isOwnFile(location) {
            throw ImportError(
                code: "IMPORT-FEED-IS-DATABASE",
                message: "\(location) is the catalogue's own database file, not a feed; give the supplier's feed file or URL"
            )
        }
        return FeedLocation(localPath: location, displayName: location)
    }

    private static func fromStandardInput(maxBytes: Int64) throws -> FeedLocation {
        let url = FileManager.default.temporaryDirectory.appending(path: "oilcat-stdin-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let output = try FileHandle(forWritingTo: url)
        defer { try? output.close() }
        var copied: Int64 = 0
        while let chunk = try FileHandle.standardInput.read(upToCount: 1 << 20), !chunk.isEmpty {
            copied += Int64(chunk.count)
            guard copied <= maxBytes else {
                try? FileManager.default.removeItem(at: url)
                throw FeedSizeLimit.exceeded(by: "standard input", limit: maxBytes)
            }
            try output.write(contentsOf: chunk)
        }
        return FeedLocation(localPath: url.path, displayName: "standard input", temporary: url)
    }

    /// The first 4 KiB, for recognising the format.
    func head() throws -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: localPath) else { return [] }
        defer { try? handle.close() }
        return [UInt8](try handle.read(upToCount: 4096) ?? Data())
    }

    func cleanUp() {
        if let temporary { try? FileManager.default.removeItem(at: temporary) }
    }
}

