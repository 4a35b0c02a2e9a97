extension ResolvedFormulation {
    /// The snapshot as compact JSON, written by hand: the importer stores one per new formulation and a generic
    /// encoder costs more than the rest of the record. Decodes with any JSON decoder as ``ResolvedFormulation``.
    public var jsonText: String {
        var out = "{\"entries\":["
        for (index, entry) in entries.enumerated() {
            if index > 0 { out += "," }
            out += "{\"name\":"
            Self.appendJSONString(entry.name, to: &out)
            out += ",\"kind\":\"\(entry.kind)\",\"targets\":["
            for (offset, target) in entry.targets.enumerated() {
                if offset > 0 { out += "," }
                Self.appendJSONString(target, to: &out)
            }
            out += "]"
            if let source = entry.source {
                out += ",\"source\":"
                Self.appendJSONString(source, to: &out)
            }
            if let percent = entry.percent { out += ",\"percent\":\(percent)" }
            out += ",\"mayContain\":\(entry.mayContain)}"
        }
        out += "],\"ingredientIDs\":["
        out += ingredientIDs.map { "\"\($0.rawValue)\"" }.joined(separator: ",")
        out += "],\"allergenIDs\":["
        out += allergenIDs.map { "\"\($0.rawValue)\"" }.joined(separator: ",")
        out += "],\"unresolved\":["
        for (index, name) in unresolved.enumerated() {
            if index > 0 { out += "," }
            Self.appendJSONString(name, to: &out)
        }
        out += "],\"properties\":["
        out += properties.map { "{\"property\":\"\($0.property.rawValue)\",\"ingredient\":\"\($0.ingredient.rawValue)\"}" }
            .joined(separator: ",")
        out += "]}"
        return out
    }

    /// Appends `text` as a JSON string literal.
    public static func appendJSONString(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
