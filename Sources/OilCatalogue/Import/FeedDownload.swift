import AsyncHTTPClient
import CatalogueStore
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import StoreInterface

/// Downloads a feed over http(s) with a conditional GET, streaming the body to a temporary file (memory stays flat
/// whatever the feed's size). Redirects are followed; a connection idle for five minutes fails the download.
enum FeedDownload {
    static let connectTimeout: TimeAmount = .seconds(30)
    static let idleTimeout: TimeAmount = .minutes(5)

    static func fetch(_ address: String, supplier: SupplierRecord, maxBytes: Int64) throws -> FeedLocation {
        guard let url = URL(string: address), let host = url.host(), !host.isEmpty else {
            throw ImportError(code: "IMPORT-BAD-URL", message: "'\(address)' is not a valid URL")
        }
        var request: HTTPClient.Request
        do {
            request = try HTTPClient.Request(url: address, method: .GET)
        } catch {
            throw ImportError(code: "IMPORT-BAD-URL", message: "'\(address)' is not a valid URL: \(error)")
        }
        request.headers.add(name: "User-Agent", value: "oilcat/\(OilCatalogueVersion.current)")
        if supplier.source == address {
            if let etag = supplier.etag { request.headers.add(name: "If-None-Match", value: etag) }
            if let modified = supplier.lastModified { request.headers.add(name: "If-Modified-Since", value: modified) }
        }

        let target = FileManager.default.temporaryDirectory.appending(path: "oilcat-download-\(UUID().uuidString)")
        let head: HTTPResponseHead
        do {
            head = try download(request, to: target.path, maxBytes: maxBytes)
        } catch is FeedSizeLimit {
            try? FileManager.default.removeItem(at: target)
            throw FeedSizeLimit.exceeded(by: address, limit: maxBytes)
        } catch {
            try? FileManager.default.removeItem(at: target)
            throw ImportError(code: "IMPORT-DOWNLOAD", message: "cannot download \(address): \(describe(error))")
        }

        if head.status == .notModified {
            try? FileManager.default.removeItem(at: target)
            let placeholder = FileManager.default.temporaryDirectory.appending(path: "oilcat-empty-\(UUID().uuidString)")
            _ = FileManager.default.createFile(atPath: placeholder.path, contents: Data())
            return FeedLocation(localPath: placeholder.path, displayName: address, temporary: placeholder, notModified: true)
        }
        guard (200..<300).contains(head.status.code) else {
            try? FileManager.default.removeItem(at: target)
            throw ImportError(
                code: "IMPORT-DOWNLOAD", message: "\(address) answered HTTP \(head.status.code) \(head.status.reasonPhrase)"
            )
        }
        if !FileManager.default.fileExists(atPath: target.path) {
            // An empty body creates no file; the importer then reports an empty feed.
            _ = FileManager.default.createFile(atPath: target.path, contents: Data())
        }
        return FeedLocation(
            localPath: target.path, displayName: address, temporary: target,
            validators: (head.headers.first(name: "ETag"), head.headers.first(name: "Last-Modified"))
        )
    }

    /// Runs the request on a client and a file-writing thread of its own (the caller may itself be a thread of the
    /// shared pool), waits for the whole body, and shuts both down.
    private static func download(_ request: HTTPClient.Request, to path: String, maxBytes: Int64) throws -> HTTPResponseHead {
        let files = NIOThreadPool(numberOfThreads: 1)
        files.start()
        defer { try? files.syncShutdownGracefully() }
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .follow(max: 5, allowCycles: false),
            timeout: HTTPClient.Configuration.Timeout(connect: connectTimeout, read: idleTimeout)
        )
        // A refused connection fails at once instead of being retried until the connect timeout: the scheduled job
        // runs again anyway, and a person at a terminal wants the answer now.
        configuration.connectionPool.retryConnectionEstablishment = false
        let client = HTTPClient(eventLoopGroupProvider: .shared(MultiThreadedEventLoopGroup.singleton), configuration: configuration)
        defer { try? client.syncShutdown() }
        // A body announced or grown past the limit stops the download at once: disk and time stay bounded.
        let delegate = try FileDownloadDelegate(
            path: path, pool: files,
            reportHead: { task, head in
                if let length = head.headers.first(name: "Content-Length").flatMap(Int64.init), length > maxBytes {
                    task.fail(reason: FeedSizeLimit())
                }
            },
            reportProgress: { task, progress in
                if Int64(progress.receivedBytes) > maxBytes { task.fail(reason: FeedSizeLimit()) }
            }
        )
        let progress = try client.execute(request: request, delegate: delegate).wait()
        return progress.head
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout, .tlsHandshakeTimeout: return "no connection within \(connectTimeout.nanoseconds / 1_000_000_000) s"
            case .readTimeout: return "the server sent nothing for \(idleTimeout.nanoseconds / 60_000_000_000) minutes"
            case .redirectLimitReached: return "more than 5 redirects"
            case .redirectCycleDetected: return "the redirects go round in a cycle"
            case .remoteConnectionClosed: return "the server closed the connection before the feed was complete"
            default: return "\(error)"
            }
        }
        return "\(error)"
    }
}
