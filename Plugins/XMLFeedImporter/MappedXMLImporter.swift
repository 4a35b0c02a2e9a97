public import ImporterAPI
import XMLStream

/// Any XML feed, through a per-supplier mapping: the record element and a path per field.
public struct MappedXMLImporter: FeedImporter {
    public let descriptor = ImporterDescriptor(
        identifier: "xml", formats: ["xml", "mapped-xml"],
        summary: "any XML feed, mapped per supplier (record element and field paths, attributes included)",
        syntax: .xml, needsMapping: true
    )

    public init() {}

    public func recognises(_ head: FeedHead) -> Bool { head.xmlRootElement != nil }

    public func read(_ source: any FeedByteSource, context: FeedContext, emit: (FeedEvent) throws -> Void) throws {
        guard let mapping = context.mapping else {
            throw FeedError(code: "mapping-missing", message: "the xml format needs a mapping: oilcat supplier add … --mapping FILE")
        }
        try mapping.validate()
        let recordPath = mapping.record.split(separator: "/").map(String.init)
        guard !recordPath.isEmpty else {
            throw FeedError(code: "mapping-no-record", message: "the mapping must name the record element under 'record'")
        }
        let (reader, adapter) = try XMLStreamReader.open(source, context: context)
        try emit(.kind(mapping.kind))
        var path: [String] = []
        var index = 0
        try readingXML(adapter) {
            while try reader.read() {
                switch reader.kind {
                case .element:
                    path.append(reader.localName)
                    if path.count >= recordPath.count, Array(path.suffix(recordPath.count)) == recordPath {
                        index += 1
                        let position = RecordPosition(line: reader.line, index: index)
                        let tree = try XMLRecordTree.read(from: reader)
                        path.removeLast()
                        if tree.isTruncated {
                            try emit(.rejected(tree.tooLarge(position: position, sku: nil)))
                        } else {
                            try emit(MappedRecord.make(position: position, mapping: mapping) { tree.values(at: $0) })
                        }
                    } else if reader.isEmptyElement {
                        path.removeLast()
                    }
                case .endElement:
                    path.removeLast()
                default:
                    break
                }
            }
        }
    }
}
