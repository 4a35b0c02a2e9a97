internal import CLibXML2

/// The SAX2 callbacks every reader's parser reports to, each forwarding to the reader's ``ParsedEvents`` (the
/// parser's owner, see `oilcat_push_parser`). Callbacks left unset: `getEntity` and `getParameterEntity` (no entity is ever looked up,
/// so none is ever expanded), `externalSubset` and `resolveEntity` (nothing is ever loaded), and the tree-building
/// ones.
enum SAXHandler {
    static func make() -> xmlSAXHandler {
        var handler = xmlSAXHandler()
        oilcat_sax2_handler_init(&handler)
        handler.startElementNs = startElement
        handler.endElementNs = endElement
        handler.characters = characters
        handler.ignorableWhitespace = characters
        handler.cdataBlock = characters
        handler.comment = comment
        handler.processingInstruction = processingInstruction
        handler.internalSubset = internalSubset
        handler.entityDecl = entityDecl
        handler.unparsedEntityDecl = unparsedEntityDecl
        handler.reference = reference
        handler.serror = structuredError
        return handler
    }
}

private func events(_ context: UnsafeMutableRawPointer?) -> ParsedEvents {
    Unmanaged<ParsedEvents>.fromOpaque(oilcat_parser_owner(context)!).takeUnretainedValue()
}

private let startElement: startElementNsSAX2Func = { context, localName, prefix, uri, _, _, attributeCount, _, attributes in
    events(context).startElement(
        localName: localName, prefix: prefix, namespaceURI: uri, attributeCount: Int(attributeCount),
        attributes: attributes
    )
}

private let endElement: endElementNsSAX2Func = { context, localName, prefix, uri in
    events(context).endElement(localName: localName, prefix: prefix, namespaceURI: uri)
}

private let characters: charactersSAXFunc = { context, bytes, count in
    guard let bytes else { return }
    events(context).characters(bytes, count: Int(count))
}

private let comment: commentSAXFunc = { context, content in
    events(context).markup(.comment, content: content)
}

private let processingInstruction: processingInstructionSAXFunc = { context, _, data in
    events(context).markup(.processingInstruction, content: data)
}

private let internalSubset: internalSubsetSAXFunc = { context, _, _, _ in
    events(context).documentType()
}

private let entityDecl: entityDeclSAXFunc = { context, _, _, _, _, _ in
    events(context).entityDeclared()
}

private let unparsedEntityDecl: unparsedEntityDeclSAXFunc = { context, _, _, _, _ in
    events(context).entityDeclared()
}

private let reference: referenceSAXFunc = { context, name in
    events(context).entityReferenced(name)
}

private let structuredError: xmlStructuredErrorFunc = { context, error in
    guard oilcat_parser_owner(context) != nil, let error else { return }
    events(context).libraryError(error.pointee)
}
