/// Writes UTF-8 into a buffer whose size was bounded beforehand, for texts the importer builds once per record (a
/// stored resolution, its id columns). Appending to an array or a string checks its capacity and uniqueness for
/// every piece; this writes through a pointer, and still refuses to pass the end it was given.
///
/// Use it inside ``Swift/String/init(unsafeUninitializedCapacity:initializingUTF8With:)``, with a capacity taken
/// from the ``bound(ofJSONString:)`` and ``bound(of:)`` of every piece.
package struct UTF8Writer {
    private let base: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    /// Bytes written so far: what the string initialiser's closure returns.
    package private(set) var count = 0

    /// Writes into `buffer`, which must hold at least one byte.
    package init(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
        guard let base = buffer.baseAddress else { preconditionFailure("UTF8Writer needs a buffer of one byte or more") }
        self.base = base
        self.capacity = buffer.count
    }

    /// Room `text` takes written as is.
    package static func bound(of text: String) -> Int { text.utf8.count }

    /// Room `text` takes as a JSON string literal, quotes and escapes included (at most six bytes per byte).
    package static func bound(ofJSONString text: String) -> Int { 2 + 6 * text.utf8.count }

    package mutating func append(_ byte: UInt8) {
        precondition(count < capacity, "UTF8Writer: the text is longer than its bound")
        base[count] = byte
        count += 1
    }

    package mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { append(contentsOf: $0) }
    }

    package mutating func append(_ text: String) {
        if text.utf8.withContiguousStorageIfAvailable({ append(contentsOf: $0) }) == nil {
            for byte in text.utf8 { append(byte) }
        }
    }

    /// Appends `text` as a JSON string literal: quotes, backslashes and control characters escaped.
    package mutating func appendJSONString(_ text: String) {
        append(0x22)
        // Most names and ids need no escape: copy them whole.
        let copied = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            for byte in bytes where byte < 0x20 || byte == 0x22 || byte == 0x5C { return false }
            append(contentsOf: bytes)
            return true
        }
        if copied != true {
            for byte in text.utf8 { appendEscaped(byte) }
        }
        append(0x22)
    }

    private mutating func appendEscaped(_ byte: UInt8) {
        switch byte {
        case 0x22: append("\\\"")
        case 0x5C: append("\\\\")
        case 0x0A: append("\\n")
        case 0x0D: append("\\r")
        case 0x09: append("\\t")
        case 0x00..<0x20:
            let hex: StaticString = "0123456789abcdef"
            append("\\u00")
            hex.withUTF8Buffer { digits in
                append(digits[Int(byte >> 4)])
                append(digits[Int(byte & 0x0F)])
            }
        default:
            append(byte)
        }
    }

    private mutating func append(contentsOf bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        precondition(bytes.count <= capacity - count, "UTF8Writer: the text is longer than its bound")
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }
}
