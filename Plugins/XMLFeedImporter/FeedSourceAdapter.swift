import ImporterAPI
import XMLStream

/// Lets libxml2 pull from the pipeline's byte source, keeping the source's own error.
final class FeedSourceAdapter: XMLByteSource {
    private let source: any FeedByteSource
    private let name: String
    private(set) var failure: (any Error)?

    init(_ source: any FeedByteSource, name: String) {
        self.source = source
        self.name = name
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(XMLStreamError) -> Int {
        do {
            return try source.read(into: buffer)
        } catch {
            failure = error
            throw XMLStreamError(kind: .unreadable, document: name, detail: "\(error)")
        }
    }
}

extension XMLStreamReader {
    /// Opens a reader over a plugin's byte source with the context's size limit.
    static func open(_ source: any FeedByteSource, context: FeedContext) throws -> (XMLStreamReader, FeedSourceAdapter) {
        let adapter = FeedSourceAdapter(source, name: context.documentName)
        do {
            let reader = try XMLStreamReader(
                source: adapter, documentName: context.documentName,
                options: XMLStreamOptions(maxInputBytes: context.maxInputBytes)
            )
            return (reader, adapter)
        } catch {
            throw adapter.failure ?? FeedError(xml: error)
        }
    }
}

extension FeedError {
    /// A libxml2 or wrapper error as a feed error, keeping line and column.
    init(xml error: XMLStreamError) {
        let code: String = switch error.kind {
        case .malformed: "malformed-xml"
        case .entityDeclared, .entityReference: "unsafe-xml"
        case .inputTooLarge: "feed-too-large"
        case .unreadable: "unreadable-feed"
        }
        var message = error.detail
        if let libxmlCode = error.libxmlCode { message += " (libxml2 error \(libxmlCode))" }
        self.init(
            code: code, message: message, line: error.line > 0 ? error.line : nil,
            column: error.column > 0 ? error.column : nil
        )
    }
}

/// Runs a reading loop, turning wrapper errors into feed errors and keeping the source's own failure.
func readingXML(_ adapter: FeedSourceAdapter, _ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as XMLStreamError {
        throw adapter.failure ?? FeedError(xml: error)
    }
}
