import ImporterAPI
import XMLStream

/// One record's subtree, copied out of the reader so paths can be looked up in any order. Records are small; the
/// feed around them is never held, and a record is kept to ``maxElements`` elements (memory stays flat whatever a
/// feed nests inside one record).
final class XMLRecordTree {
    let name: String
    let attributes: [XMLAttribute]
    var text = ""
    var children: [XMLRecordTree] = []
    /// Whether elements past ``maxElements`` were read but not kept: the record is incomplete.
    private(set) var isTruncated = false

    /// The most elements a record keeps; real product records have a few hundred.
    static let maxElements = 20_000

    init(name: String, attributes: [XMLAttribute]) {
        self.name = name
        self.attributes = attributes
    }

    /// Reads the element the reader is on, and its subtree, leaving the reader on its end.
    static func read(from reader: XMLStreamReader) throws -> XMLRecordTree {
        let root = XMLRecordTree(name: reader.localName, attributes: reader.attributes)
        if reader.isEmptyElement { return root }
        var stack = [root]
        var elements = 1
        // Open elements below the cap, read to find the record's end but not kept.
        var dropped = 0
        while try reader.read() {
            switch reader.kind {
            case .element:
                elements += 1
                if dropped > 0 || elements > maxElements {
                    root.isTruncated = true
                    if !reader.isEmptyElement { dropped += 1 }
                    continue
                }
                let child = XMLRecordTree(name: reader.localName, attributes: reader.attributes)
                stack.last?.children.append(child)
                if !reader.isEmptyElement { stack.append(child) }
            case .endElement:
                if dropped > 0 {
                    dropped -= 1
                    continue
                }
                stack.removeLast()
                if stack.isEmpty { return root }
            case .text where dropped > 0, .whitespace where dropped > 0:
                continue
            case .text:
                stack.last?.text += reader.value ?? ""
            case .whitespace:
                if let last = stack.last, !last.text.isEmpty { last.text += reader.value ?? "" }
            default:
                break
            }
        }
        return root
    }

    /// The rejection of a record past ``maxElements``: read, but too large to be kept whole.
    func tooLarge(position: RecordPosition, sku: String?) -> RecordDiagnostic {
        RecordDiagnostic(
            position: position, sku: sku, field: name, code: "record-too-large",
            reason: "the \(name) has more than \(Self.maxElements) elements (real products have a few hundred), so it was not "
                + "read whole; check the feed's export"
        )
    }

    /// The first child with this local name.
    func child(_ name: String) -> XMLRecordTree? { children.first { $0.name == name } }

    /// Every child with this local name.
    func children(_ name: String) -> [XMLRecordTree] { children.filter { $0.name == name } }

    /// An attribute's value by local name.
    func attribute(_ name: String) -> String? { attributes.first { $0.localName == name }?.value }

    /// The trimmed text, `nil` when empty.
    var value: String? {
        let trimmed = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return trimmed.isEmpty ? nil : trimmed
    }

    /// Values at a path relative to this element: `a/b` for child elements, `@x` or `a/@x` for attributes.
    func values(at path: String) -> [String] {
        var nodes = [self]
        let steps = path.split(separator: "/").map(String.init)
        for (offset, step) in steps.enumerated() {
            if step.hasPrefix("@") {
                guard offset == steps.count - 1 else { return [] }
                return nodes.compactMap { $0.attribute(String(step.dropFirst())) }
            }
            nodes = nodes.flatMap { $0.children(step) }
        }
        return nodes.compactMap(\.value)
    }
}
