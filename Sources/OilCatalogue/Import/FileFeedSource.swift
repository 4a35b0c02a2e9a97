#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import ImporterAPI

/// Reads a feed file with plain `read(2)`, counting bytes for progress.
public final class FileFeedSource: FeedByteSource {
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    public let name: String
    /// Bytes read so far.
    public private(set) var bytesRead: Int64 = 0
    /// Called after each read with the running byte count.
    var onRead: ((Int64) -> Void)?

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
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
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
