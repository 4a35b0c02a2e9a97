/// Pulls bytes from a source in chunks and tracks line and column, for the parser.
struct JSONByteReader {
    private let pull: (UnsafeMutableRawBufferPointer) throws -> Int
    private var buffer: [UInt8]
    private var position = 0
    private var count = 0
    private var atEnd = false
    private(set) var line = 1
    private(set) var column = 1

    init(chunkSize: Int = 64 * 1024, pull: @escaping (UnsafeMutableRawBufferPointer) throws -> Int) {
        self.pull = pull
        self.buffer = [UInt8](repeating: 0, count: chunkSize)
    }

    /// The next byte without consuming it, or `nil` at the end.
    mutating func peek() throws -> UInt8? {
        if position < count { return buffer[position] }
        guard try refill() else { return nil }
        return buffer[position]
    }

    /// Consumes and returns the next byte.
    mutating func next() throws -> UInt8? {
        guard let byte = try peek() else { return nil }
        position += 1
        if byte == 0x0A {
            line += 1
            column = 1
        } else {
            column += 1
        }
        return byte
    }

    private mutating func refill() throws -> Bool {
        guard !atEnd else { return false }
        let filled = try buffer.withUnsafeMutableBytes { try pull($0) }
        position = 0
        count = filled
        if filled == 0 { atEnd = true }
        return filled > 0
    }
}
