package import CatalogueCore
import Crypto
import Foundation

/// SHA-256 helpers: whole feeds (streamed) and short content hashes for change detection.
package enum Hashing {
    /// The SHA-256 of a file, read in 1 MiB chunks, as lower-case hex.
    static func sha256(file path: String) throws -> (hex: String, bytes: Int64) {
        // The feed source's own reads: FileHandle would read a large chunk in 4 KB system calls.
        let source = try FileFeedSource(path: path)
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { chunk.deallocate() }
        var hasher = SHA256()
        while true {
            let count = try source.read(into: chunk)
            if count == 0 { break }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: chunk[..<count]))
        }
        return (hex(hasher.finalize()), source.bytesRead)
    }

    /// The first 128 bits of the SHA-256 of `text`, as hex: enough to tell versions of one product apart.
    package static func contentHash(_ text: String) -> String {
        var text = text
        return text.withUTF8 { hex(SHA256.hash(data: UnsafeRawBufferPointer($0)).prefix(16)) }
    }

    /// The content hash of a product version: ``contentHash(_:)`` of its canonical text, a group separator and the
    /// hash of its ingredient list. The pieces are gathered into one buffer and hashed at once: a digest update per
    /// piece (two dozen of them) cost more than the hashing.
    package static func contentHash(of data: ProductData, ingredientHash: String) -> String {
        // Measured first, then copied piece by piece into a buffer of that size (an array grew and checked its
        // capacity for every piece).
        var count = 1 + ingredientHash.utf8.count
        data.forEachCanonicalPiece { count += $0.utf8.count }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count) { buffer in
            var bytes = UTF8Writer(buffer)
            data.forEachCanonicalPiece { bytes.append($0) }
            bytes.append(0x1D)
            bytes.append(ingredientHash)
            return hex(SHA256.hash(data: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: buffer[..<bytes.count]))).prefix(16))
        }
    }

    /// The full SHA-256 of `text`, as hex.
    package static func sha256(_ text: String) -> String {
        hex(SHA256.hash(data: Data(text.utf8)))
    }

    private static let digits = Array("0123456789abcdef".utf8)

    /// Lower-case hex of a SHA-256 digest or a prefix of one: at most 32 bytes.
    static func hex<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        // Written straight into the string's storage: two or three hashes a record, no array in between.
        String(unsafeUninitializedCapacity: 64) { buffer in
            var count = 0
            for byte in bytes {
                precondition(count + 2 <= buffer.count, "Hashing.hex takes a digest of at most 32 bytes")
                buffer[count] = digits[Int(byte >> 4)]
                buffer[count + 1] = digits[Int(byte & 0x0F)]
                count += 2
            }
            return count
        }
    }
}
