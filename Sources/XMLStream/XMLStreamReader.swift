internal import CLibXML2
import Synchronization

/// A forward-only reader over an XML document, safe for supplier input: libxml2's SAX2 push parser fed in chunks,
/// its callbacks kept as nodes and handed out one at a time (no document tree is built, not even per node).
///
/// Always on, not options:
/// - `XML_PARSE_NONET`; never `NOENT`, `DTDLOAD`, `DTDATTR`, `DTDVALID`, `XINCLUDE`, `HUGE` or `RECOVER`;
/// - no entity is ever looked up or expanded, and an external-entity loader that refuses everything (in libxml2
///   2.9 `NONET` does not stop `file://`);
/// - a document that declares entities, or references one, is rejected;
/// - errors reported to this reader's parser only: any error of level ERROR or above fails the document, including
///   the namespace errors libxml2 reports while it keeps reading; every error carries line and column;
/// - a text node longer than 10 MB fails the document.
///
/// The reader owns its parser and frees it when released; only Swift values leave it. It is not thread-safe: use
/// one reader from one task at a time.
public final class XMLStreamReader {
    private let parser: xmlParserCtxtPtr
    private let input: ReaderInput
    private let events: ParsedEvents
    private let chunk: UnsafeMutableRawBufferPointer
    private var parsingIsOver = false
    // `read()` touches the properties below for every node, and the reader is used from one thread at a time (see
    // above): no run-time exclusivity checks on them.
    @exclusivity(unchecked) private var names: [UnsafeRawPointer: String] = [:]
    @exclusivity(unchecked) private var cursor = 0
    @exclusivity(unchecked) private var deliverable = 0
    @exclusivity(unchecked) private var current = ParsedEvent(kind: .start)

    /// Bytes handed to the parser at a time.
    static let chunkSize = 64 * 1024

    /// The name used in error messages (a path or a label).
    public let documentName: String
    /// The kind of the current node.
    public var kind: XMLNodeKind { current.kind }

    /// Opens the file at `path`.
    public convenience init(path: String, options: XMLStreamOptions = .init()) throws(XMLStreamError) {
        try self.init(source: try FileByteSource(path: path), documentName: path, options: options)
    }

    /// Reads a document held in memory.
    public convenience init(
        bytes: [UInt8], documentName: String = "document", options: XMLStreamOptions = .init()
    ) throws(XMLStreamError) {
        try self.init(source: MemoryByteSource(bytes), documentName: documentName, options: options)
    }

    /// Reads a document from `source`, pulling bytes as it goes.
    public init(
        source: any XMLByteSource, documentName: String, options: XMLStreamOptions = .init()
    ) throws(XMLStreamError) {
        Self.prepareLibrary()
        self.documentName = documentName
        input = ReaderInput(source: source, limit: options.maxInputBytes, documentName: documentName)
        events = ParsedEvents(documentName: documentName)
        try input.prefetch()
        // Forcing an encoding only sticks when the declaration is then ignored.
        let overridesEncoding = options.latin1AsWindows1252 && input.declaresLatin1
        let flags = Self.parserOptions | (overridesEncoding ? Int32(XML_PARSE_IGNORE_ENC.rawValue) : 0)
        var handler = SAXHandler.make()
        guard
            let parser = oilcat_push_parser(
                &handler, Unmanaged.passUnretained(events).toOpaque(), documentName,
                overridesEncoding ? "WINDOWS-1252" : nil, flags
            )
        else {
            throw XMLStreamError(kind: .unreadable, document: documentName, detail: "libxml2 could not start a parser")
        }
        self.parser = parser
        events.parser = parser
        chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.chunkSize, alignment: 16)
    }

    deinit {
        xmlFreeParserCtxt(parser)
        chunk.deallocate()
    }

    /// NONET. Deliberately without NOENT, DTDLOAD, DTDATTR, DTDVALID, XINCLUDE, HUGE, RECOVER.
    private static let parserOptions = Int32(XML_PARSE_NONET.rawValue)

    // MARK: Moving

    /// Moves to the next node. Returns `false` at the end of the document.
    /// - Throws: ``XMLStreamError`` for any error libxml2 reports, an entity declaration or reference, a source
    ///   failure or the size limit, once the nodes before it have been read.
    @discardableResult
    public func read() throws(XMLStreamError) -> Bool {
        while cursor == deliverable {
            if let failure = events.failure { throw failure }
            if parsingIsOver { return false }
            parseNextChunk()
        }
        current = events.events[cursor]
        cursor += 1
        return true
    }

    /// Feeds the parser the next chunk of input (or tells it the input has ended), after forgetting the nodes
    /// already read.
    private func parseNextChunk() {
        events.discardDelivered()
        cursor = 0
        let count = Int(input.fill(chunk))
        if count < 0 {
            events.fail(
                input.failure
                    ?? XMLStreamError(kind: .unreadable, document: documentName, detail: "the input could not be read")
            )
            parsingIsOver = true
        } else {
            let status = xmlParseChunk(parser, chunk.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(count), count == 0 ? 1 : 0)
            if count == 0 {
                parsingIsOver = true
                events.documentEnded()
            }
            if status != 0 {
                events.fail(
                    XMLStreamError(
                        kind: .malformed, document: documentName, line: parserLine,
                        column: Int(oilcat_parser_column(parser)), detail: "the parser stopped on an error",
                        libxmlCode: status
                    )
                )
            }
            if events.failure != nil { parsingIsOver = true }
        }
        deliverable = events.deliverable(parsingIsOver: parsingIsOver)
    }

    /// On an element, reads the text of its whole subtree and stops on its end (or on the element itself when it
    /// is empty). On a text node, returns that text.
    public func readElementText() throws(XMLStreamError) -> String {
        guard kind == .element else { return value ?? "" }
        if isEmptyElement { return "" }
        let start = depth
        // Usually one text node: take it as it is, append only when there are more.
        var text: String?
        while try read() {
            if kind.isText || kind == .whitespace, let piece = value {
                if text == nil { text = piece } else { text! += piece }
            }
            if kind == .endElement && depth == start { break }
        }
        return text ?? ""
    }

    // MARK: The current node

    /// The local name of the current element (no prefix), or "" for other nodes.
    public var localName: String { name(current.localName) ?? "" }
    /// The prefix of the current element's name, if any.
    public var prefix: String? { name(current.prefix) }
    /// The namespace URI of the current element, if any.
    public var namespaceURI: String? { name(current.namespaceURI) }
    /// The depth of the current node; the root element is at 0.
    public var depth: Int { current.depth }
    /// Whether the current element is written `<empty/>` (or `<empty></empty>`); such an element has no end node.
    public var isEmptyElement: Bool { current.isEmptyElement }
    /// The source line of the current node (for an element, where its start tag ends).
    public var line: Int { current.line }
    /// The parser's current line, which may be ahead of the current node.
    private var parserLine: Int { Int(oilcat_parser_line(parser)) }
    /// Bytes pulled from the source so far.
    public var bytesRead: Int { input.total }

    /// The text of a text, white-space, comment or processing-instruction node; `nil` for other nodes.
    public var value: String? {
        switch current.kind {
        case .text, .whitespace, .comment, .processingInstruction:
            events.text.withUnsafeBufferPointer { bytes in
                String(decoding: bytes[current.textStart..<current.textStart + current.textCount], as: UTF8.self)
            }
        default:
            nil
        }
    }

    /// The attributes of the current element, namespace declarations left out.
    public var attributes: [XMLAttribute] {
        guard current.kind == .element, current.attributes >= 0 else { return [] }
        return events.attributeLists[current.attributes]
    }

    /// The value of the attribute with this local name, whatever its namespace.
    public func attribute(_ localName: String) -> String? {
        attributes.first { $0.localName == localName }?.value
    }

    /// Names come from libxml2's dictionary and live as long as the reader: convert each once.
    private func name(_ pointer: UnsafeRawPointer?) -> String? {
        guard let pointer else { return nil }
        if let cached = names[pointer] { return cached }
        let text = String(cString: pointer.assumingMemoryBound(to: CChar.self))
        names[pointer] = text
        return text
    }

    // MARK: The library

    /// The libxml2 version this process runs against, such as "2.9.14".
    public static var libraryVersion: String { String(cString: oilcat_libxml_dotted_version()) }

    /// How many external-entity loads the deny-all loader has refused in this process.
    package static var refusedEntityLoads: Int { refusedLoads.load(ordering: .relaxed) }

    private static func prepareLibrary() { _ = libraryPrepared }

    /// `xmlInitParser()` once, and the deny-all loader; never `xmlCleanupParser()` from library code.
    private static let libraryPrepared: Void = {
        xmlInitParser()
        xmlSetExternalEntityLoader(denyEntityLoad)
    }()
}

private let refusedLoads = Atomic<Int>(0)

private let denyEntityLoad: xmlExternalEntityLoader = { _, _, _ in
    refusedLoads.add(1, ordering: .relaxed)
    return nil
}
