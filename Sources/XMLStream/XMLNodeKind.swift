/// The kind of node a ``XMLStreamReader`` is on. CDATA sections come as text, merged with the text around them;
/// entity references never come (a document that uses one is rejected).
public enum XMLNodeKind: Sendable, Equatable {
    /// Before the first ``XMLStreamReader/read()``.
    case start
    case element
    case endElement
    case text
    /// Text that is all spaces, tabs and line ends.
    case whitespace
    case comment
    case processingInstruction
    case documentType

    /// Whether the node carries character data (white space aside).
    public var isText: Bool { self == .text }
}

/// An attribute of the element a reader is on, copied out of libxml2.
public struct XMLAttribute: Sendable, Equatable {
    /// The local name, without prefix.
    public var localName: String
    /// The prefix, if any ("g" in g:id).
    public var prefix: String?
    /// The namespace URI, if any.
    public var namespaceURI: String?
    /// The value, entities resolved.
    public var value: String
}
