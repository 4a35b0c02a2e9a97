#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import ImporterAPI

/// Reads a feed file with plain `read(2)`, counting bytes for progress.
///
/// Parsers ask for a few kilobytes at a time (libxml2: about 4 KB); small requests are served from a 256 KiB buffer
/// filled by one `read(2)`, so a 160 MB feed costs some 650 system calls rather than 40,000.
public final class FileFeedSource: FeedByteSource {
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    public let name: String
    /// Bytes read so far.
    public private(set) var bytesRead: Int64 = 0
    /// Called after each read with the running byte count.
    var onRead: ((Int64) -> Void)?
    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 << 10, alignment: 16)
    /// The buffered bytes not yet handed out: `buffer[start..<end]`.
    private var start = 0
    private var end = 0

    public init(path: String) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw ImportError(code: "IMPORT-FEED-UNREADABLE", message: "cannot open the feed \(path): \(String(cString: strerror(errno)))")
        }
        self.descriptor = descriptor
        self.ownsDescriptor = true
        self.name = path
    }

    deinit {
        if ownsDescriptor { close(descriptor) }
        buffer.deallocate()
    }

    public func read(into destination: UnsafeMutableRawBufferPointer) throws -> Int {
        guard !destination.isEmpty else { return 0 }
        if start == end {
            // Large requests go straight to the file; small ones refill the buffer first.
            if destination.count >= buffer.count { return try readFile(into: destination) }
            end = try readFile(into: buffer)
            start = 0
            if end == 0 { return 0 }
        }
        let count = min(destination.count, end - start)
        destination.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: count)
        start += count
        return count
    }

    private func readFile(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            #if canImport(Glibc)
            let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            #else
            let count = Darwin.read(descriptor, buffer.baseAddress, buffer.count)
            #endif
            if count >= 0 {
                bytesRead += Int64(count)
                onRead?(bytesRead)
                return count
            }
            if errno == EINTR { continue }
            throw ImportError(code: "IMPORT-FEED-UNREADABLE", message: "cannot read the feed \(name): \(String(cString: strerror(errno)))")
        }
    }
}
