import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import CatalogueStore

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

    static func open(_ location: String?, supplier: SupplierRecord) throws -> FeedLocation {
        guard let location, !location.isEmpty else {
            throw ImportError(
                code: "IMPORT-NO-FEED",
                message: "no feed given and supplier '\(supplier.id)' has no --source; pass a file or URL"
            )
        }
        if location == "-" { return try fromStandardInput() }
        let lower = location.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") {
            return try FeedDownload.fetch(location, supplier: supplier)
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: location, isDirectory: &isFolder), !isFolder.boolValue else {
            throw ImportError(code: "IMPORT-FEED-UNREADABLE", message: "no feed file at \(location)")
        }
        return FeedLocation(localPath: location, displayName: location)
    }

    private static func fromStandardInput() throws -> FeedLocation {
        let url = FileManager.default.temporaryDirectory.appending(path: "oilcat-stdin-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let output = try FileHandle(forWritingTo: url)
        defer { try? output.close() }
        while let chunk = try FileHandle.standardInput.read(upToCount: 1 << 20), !chunk.isEmpty {
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

/// Downloads a feed over http(s) with a conditional GET.
enum FeedDownload {
    static let timeout: TimeInterval = 300

    static func fetch(_ address: String, supplier: SupplierRecord) throws -> FeedLocation {
        guard let url = URL(string: address) else {
            throw ImportError(code: "IMPORT-BAD-URL", message: "'\(address)' is not a valid URL")
        }
        var request = URLRequest(url: url, timeoutInterval: timeout)
        if supplier.source == address {
            if let etag = supplier.etag { request.setValue(etag, forHTTPHeaderField: "If-None-Match") }
            if let modified = supplier.lastModified { request.setValue(modified, forHTTPHeaderField: "If-Modified-Since") }
        }
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        let task = URLSession.shared.downloadTask(with: request) { file, response, error in
            defer { done.signal() }
            if let error {
                outcome.set(.failure(ImportError(code: "IMPORT-DOWNLOAD", message: "cannot download \(address): \(error.localizedDescription)")))
                return
            }
            guard let http = response as? HTTPURLResponse else {
                outcome.set(.failure(ImportError(code: "IMPORT-DOWNLOAD", message: "no HTTP response from \(address)")))
                return
            }
            if http.statusCode == 304 {
                outcome.set(.success(.notModified))
                return
            }
            guard (200..<300).contains(http.statusCode), let file else {
                outcome.set(.failure(ImportError(code: "IMPORT-DOWNLOAD", message: "\(address) answered HTTP \(http.statusCode)")))
                return
            }
            // The downloaded file is removed when this handler returns: move it first.
            let kept = FileManager.default.temporaryDirectory.appending(path: "oilcat-download-\(UUID().uuidString)")
            do {
                try FileManager.default.moveItem(at: file, to: kept)
                outcome.set(.success(.downloaded(
                    kept, etag: http.value(forHTTPHeaderField: "ETag"),
                    lastModified: http.value(forHTTPHeaderField: "Last-Modified")
                )))
            } catch {
                outcome.set(.failure(ImportError(code: "IMPORT-DOWNLOAD", message: "cannot keep the download: \(error)")))
            }
        }
        task.resume()
        done.wait()
        switch outcome.get() {
        case .success(.notModified):
            let placeholder = FileManager.default.temporaryDirectory.appending(path: "oilcat-empty-\(UUID().uuidString)")
            _ = FileManager.default.createFile(atPath: placeholder.path, contents: Data())
            return FeedLocation(localPath: placeholder.path, displayName: address, temporary: placeholder, notModified: true)
        case .success(.downloaded(let file, let etag, let lastModified)):
            return FeedLocation(
                localPath: file.path, displayName: address, temporary: file, validators: (etag, lastModified)
            )
        case .failure(let error):
            throw error
        case nil:
            throw ImportError(code: "IMPORT-DOWNLOAD", message: "the download of \(address) ended without an answer")
        }
    }

    enum Fetched: Sendable {
        case notModified
        case downloaded(URL, etag: String?, lastModified: String?)
    }

    /// The download's result, handed from URLSession's queue to the waiting caller.
    final class Outcome: @unchecked Sendable {
        private let lock = NSLock()
        private var value: Result<Fetched, ImportError>?

        func set(_ result: Result<Fetched, ImportError>) { lock.withLock { value = result } }
        func get() -> Result<Fetched, ImportError>? { lock.withLock { value } }
    }
}
