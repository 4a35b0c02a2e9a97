/// The kind of node a ``XMLStreamReader`` is on.
public enum XMLNodeKind: Sendable, Equatable {
    case element
    case endElement
    case text
    case cdata
    case whitespace
    case comment
    case processingInstruction
    case documentType
    case entityReference
    case other(Int32)

    init(readerType: Int32) {
        switch readerType {
        case 1: self = .element
        case 15: self = .endElement
        case 3: self = .text
        case 4: self = .cdata
        case 13, 14: self = .whitespace
        case 8: self = .comment
        case 7: self = .processingInstruction
        case 10: self = .documentType
        case 5: self = .entityReference
        default: self = .other(readerType)
        }
    }

    /// Whether the node carries character data (text or CDATA).
    public var isText: Bool { self == .text || self == .cdata }
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
