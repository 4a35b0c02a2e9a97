/// Where a plugin reads the feed's bytes from; the import pipeline provides it (a file, standard input, a download).
public protocol FeedByteSource: AnyObject {
    /// Fills the start of `buffer` and returns how many bytes were written; 0 at the end of the feed.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

extension FeedByteSource {
    /// Reads everything that is left. Use only for inputs known to be small (an HTML page, a test sample).
    public func readAll(limit: Int) throws -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = try chunk.withUnsafeMutableBytes { try read(into: $0) }
            if count == 0 { return bytes }
            bytes += chunk[..<count]
            if bytes.count > limit { throw FeedError(code: "feed-too-large", message: "the feed is larger than \(limit) bytes") }
        }
    }
}

/// Serves bytes already in memory: samples, tests, and feeds extracted from a page.
public final class MemoryFeedSource: FeedByteSource {
    private let bytes: [UInt8]
    private var offset = 0

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    public convenience init(_ text: String) {
        self.init(Array(text.utf8))
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = min(buffer.count, bytes.count - offset)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<offset + count]))
        }
        offset += count
        return count
    }
}
