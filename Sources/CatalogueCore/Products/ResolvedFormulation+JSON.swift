extension ResolvedFormulation.Entry: Codable {
    // Stored compactly, one array per entry: [name, kind, [targets], source?, percent?, mayContain?], trailing
    // defaults omitted, the source as its one-letter code (rows stored before 2026-11 spell it out; both read back).
    // A product's resolution is written once per formulation version and read rarely.
    public init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        name = try container.decode(String.self)
        kind = try container.decode(Kind.self)
        targets = container.isAtEnd ? [] : try container.decode([String].self)
        if try container.isAtEnd || container.decodeNil() {
            source = nil
        } else {
            let text = try container.decode(String.self)
            guard let decoded = MatchSource(storedCode: text) ?? MatchSource(rawValue: text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown match source '\(text)'")
            }
            source = decoded
        }
        percent = container.isAtEnd ? nil : try container.decodeNil() ? nil : try container.decode(Double.self)
        mayContain = container.isAtEnd ? false : try container.decode(Bool.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        try container.encode(name)
        try container.encode(kind)
        try container.encode(targets)
        if source != nil || percent != nil || mayContain { try container.encode(source?.storedCode) }
        if percent != nil || mayContain { try container.encode(percent) }
        if mayContain { try container.encode(true) }
    }
}

extension ResolvedFormulation: Codable {
    enum CodingKeys: String, CodingKey { case entries = "e" }

    public init(from decoder: any Decoder) throws {
        entries = try decoder.container(keyedBy: CodingKeys.self).decode([Entry].self, forKey: .entries)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(entries, forKey: .entries)
    }
}

extension ResolvedFormulation {
    /// The stored form (``Codable``'s compact shape), written by hand: the importer stores one per new formulation
    /// and a generic encoder costs more than the rest of the record.
    public var jsonText: String {
        var out: [UInt8] = []
        out.reserveCapacity(16 + entries.count * 64)
        func raw(_ text: StaticString) { text.withUTF8Buffer { out.append(contentsOf: $0) } }
        raw("{\"e\":[")
        for (index, entry) in entries.enumerated() {
            if index > 0 { raw(",") }
            raw("[")
            Self.appendJSONString(entry.name, to: &out)
            raw(",\"")
            out.append(contentsOf: entry.kind.rawValue.utf8)
            raw("\",[")
            for (offset, target) in entry.targets.enumerated() {
                if offset > 0 { raw(",") }
                Self.appendJSONString(target, to: &out)
            }
            raw("]")
            if entry.source != nil || entry.percent != nil || entry.mayContain {
                raw(",")
                if let source = entry.source { Self.appendJSONString(source.storedCode, to: &out) } else { raw("null") }
            }
            if entry.percent != nil || entry.mayContain {
                raw(",")
                if let percent = entry.percent { out.append(contentsOf: "\(percent)".utf8) } else { raw("null") }
            }
            if entry.mayContain { raw(",true") }
            raw("]")
        }
        raw("]}")
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `text` as a JSON string literal to UTF-8 bytes.
    static func appendJSONString(_ text: String, to out: inout [UInt8]) {
        out.append(0x22)
        // Most names and ids need no escape: copy them whole.
        var text = text
        let copied = text.withUTF8 { bytes in
            for byte in bytes where byte < 0x20 || byte == 0x22 || byte == 0x5C { return false }
            out.append(contentsOf: bytes)
            return true
        }
        if copied {
            out.append(0x22)
            return
        }
        for byte in text.utf8 {
            switch byte {
            case 0x22: out.append(contentsOf: [0x5C, 0x22])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, 0x6E])
            case 0x0D: out.append(contentsOf: [0x5C, 0x72])
            case 0x09: out.append(contentsOf: [0x5C, 0x74])
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            default:
                out.append(byte)
            }
        }
        out.append(0x22)
    }

    /// Appends `text` as a JSON string literal.
    public static func appendJSONString(_ text: String, to out: inout String) {
        var bytes: [UInt8] = []
        appendJSONString(text, to: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }
}

extension MatchSource {
    /// The one-letter code a stored resolution gives the source.
    var storedCode: String {
        switch self {
        case .inci: "n"
        case .labelSpelling: "s"
        case .commonName: "c"
        case .euGroupName: "g"
        case .allergenName: "a"
        case .allergenSynonym: "y"
        case .alternatives: "x"
        }
    }

    /// The source a stored code stands for.
    init?(storedCode: String) {
        switch storedCode {
        case "n": self = .inci
        case "s": self = .labelSpelling
        case "c": self = .commonName
        case "g": self = .euGroupName
        case "a": self = .allergenName
        case "y": self = .allergenSynonym
        case "x": self = .alternatives
        default: return nil
        }
    }
}
