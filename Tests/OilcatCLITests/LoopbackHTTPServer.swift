import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 for feed-download tests: serves one body with an ETag at `/feed.xml`, answers
/// 304 to a matching If-None-Match, and counts requests. `/moved` redirects to the feed, `/cut` sends half the body
/// it announces, anything else is 404. Bounded: it serves until `stop()`.
final class LoopbackHTTPServer: @unchecked Sendable {
    private let socketFD: Int32
    let port: UInt16
    private let lock = NSLock()
    private var body: Data
    private var etag: String
    private var requests: [String] = []

    init(body: Data, etag: String) throws {
        self.body = body
        self.etag = etag
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 8) == 0 else { throw CocoaError(.fileWriteUnknown) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &address) {
            _ = $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        socketFD = fd
        port = UInt16(bigEndian: address.sin_port)
        Thread { [self] in serve() }.start()
    }

    var url: String { address("feed.xml") }

    func address(_ path: String) -> String { "http://127.0.0.1:\(port)/\(path)" }
    var requestHeaders: [String] { lock.withLock { requests } }

    func update(body: Data, etag: String) {
        lock.withLock {
            self.body = body
            self.etag = etag
        }
    }

    func stop() {
        shutdown(socketFD, Int32(SHUT_RDWR))
        close(socketFD)
    }

    private func serve() {
        while true {
            let client = accept(socketFD, nil, nil)
            guard client >= 0 else { return }
            var request = Data()
            var buffer = [UInt8](repeating: 0, count: 4096)
            while !request.contains(Data("\r\n\r\n".utf8)) {
                let count = recv(client, &buffer, buffer.count, 0)
                if count <= 0 { break }
                request.append(contentsOf: buffer[..<count])
            }
            let head = String(decoding: request, as: UTF8.self)
            let (body, etag) = lock.withLock {
                requests.append(head)
                return (self.body, self.etag)
            }
            let path = head.split(separator: " ", maxSplits: 2).dropFirst().first.map(String.init) ?? "/"
            var bytes: Data
            switch path {
            case "/feed.xml":
                if head.lowercased().contains("if-none-match: \(etag.lowercased())") {
                    bytes = Data("HTTP/1.1 304 Not Modified\r\nETag: \(etag)\r\nConnection: close\r\n\r\n".utf8)
                } else {
                    bytes = Data("HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nETag: \(etag)\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n".utf8)
                    bytes.append(body)
                }
            case "/moved":
                bytes = Data("HTTP/1.1 301 Moved Permanently\r\nLocation: /feed.xml\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".utf8)
            case "/cut":
                bytes = Data("HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n".utf8)
                bytes.append(body.prefix(body.count / 2))
            default:
                bytes = Data("HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot found".utf8)
            }
            bytes.withUnsafeBytes { raw in
                var sent = 0
                while sent < raw.count {
                    let count = send(client, raw.baseAddress! + sent, raw.count - sent, 0)
                    if count <= 0 { break }
                    sent += count
                }
            }
            close(client)
        }
    }
}
