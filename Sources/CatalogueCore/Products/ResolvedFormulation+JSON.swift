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
    /// and a generic encoder costs more than the rest of the record. A list the importer resolved brings it made
    /// already, from the pieces its memo keeps per segment (``storedPieces``).
    public var jsonText: String {
        let pieces = storedPieces ?? [Self.entriesJSON(entries[...])]
        var capacity = 8
        for piece in pieces { capacity += UTF8Writer.bound(of: piece) + 1 }
        return String(unsafeUninitializedCapacity: capacity) { buffer in
            var out = UTF8Writer(buffer)
            out.append("{\"e\":[")
            for index in pieces.indices {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                out.append(pieces[index])
            }
            out.append("]}")
            return out.count
        }
    }

    /// `entries` in the stored form, comma-separated, without the brackets around them: the pieces ``jsonText`` is
    /// made of, and what the memo keeps per segment.
    static func entriesJSON(_ entries: ArraySlice<Entry>) -> String {
        // Room for every piece: the name and targets escaped at worst, and 64 bytes for an entry's punctuation, kind,
        // source, percent (a Double's description is at most 24 bytes) and may-contain flag.
        var capacity = 1
        for entry in entries {
            capacity += 64 + UTF8Writer.bound(ofJSONString: entry.name)
            for target in entry.targets { capacity += 1 + UTF8Writer.bound(ofJSONString: target) }
        }
        return String(unsafeUninitializedCapacity: capacity) { buffer in
            var out = UTF8Writer(buffer)
            for index in entries.indices {
                let entry = entries[index]
                if index > entries.startIndex { out.append(UInt8(ascii: ",")) }
                out.append(UInt8(ascii: "["))
                out.appendJSONString(entry.name)
                out.append(",\"")
                out.append(entry.kind.rawValue)
                out.append("\",[")
                for offset in entry.targets.indices {
                    if offset > 0 { out.append(UInt8(ascii: ",")) }
                    out.appendJSONString(entry.targets[offset])
                }
                out.append(UInt8(ascii: "]"))
                if entry.source != nil || entry.percent != nil || entry.mayContain {
                    out.append(UInt8(ascii: ","))
                    if let source = entry.source { out.appendJSONString(source.storedCode) } else { out.append("null") }
                }
                if entry.percent != nil || entry.mayContain {
                    out.append(UInt8(ascii: ","))
                    if let percent = entry.percent { out.append(percent.description) } else { out.append("null") }
                }
                if entry.mayContain { out.append(",true") }
                out.append(UInt8(ascii: "]"))
            }
            return out.count
        }
    }

    /// Appends `text` as a JSON string literal.
    public static func appendJSONString(_ text: String, to out: inout String) {
        out += String(unsafeUninitializedCapacity: UTF8Writer.bound(ofJSONString: text)) { buffer in
            var writer = UTF8Writer(buffer)
            writer.appendJSONString(text)
            return writer.count
        }
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
        case .colourIndex: "i"
        case .compactSpelling: "k"
        case .alias: "l"
        case .respelled: "r"
        case .usColourName: "u"
        case .runTogether: "j"
        case .gluedNames: "w"
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
        case "i": self = .colourIndex
        case "k": self = .compactSpelling
        case "l": self = .alias
        case "r": self = .respelled
        case "u": self = .usColourName
        case "j": self = .runTogether
        case "w": self = .gluedNames
        default: return nil
        }
    }
}
