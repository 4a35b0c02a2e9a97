/// An explicit list of importers, looked up by format name or recognised from a feed's first bytes.
public struct ImporterRegistry: Sendable {
    /// The importers, in recognition order (the most specific first).
    public let importers: [any FeedImporter]

    public init(_ importers: [any FeedImporter]) {
        self.importers = importers
    }

    /// The importer answering to `format` (case-insensitive).
    public func importer(forFormat format: String) -> (any FeedImporter)? {
        let wanted = format.lowercased()
        return importers.first { $0.descriptor.formats.contains(wanted) }
    }

    /// The first importer that recognises `head` and needs no mapping.
    public func recognise(_ head: FeedHead) -> (any FeedImporter)? {
        importers.first { !$0.descriptor.needsMapping && $0.recognises(head) }
    }

    /// Every format name, for help and errors.
    public var formatNames: [String] { importers.flatMap(\.descriptor.formats) }
}
