internal import CLibXML2
import Synchronization

/// A forward-only reader over an XML document on libxml2's `xmlTextReader`, safe for supplier input.
///
/// Always on, not options:
/// - `XML_PARSE_NONET`; never `NOENT`, `DTDLOAD`, `DTDATTR`, `DTDVALID`, `XINCLUDE`, `HUGE` or `RECOVER`;
/// - an external-entity loader that refuses everything (in libxml2 2.9 `NONET` does not stop `file://`);
/// - a document that declares entities, or references one, is rejected;
/// - a structured error handler per reader: any error of level ERROR or above fails the document, including the
///   namespace errors libxml2 reports while it keeps reading; every error carries line and column.
///
/// The reader owns its libxml2 handle and frees it when released; only Swift values leave it. It is not
/// thread-safe: use one reader from one task at a time.
public final class XMLStreamReader {
    private let handle: OpaquePointer
    private let input: ReaderInput
    private let errors: ErrorCollector
    // `read()` touches the properties below for every node, and the reader is used from one thread at a time (see
    // above): no run-time exclusivity checks on them.
    @exclusivity(unchecked) private var names: [UnsafeRawPointer: String] = [:]

    /// The name used in error messages (a path or a label).
    public let documentName: String
    /// The kind of the current node.
    @exclusivity(unchecked) public private(set) var kind: XMLNodeKind = .other(0)

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
        errors = ErrorCollector(documentName: documentName)
        try input.prefetch()
        // Forcing an encoding only sticks when the declaration is then ignored.
        let overridesEncoding = options.latin1AsWindows1252 && input.declaresLatin1
        let flags = Self.parserOptions | (overridesEncoding ? Int32(XML_PARSE_IGNORE_ENC.rawValue) : 0)
        let context = Unmanaged.passUnretained(input).toOpaque()
        guard
            let handle = xmlReaderForIO(
                readInput, closeInput, context, documentName, overridesEncoding ? "WINDOWS-1252" : nil, flags
            )
        else {
            throw input.failure
                ?? XMLStreamError(kind: .unreadable, document: documentName, detail: "libxml2 could not start a reader")
        }
        self.handle = handle
        xmlTextReaderSetStructuredErrorHandler(handle, collectError, Unmanaged.passUnretained(errors).toOpaque())
    }

    deinit {
        xmlFreeTextReader(handle)
    }

    /// NONET, and CDATA merged into text. Deliberately without NOENT, DTDLOAD, DTDATTR, DTDVALID, XINCLUDE, HUGE,
    /// RECOVER.
    private static let parserOptions = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue)

    // MARK: Moving

    /// Moves to the next node. Returns `false` at the end of the document.
    /// - Throws: ``XMLStreamError`` for any error libxml2 reports, an entity declaration or reference, a source
    ///   failure or the size limit.
    @discardableResult
    public func read() throws(XMLStreamError) -> Bool {
        let status = xmlTextReaderRead(handle)
        try check(status)
        guard status == 1 else { return false }
        kind = XMLNodeKind(readerType: oilcat_reader_node_type(handle))
        switch kind {
        case .documentType where oilcat_reader_declares_entities(handle) != 0:
            throw failure(.entityDeclared, "the document declares entities in its DTD; supplier feeds may not")
        case .entityReference:
            throw failure(.entityReference, "the document uses the entity '&\(localName);', which is not expanded")
        default:
            return true
        }
    }

    /// Skips the current element's subtree and moves to the node after it.
    @discardableResult
    public func skipElement() throws(XMLStreamError) -> Bool {
        let status = xmlTextReaderNext(handle)
        try check(status)
        guard status == 1 else { return false }
        kind = XMLNodeKind(readerType: oilcat_reader_node_type(handle))
        return true
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

    private func check(_ status: Int32) throws(XMLStreamError) {
        if let failure = input.failure { throw failure }
        if let error = errors.first { throw error }
        if status < 0 { throw failure(.malformed, "the parser stopped on an error") }
    }

    /// An error at the current node: its own line where libxml2 knows it, else the parser's position.
    private func failure(_ kind: XMLStreamError.Kind, _ detail: String) -> XMLStreamError {
        let nodeLine = line
        return XMLStreamError(
            kind: kind, document: documentName, line: nodeLine > 0 ? nodeLine : parserLine,
            column: nodeLine > 0 ? 0 : Int(xmlTextReaderGetParserColumnNumber(handle)), detail: detail
        )
    }

    // MARK: The current node

    /// The local name of the current node (no prefix), or "" when it has none.
    public var localName: String { name(xmlTextReaderConstLocalName(handle)) ?? "" }
    /// The prefix of the current node's name, if any.
    public var prefix: String? { name(xmlTextReaderConstPrefix(handle)) }
    /// The namespace URI of the current node, if any.
    public var namespaceURI: String? { name(xmlTextReaderConstNamespaceUri(handle)) }
    /// The depth of the current node; the root element is at 0.
    public var depth: Int { Int(xmlTextReaderDepth(handle)) }
    /// Whether the current element is written `<empty/>`.
    public var isEmptyElement: Bool { xmlTextReaderIsEmptyElement(handle) == 1 }
    /// The source line of the current node (an element's start tag).
    public var line: Int { Int(oilcat_reader_node_line(handle)) }
    /// The parser's current line, which may be ahead of the current node.
    public var parserLine: Int { Int(xmlTextReaderGetParserLineNumber(handle)) }
    /// Bytes of the input consumed so far, for progress.
    public var bytesConsumed: Int { Int(xmlTextReaderByteConsumed(handle)) }
    /// Bytes pulled from the source so far.
    public var bytesRead: Int { input.total }
    /// Warnings libxml2 reported (level WARNING), which do not fail the document.
    public var warnings: [String] { errors.warnings }

    /// The text of a text, CDATA, whitespace or comment node; `nil` for other nodes.
    public var value: String? {
        guard let text = xmlTextReaderConstValue(handle) else { return nil }
        return String(cString: text)
    }

    /// The attributes of the current element, namespace declarations left out.
    public var attributes: [XMLAttribute] {
        guard kind == .element, xmlTextReaderHasAttributes(handle) == 1 else { return [] }
        var result: [XMLAttribute] = []
        var more = xmlTextReaderMoveToFirstAttribute(handle)
        while more == 1 {
            if xmlTextReaderIsNamespaceDecl(handle) != 1 {
                result.append(
                    XMLAttribute(localName: localName, prefix: prefix, namespaceURI: namespaceURI, value: value ?? "")
                )
            }
            more = xmlTextReaderMoveToNextAttribute(handle)
        }
        xmlTextReaderMoveToElement(handle)
        return result
    }

    /// The value of the attribute with this local name, whatever its namespace.
    public func attribute(_ localName: String) -> String? {
        attributes.first { $0.localName == localName }?.value
    }

    /// Names come from libxml2's dictionary and live as long as the reader: convert each once.
    private func name(_ pointer: UnsafePointer<xmlChar>?) -> String? {
        guard let pointer else { return nil }
        let key = UnsafeRawPointer(pointer)
        if let cached = names[key] { return cached }
        let text = String(cString: pointer)
        names[key] = text
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

private let readInput: xmlInputReadCallback = { context, buffer, length in
    guard let context, let buffer, length > 0 else { return -1 }
    let input = Unmanaged<ReaderInput>.fromOpaque(context).takeUnretainedValue()
    return input.fill(UnsafeMutableRawBufferPointer(start: buffer, count: Int(length)))
}

private let closeInput: xmlInputCloseCallback = { _ in 0 }

private let collectError: xmlStructuredErrorFunc = { context, error in
    guard let context, let error else { return }
    Unmanaged<ErrorCollector>.fromOpaque(context).takeUnretainedValue().record(error.pointee)
}
