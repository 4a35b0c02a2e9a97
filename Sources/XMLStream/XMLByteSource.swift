#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a ``XMLStreamReader`` pulls its bytes from. The reader asks for chunks; memory stays bounded whatever the
/// document's size.
public protocol XMLByteSource: AnyObject {
    /// Fills the start of `buffer` and returns how many bytes were written; 0 at the end of the input.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(XMLStreamError) -> Int
}

/// Reads a file or an open descriptor with plain `read(2)`: no gunzip behind your back (libxml2's own file
/// reader silently inflates `.gz` input), no memory mapping.
public final class FileByteSource: XMLByteSource {
    private let descriptor: Int32
    private let closesDescriptor: Bool
    private let name: String

    /// Opens `path` for reading.
    public init(path: String) throws(XMLStreamError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw XMLStreamError(
                kind: .unreadable, document: path, detail: "cannot open the file: \(String(cString: strerror(errno)))"
            )
        }
        self.descriptor = descriptor
        self.closesDescriptor = true
        self.name = path
    }

    /// Reads from an open descriptor (standard input, a pipe), which stays open afterwards.
    public init(descriptor: Int32, name: String) {
        self.descriptor = descriptor
        self.closesDescriptor = false
        self.name = name
    }

    deinit {
        if closesDescriptor { close(descriptor) }
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(XMLStreamError) -> Int {
        while true {
            #if canImport(Glibc)
            let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            #else
            let count = Darwin.read(descriptor, buffer.baseAddress, buffer.count)
            #endif
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw XMLStreamError(
                kind: .unreadable, document: name, detail: "cannot read: \(String(cString: strerror(errno)))"
            )
        }
    }
}

/// Serves bytes already in memory.
public final class MemoryByteSource: XMLByteSource {
    private let bytes: [UInt8]
    private var offset = 0

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(XMLStreamError) -> Int {
        let count = min(buffer.count, bytes.count - offset)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<offset + count]))
        }
        offset += count
        return count
    }
}
