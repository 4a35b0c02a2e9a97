/// Why a document was rejected, with where.
///
/// Any libxml2 error of level ERROR or above fails the document, including namespace errors that the reader
/// reports while it keeps going.
public struct XMLStreamError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kinds of failure.
    public enum Kind: String, Sendable, Equatable {
        /// Not well-formed XML, or an encoding error (invalid UTF-8, unknown encoding).
        case malformed = "XML-MALFORMED"
        /// The document declares entities in its DTD (how XXE and billion-laughs attacks work).
        case entityDeclared = "XML-ENTITY-DECLARED"
        /// The document references an entity that would have to be expanded.
        case entityReference = "XML-ENTITY-REFERENCE"
        /// The input is larger than the configured limit.
        case inputTooLarge = "XML-TOO-LARGE"
        /// The input could not be opened or read.
        case unreadable = "XML-UNREADABLE"
    }

    /// What went wrong.
    public var kind: Kind
    /// The document's name (a path or a label).
    public var document: String
    /// The line, 1-based, or 0 when unknown.
    public var line: Int
    /// The column, 1-based, or 0 when unknown.
    public var column: Int
    /// The detail, as libxml2 or the wrapper worded it.
    public var detail: String
    /// libxml2's error code, when the error came from libxml2.
    public var libxmlCode: Int32?

    public init(
        kind: Kind, document: String, line: Int = 0, column: Int = 0, detail: String, libxmlCode: Int32? = nil
    ) {
        self.kind = kind
        self.document = document
        self.line = line
        self.column = column
        self.detail = detail
        self.libxmlCode = libxmlCode
    }

    /// A stable code for scripts.
    public var code: String { kind.rawValue }

    /// "feed.xml:12:5: detail".
    public var location: String {
        var text = document
        if line > 0 { text += ":\(line)" }
        if column > 0 { text += ":\(column)" }
        return text
    }

    public var description: String {
        var text = "\(location): \(detail)"
        if let libxmlCode { text += " (libxml2 error \(libxmlCode))" }
        return text + " [\(code)]"
    }
}
