/// A strict RFC 8259 JSON parser that pulls bytes as it goes.
///
/// Strict where Foundation is lenient: no trailing commas, no comments, no single quotes, no leading zeros, no
/// unescaped control characters, valid UTF-8 only, lone surrogates refused, nothing but white space after the
/// value. A UTF-8 byte-order mark is allowed at the start. Nesting is limited to ``maxDepth`` so hostile input
/// cannot exhaust the stack.
///
/// ``streamDocument(arrayAt:_:)`` hands the elements of one large array to a closure one at a time instead of
/// building the array, and checks but does not keep anything off the path to that array, so memory is bounded by
/// the largest element, not the document.
public struct JSONStreamParser {
    /// The deepest nesting accepted.
    public static let maxDepth = 512

    private var reader: JSONByteReader
    private var scratch: [UInt8] = []

    /// Parses bytes pulled from `pull` (which fills the buffer and returns the count, 0 at the end).
    public init(pull: @escaping (UnsafeMutableRawBufferPointer) throws -> Int) {
        reader = JSONByteReader(pull: pull)
    }

    /// Parses bytes in memory.
    public init(bytes: [UInt8]) {
        var offset = 0
        reader = JSONByteReader(chunkSize: max(1, min(bytes.count, 64 * 1024))) { buffer in
            let count = min(buffer.count, bytes.count - offset)
            guard count > 0 else { return 0 }
            bytes.withUnsafeBytes { source in
                buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<offset + count]))
            }
            offset += count
            return count
        }
    }

    /// The line the parser stands on.
    public var line: Int { reader.line }

    /// Parses a whole document: one value and nothing after it but white space.
    public mutating func parseDocument() throws -> JSONValue {
        try skipByteOrderMark()
        try skipWhitespace()
        let value = try parseValue(depth: 0, path: [], targets: [], body: nil)
        try expectEnd()
        return value
    }

    /// Parses a whole document, handing each element of the array at `path` (object keys from the root; empty for
    /// a root array) to `body` with the line it starts on, without keeping it. The rest of the document is checked
    /// as strictly but not kept (memory stays flat whatever sits beside the records). Returns whether the array was
    /// found.
    @discardableResult
    public mutating func streamDocument(arrayAt path: [String], _ body: (JSONValue, Int) throws -> Void) throws -> Bool {
        try streamDocument(arrayAtAnyOf: [path], body)
    }

    /// Like ``streamDocument(arrayAt:_:)``, streaming whichever of `paths` holds an array (`[[], ["products"]]`
    /// reads both a bare array and `{"products": [...]}`).
    @discardableResult
    public mutating func streamDocument(
        arrayAtAnyOf paths: [[String]], _ body: (JSONValue, Int) throws -> Void
    ) throws -> Bool {
        try skipByteOrderMark()
        try skipWhitespace()
        var found = false
        _ = try withoutActuallyEscaping(body) { body in
            try parseValue(depth: 0, path: [], targets: paths, body: body) { found = true }
        }
        try expectEnd()
        return found
    }

    // MARK: Values

    private mutating func parseValue(
        depth: Int, path: [String], targets: [[String]], body: ((JSONValue, Int) throws -> Void)?,
        onArray: (() -> Void)? = nil
    ) throws -> JSONValue {
        guard depth < Self.maxDepth else { throw error("nesting deeper than \(Self.maxDepth) levels") }
        guard let byte = try reader.peek() else { throw error("unexpected end of input; a value was expected") }
        switch byte {
        case UInt8(ascii: "{"):
            return try parseObject(depth: depth, path: path, targets: targets, body: body, onArray: onArray)
        case UInt8(ascii: "["):
            if targets.contains(path), let body {
                onArray?()
                try streamArray(depth: depth, body: body)
                return .array([])
            }
            if !targets.isEmpty {
                // Streaming, and no path goes through an array: checked, not kept.
                try skipValue(depth: depth)
                return .null
            }
            return try parseArray(depth: depth)
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try parseNumber())
        default:
            throw error("unexpected \(Self.describe(byte)); a value was expected")
        }
    }

    private mutating func parseObject(
        depth: Int, path: [String], targets: [[String]], body: ((JSONValue, Int) throws -> Void)?,
        onArray: (() -> Void)?
    ) throws -> JSONValue {
        var members: [(key: String, value: JSONValue)] = []
        try forEachMember { parser, key in
            let childPath = path + [key]
            let below = targets.filter { $0.count >= childPath.count && Array($0.prefix(childPath.count)) == childPath }
            if !targets.isEmpty && below.isEmpty {
                // Streaming, and this member is off the path to the records: checked, not kept.
                try parser.skipValue(depth: depth + 1)
            } else {
                let value = try parser.parseValue(
                    depth: depth + 1, path: childPath, targets: below, body: below.isEmpty ? nil : body,
                    onArray: below.isEmpty ? nil : onArray
                )
                members.append((key, value))
            }
        }
        return .object(JSONObject(members))
    }

    /// Reads an object's members: each key is read here, its value by `member`; separators and the closing brace
    /// are checked as strictly whether the values are kept or skipped.
    private mutating func forEachMember(_ member: (inout JSONStreamParser, String) throws -> Void) throws {
        _ = try reader.next()
        try skipWhitespace()
        if try reader.peek() == UInt8(ascii: "}") {
            _ = try reader.next()
            return
        }
        while true {
            guard try reader.peek() == UInt8(ascii: "\"") else { throw error("an object key (a string in double quotes) was expected") }
            let key = try parseString()
            try skipWhitespace()
            guard try reader.next() == UInt8(ascii: ":") else { throw error("':' was expected after the key \"\(key.prefix(40))\"") }
            try skipWhitespace()
            try member(&self, key)
            try skipWhitespace()
            switch try reader.next() {
            case UInt8(ascii: ","):
                try skipWhitespace()
                if try reader.peek() == UInt8(ascii: "}") { throw error("a trailing comma before '}' is not JSON") }
            case UInt8(ascii: "}"):
                return
            case nil:
                throw error("unexpected end of input inside an object")
            case let other?:
                throw error("unexpected \(Self.describe(other)) in an object; ',' or '}' was expected")
            }
        }
    }

    /// Checks one value as strictly as ``parseValue`` does without building it.
    private mutating func skipValue(depth: Int) throws {
        guard depth < Self.maxDepth else { throw error("nesting deeper than \(Self.maxDepth) levels") }
        guard let byte = try reader.peek() else { throw error("unexpected end of input; a value was expected") }
        switch byte {
        case UInt8(ascii: "{"):
            try forEachMember { parser, _ in try parser.skipValue(depth: depth + 1) }
        case UInt8(ascii: "["):
            try forEachElement(depth: depth) { parser in try parser.skipValue(depth: depth + 1) }
        case UInt8(ascii: "\""):
            _ = try parseString()
        default:
            _ = try parseValue(depth: depth, path: [], targets: [], body: nil)
        }
    }

    private mutating func parseArray(depth: Int) throws -> JSONValue {
        var elements: [JSONValue] = []
        try forEachElement(depth: depth) { parser in
            elements.append(try parser.parseValue(depth: depth + 1, path: [], targets: [], body: nil))
        }
        return .array(elements)
    }

    private mutating func streamArray(depth: Int, body: (JSONValue, Int) throws -> Void) throws {
        try forEachElement(depth: depth) { parser in
            let line = parser.reader.line
            let element = try parser.parseValue(depth: depth + 1, path: [], targets: [], body: nil)
            try body(element, line)
        }
    }

    private mutating func forEachElement(depth: Int, _ element: (inout JSONStreamParser) throws -> Void) throws {
        _ = try reader.next()
        try skipWhitespace()
        if try reader.peek() == UInt8(ascii: "]") {
            _ = try reader.next()
            return
        }
        while true {
            try element(&self)
            try skipWhitespace()
            switch try reader.next() {
            case UInt8(ascii: ","):
                try skipWhitespace()
                if try reader.peek() == UInt8(ascii: "]") { throw error("a trailing comma before ']' is not JSON") }
            case UInt8(ascii: "]"):
                return
            case nil:
                throw error("unexpected end of input inside an array")
            case let other?:
                throw error("unexpected \(Self.describe(other)) in an array; ',' or ']' was expected")
            }
        }
    }

    // MARK: Scalars

    private mutating func literal(_ word: String) throws {
        for expected in word.utf8 {
            guard try reader.next() == expected else { throw error("invalid literal; \(word) was expected") }
        }
    }

    private mutating func parseNumber() throws -> String {
        scratch.removeAll(keepingCapacity: true)
        func take() throws { scratch.append(try reader.next()!) }
        func digit(_ byte: UInt8?) -> Bool { byte.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
        if try reader.peek() == UInt8(ascii: "-") { try take() }
        guard digit(try reader.peek()) else { throw error("a digit was expected in the number") }
        if try reader.peek() == UInt8(ascii: "0") {
            try take()
            if digit(try reader.peek()) { throw error("a number may not have a leading zero") }
        } else {
            while digit(try reader.peek()) { try take() }
        }
        if try reader.peek() == UInt8(ascii: ".") {
            try take()
            guard digit(try reader.peek()) else { throw error("a digit was expected after the decimal point") }
            while digit(try reader.peek()) { try take() }
        }
        if let byte = try reader.peek(), byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            try take()
            if let sign = try reader.peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { try take() }
            guard digit(try reader.peek()) else { throw error("a digit was expected in the exponent") }
            while digit(try reader.peek()) { try take() }
        }
        return String(decoding: scratch, as: UTF8.self)
    }

    private mutating func parseString() throws -> String {
        _ = try reader.next()
        scratch.removeAll(keepingCapacity: true)
        while true {
            guard let byte = try reader.next() else { throw error("unexpected end of input inside a string") }
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = String(validating: scratch, as: UTF8.self) else {
                    throw error("the string is not valid UTF-8")
                }
                return text
            case UInt8(ascii: "\\"):
                try parseEscape()
            case 0x00..<0x20:
                throw error("a control character (\(Self.describe(byte))) must be escaped in a string")
            default:
                scratch.append(byte)
            }
        }
    }

    private mutating func parseEscape() throws {
        guard let byte = try reader.next() else { throw error("unexpected end of input in an escape") }
        switch byte {
        case UInt8(ascii: "\""): scratch.append(0x22)
        case UInt8(ascii: "\\"): scratch.append(0x5C)
        case UInt8(ascii: "/"): scratch.append(0x2F)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            var code = try hex4()
            if (0xD800...0xDBFF).contains(code) {
                guard try reader.next() == UInt8(ascii: "\\"), try reader.next() == UInt8(ascii: "u") else {
                    throw error("a high surrogate must be followed by a low surrogate escape")
                }
                let low = try hex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw error("invalid low surrogate") }
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(code) {
                throw error("a lone low surrogate is not a character")
            }
            guard let scalar = Unicode.Scalar(code) else { throw error("invalid character escape") }
            scratch.append(contentsOf: String(scalar).utf8)
        default:
            throw error("invalid escape \\\(Self.describe(byte))")
        }
    }

    private mutating func hex4() throws -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = try reader.next() else { throw error("unexpected end of input in a \\u escape") }
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - 0x30)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - 0x61 + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - 0x41 + 10)
            default: throw error("a \\u escape needs four hexadecimal digits")
            }
            value = value << 4 | digit
        }
        return value
    }

    // MARK: White space and ends

    private mutating func skipWhitespace() throws {
        while let byte = try reader.peek(), byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
            _ = try reader.next()
        }
    }

    private mutating func skipByteOrderMark() throws {
        guard try reader.peek() == 0xEF else { return }
        _ = try reader.next()
        guard try reader.next() == 0xBB, try reader.next() == 0xBF else { throw error("invalid byte-order mark") }
    }

    private mutating func expectEnd() throws {
        try skipWhitespace()
        if let byte = try reader.peek() {
            throw error("unexpected \(Self.describe(byte)) after the end of the JSON value")
        }
    }

    private func error(_ reason: String) -> JSONSyntaxError {
        JSONSyntaxError(line: reader.line, column: reader.column, reason: reason)
    }

    private static func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(UnicodeScalar(byte)))'" }
        return "byte 0x" + String(byte, radix: 16, uppercase: true)
    }
}
