public import ImporterAPI
import StrictJSON

/// Any JSON feed through a per-supplier mapping: the dotted path of the records array (`data.items`, or empty for
/// a top-level array) and a dotted path per field. Streams the records array.
public struct MappedJSONImporter: FeedImporter {
    public let descriptor = ImporterDescriptor(
        identifier: "json", formats: ["json", "mapped-json"],
        summary: "any JSON feed, mapped per supplier (records array and field paths)", syntax: .json, needsMapping: true
    )

    public init() {}

    public func recognises(_ head: FeedHead) -> Bool { head.jsonStart != nil }

    public func read(_ source: any FeedByteSource, context: FeedContext, emit: (FeedEvent) throws -> Void) throws {
        guard let mapping = context.mapping else {
            throw FeedError(code: "mapping-missing", message: "the json format needs a mapping: oilcat supplier add … --mapping FILE")
        }
        try mapping.validate()
        try emit(.kind(mapping.kind))
        let path = mapping.record.split(separator: ".").map(String.init)
        var parser = JSONStreamParser(source: source)
        var index = 0
        let found = try readingJSON {
            try parser.streamDocument(arrayAt: path) { element, line in
                index += 1
                let position = RecordPosition(line: line, index: index)
                guard case .object = element else {
                    return try emit(.rejected(RecordDiagnostic(position: position, code: "not-an-object", reason: "each record must be a JSON object")))
                }
                try emit(MappedRecord.make(position: position, mapping: mapping) { element.values(at: $0).compactMap(\.text) })
            }
        }
        guard found else {
            throw FeedError(
                code: "mapping-record-not-found",
                message: "no array at the mapping's record path '\(mapping.record)'"
            )
        }
    }
}
