internal import CLibXML2

/// One node as libxml2's SAX2 parser reported it. Names are pointers into the parser's dictionary, which lives as
/// long as the parser; text lives in ``ParsedEvents``' byte store until the next chunk is parsed.
struct ParsedEvent {
    var kind: XMLNodeKind
    var localName: UnsafeRawPointer?
    var prefix: UnsafeRawPointer?
    var namespaceURI: UnsafeRawPointer?
    var depth = 0
    var line = 0
    var isEmptyElement = false
    var textStart = 0
    var textCount = 0
    /// An index into ``ParsedEvents/attributeLists``, or -1 when the element has none.
    var attributes = -1

    init(kind: XMLNodeKind) {
        self.kind = kind
    }
}

/// Receives one parser's SAX2 callbacks and keeps the nodes of the chunk being parsed, in document order, for the
/// reader to hand out one at a time.
///
/// Adjacent character data (text split at chunk edges, entity references such as `&amp;`, CDATA sections) is
/// merged into one text node, which is white space when every character is. A text node still open at the end of
/// a chunk is held back until the markup after it shows it complete. After the first failure nothing more is
/// kept: the nodes before it are handed out, then the failure.
final class ParsedEvents {
    /// The longest text node accepted, as libxml2's own limit without `XML_PARSE_HUGE`: a text run that never ends
    /// would otherwise hold the rest of the feed in memory.
    static let maximumTextLength = 10_000_000

    let documentName: String
    // The callbacks touch the properties below for every node, on the one thread that owns the reader: no run-time
    // exclusivity checks on them.
    /// Set once the parser exists, before the first chunk is parsed.
    @exclusivity(unchecked) var parser: xmlParserCtxtPtr?
    @exclusivity(unchecked) private(set) var events: [ParsedEvent] = []
    @exclusivity(unchecked) private(set) var text: [UInt8] = []
    @exclusivity(unchecked) private(set) var attributeLists: [[XMLAttribute]] = []
    /// The first failure: libxml2's first error of level ERROR or above, an entity, or an over-long text node.
    @exclusivity(unchecked) private(set) var failure: XMLStreamError? {
        didSet { hasFailed = failure != nil }
    }
    /// `failure != nil`, kept as a flag: every callback checks it, and testing the optional error costs a generic
    /// call each time.
    @exclusivity(unchecked) private var hasFailed = false

    @exclusivity(unchecked) private var level = 0
    @exclusivity(unchecked) private var textIsOpen = false
    @exclusivity(unchecked) private var openTextIsBlank = true
    /// The end-element callback libxml2 makes right after the start of an `<empty/>` element, which is not a node.
    @exclusivity(unchecked) private var skipsNextEnd = false
    /// Whether the document has had an element: libxml2 reports an empty file as "extra content at the end".
    @exclusivity(unchecked) private var sawElement = false

    init(documentName: String) {
        self.documentName = documentName
        events.reserveCapacity(8192)
        text.reserveCapacity(128 * 1024)
    }

    /// How many nodes can be handed out: all but a text node that may go on in the next chunk.
    func deliverable(parsingIsOver: Bool) -> Int {
        textIsOpen && !parsingIsOver ? events.count - 1 : events.count
    }

    /// Forgets the nodes handed out before parsing the next chunk, keeping a text node still open (moved to the
    /// start of the byte store once, so a long text run is not moved again at every chunk).
    func discardDelivered() {
        guard textIsOpen, var open = events.last else {
            events.removeAll(keepingCapacity: true)
            text.removeAll(keepingCapacity: true)
            attributeLists.removeAll(keepingCapacity: true)
            return
        }
        if open.textStart > 0 {
            text.removeSubrange(0..<open.textStart)
            open.textStart = 0
        }
        events.removeAll(keepingCapacity: true)
        events.append(open)
        attributeLists.removeAll(keepingCapacity: true)
    }

    /// Ends a text node left open by the end of the document.
    func documentEnded() {
        closeText()
    }

    // MARK: Callbacks

    func startElement(
        localName: UnsafePointer<xmlChar>?, prefix: UnsafePointer<xmlChar>?, namespaceURI: UnsafePointer<xmlChar>?,
        attributeCount: Int, attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    ) {
        guard !hasFailed, let parser else { return }
        closeText()
        sawElement = true
        var event = node(.element, parser, localName: localName, prefix: prefix, namespaceURI: namespaceURI)
        event.isEmptyElement = oilcat_parser_at_empty_tag_end(parser) != 0
        if attributeCount > 0, let attributes {
            event.attributes = attributeLists.count
            attributeLists.append(Self.attributes(attributes, count: attributeCount))
        }
        events.append(event)
        if event.isEmptyElement { skipsNextEnd = true } else { level += 1 }
    }

    func endElement(localName: UnsafePointer<xmlChar>?, prefix: UnsafePointer<xmlChar>?, namespaceURI: UnsafePointer<xmlChar>?) {
        guard !hasFailed, let parser else { return }
        if skipsNextEnd {
            skipsNextEnd = false
            return
        }
        closeText()
        level -= 1
        events.append(node(.endElement, parser, localName: localName, prefix: prefix, namespaceURI: namespaceURI))
    }

    func characters(_ bytes: UnsafePointer<xmlChar>, count: Int) {
        guard !hasFailed, let parser, count > 0 else { return }
        let piece = UnsafeBufferPointer(start: bytes, count: count)
        if !textIsOpen {
            var event = node(.text, parser)
            event.textStart = text.count
            events.append(event)
            textIsOpen = true
            openTextIsBlank = true
        }
        if openTextIsBlank {
            openTextIsBlank = piece.allSatisfy { $0 == 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D }
        }
        text.append(contentsOf: piece)
        events[events.count - 1].textCount += count
        if events[events.count - 1].textCount > Self.maximumTextLength {
            fail(.malformed, "a text node is longer than \(Self.maximumTextLength) bytes")
        }
    }

    /// A comment or processing instruction, kept with its text.
    func markup(_ kind: XMLNodeKind, content: UnsafePointer<xmlChar>?) {
        guard !hasFailed, let parser else { return }
        closeText()
        var event = node(kind, parser)
        event.textStart = text.count
        if let content {
            let count = strlen(content)
            text.append(contentsOf: UnsafeBufferPointer(start: content, count: count))
            event.textCount = count
        }
        events.append(event)
    }

    func documentType() {
        guard !hasFailed, let parser else { return }
        events.append(node(.documentType, parser))
    }

    /// Any entity declaration, general or parameter, parsed or not: how XXE and billion-laughs attacks start.
    func entityDeclared() {
        fail(.entityDeclared, "the document declares entities in its DTD; supplier feeds may not")
    }

    /// A reference to an entity that is not one of XML's five predefined ones.
    func entityReferenced(_ name: UnsafePointer<xmlChar>?) {
        let name = name.map { String(cString: $0) } ?? ""
        fail(.entityReference, "the document uses the entity '&\(name);', which is not expanded")
    }

    /// libxml2's structured errors: the first of level ERROR or above fails the document, including the namespace
    /// errors libxml2 reports while it keeps reading. Warnings do not.
    func libraryError(_ error: xmlError) {
        guard !hasFailed, error.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        // Some messages run over lines ("…indicate encoding !\nBytes: 0xFF…"): a report gets them on one.
        var detail = (error.message.map { String(cString: $0) } ?? "unknown libxml2 error")
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
        // XML_ERR_DOCUMENT_EMPTY, or XML_ERR_DOCUMENT_END at the end of a file with nothing in it.
        if !sawElement, error.code == 4 || error.code == 5 {
            detail = "the document holds no XML element: the file is empty or has only white space (did the supplier's export fail?)"
        }
        failure = XMLStreamError(
            kind: .malformed, document: documentName, line: Int(error.line), column: Int(error.int2), detail: detail,
            libxmlCode: error.code
        )
    }

    /// Records a failure found outside libxml2 (the source, the size limit) unless one came first.
    func fail(_ error: XMLStreamError) {
        if !hasFailed { failure = error }
    }

    private func fail(_ kind: XMLStreamError.Kind, _ detail: String) {
        guard !hasFailed else { return }
        let line = parser.map { oilcat_parser_line($0) } ?? 0
        let column = parser.map { oilcat_parser_column($0) } ?? 0
        failure = XMLStreamError(kind: kind, document: documentName, line: line, column: column, detail: detail)
        if let parser { xmlStopParser(parser) }
    }

    /// A node at the current level and the parser's line.
    private func node(
        _ kind: XMLNodeKind, _ parser: xmlParserCtxtPtr, localName: UnsafePointer<xmlChar>? = nil,
        prefix: UnsafePointer<xmlChar>? = nil, namespaceURI: UnsafePointer<xmlChar>? = nil
    ) -> ParsedEvent {
        var event = ParsedEvent(kind: kind)
        event.localName = UnsafeRawPointer(localName)
        event.prefix = UnsafeRawPointer(prefix)
        event.namespaceURI = UnsafeRawPointer(namespaceURI)
        event.depth = level
        event.line = oilcat_parser_line(parser)
        return event
    }

    private func closeText() {
        guard textIsOpen else { return }
        textIsOpen = false
        if openTextIsBlank { events[events.count - 1].kind = .whitespace }
    }

    /// SAX2 passes five pointers per attribute: local name, prefix, namespace URI, value start, value end. With
    /// entities left unexpanded, libxml2 writes `&` in a value as `&#38;`, and nothing else puts `&` there.
    private static func attributes(_ values: UnsafeMutablePointer<UnsafePointer<xmlChar>?>, count: Int) -> [XMLAttribute] {
        (0..<count).map { index in
            let base = values + 5 * index
            let localName = base[0].map { String(cString: $0) } ?? ""
            var value = ""
            if let start = base[3], let end = base[4] {
                value = String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
                if value.utf8.contains(UInt8(ascii: "&")) { value = value.replacing("&#38;", with: "&") }
            }
            return XMLAttribute(
                localName: localName, prefix: base[1].map { String(cString: $0) },
                namespaceURI: base[2].map { String(cString: $0) }, value: value
            )
        }
    }
}
