import XMLStream

/// One record's subtree, copied out of the reader so paths can be looked up in any order. Records are small; the
/// feed around them is never held.
final class XMLRecordTree {
    let name: String
    let attributes: [XMLAttribute]
    var text = ""
    var children: [XMLRecordTree] = []

    init(name: String, attributes: [XMLAttribute]) {
        self.name = name
        self.attributes = attributes
    }

    /// Reads the element the reader is on, and its subtree, leaving the reader on its end.
    static func read(from reader: XMLStreamReader) throws -> XMLRecordTree {
        let root = XMLRecordTree(name: reader.localName, attributes: reader.attributes)
        if reader.isEmptyElement { return root }
        var stack = [root]
        while try reader.read() {
            switch reader.kind {
            case .element:
                let child = XMLRecordTree(name: reader.localName, attributes: reader.attributes)
                stack.last?.children.append(child)
                if !reader.isEmptyElement { stack.append(child) }
            case .endElement:
                stack.removeLast()
                if stack.isEmpty { return root }
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
