extension ResolvedFormulation {
    /// The snapshot as compact JSON, written by hand: the importer stores one per new formulation and a generic
    /// encoder costs more than the rest of the record. Decodes with any JSON decoder as ``ResolvedFormulation``.
    public var jsonText: String {
        var out: [UInt8] = []
        out.reserveCapacity(256 + entries.count * 96)
        func raw(_ text: StaticString) { text.withUTF8Buffer { out.append(contentsOf: $0) } }
        func string(_ text: String) { Self.appendJSONString(text, to: &out) }
        raw("{\"entries\":[")
        for (index, entry) in entries.enumerated() {
            if index > 0 { raw(",") }
            raw("{\"name\":")
            string(entry.name)
            raw(",\"kind\":")
            string(entry.kind)
            raw(",\"targets\":[")
            for (offset, target) in entry.targets.enumerated() {
                if offset > 0 { raw(",") }
                string(target)
            }
            raw("]")
            if let source = entry.source {
                raw(",\"source\":")
                string(source)
            }
            if let percent = entry.percent {
                raw(",\"percent\":")
                out.append(contentsOf: "\(percent)".utf8)
            }
            entry.mayContain ? raw(",\"mayContain\":true}") : raw(",\"mayContain\":false}")
        }
        raw("],\"ingredientIDs\":[")
        for (index, id) in ingredientIDs.enumerated() {
            if index > 0 { raw(",") }
            string(id.rawValue)
        }
        raw("],\"allergenIDs\":[")
        for (index, id) in allergenIDs.enumerated() {
            if index > 0 { raw(",") }
            string(id.rawValue)
        }
        raw("],\"unresolved\":[")
        for (index, name) in unresolved.enumerated() {
            if index > 0 { raw(",") }
            string(name)
        }
        raw("],\"properties\":[")
        for (index, source) in properties.enumerated() {
            if index > 0 { raw(",") }
            raw("{\"property\":")
            string(source.property.rawValue)
            raw(",\"ingredient\":")
            string(source.ingredient.rawValue)
            raw("}")
        }
        raw("]}")
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `text` as a JSON string literal to UTF-8 bytes.
    static func appendJSONString(_ text: String, to out: inout [UInt8]) {
        out.append(0x22)
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
