/// Splits a byte stream into lines for NDJSON, each at most `maxLineBytes` long.
public struct JSONLineReader {
    private var reader: JSONByteReader
    private let maxLineBytes: Int
    private var lineNumber = 0

    public init(maxLineBytes: Int = 16 << 20, pull: @escaping (UnsafeMutableRawBufferPointer) throws -> Int) {
        self.reader = JSONByteReader(pull: pull)
        self.maxLineBytes = maxLineBytes
    }

    /// The next line's bytes (without the line break) and its 1-based number, or `nil` at the end.
    public mutating func nextLine() throws -> (bytes: [UInt8], number: Int)? {
        var bytes: [UInt8] = []
        guard try reader.peek() != nil else { return nil }
        lineNumber += 1
        if lineNumber == 1, try reader.peek() == 0xEF {
            for expected: UInt8 in [0xEF, 0xBB, 0xBF] where try reader.next() != expected {
                throw JSONSyntaxError(line: 1, column: 1, reason: "invalid byte-order mark")
            }
        }
        while let byte = try reader.next() {
            if byte == 0x0A { break }
            bytes.append(byte)
            if bytes.count > maxLineBytes {
                throw JSONSyntaxError(line: lineNumber, column: bytes.count, reason: "the line is longer than \(maxLineBytes) bytes")
            }
        }
        if bytes.last == 0x0D { bytes.removeLast() }
        return (bytes, lineNumber)
    }
}
