/// Limits and choices for one ``XMLStreamReader``. The protections themselves (no network, no entity expansion,
/// no DTD loading, deny-all entity loader, every error fatal) are not options: they are always on.
public struct XMLStreamOptions: Sendable {
    /// The most bytes the reader will pull from its source; `nil` for no limit (streaming keeps memory bounded
    /// either way).
    public var maxInputBytes: Int?
    /// Decode a document that declares ISO-8859-1 as Windows-1252, which is what such feeds usually are (the two
    /// differ only in 0x80–0x9F, where Windows-1252 has €, quotes and dashes).
    public var latin1AsWindows1252: Bool

    public init(maxInputBytes: Int? = nil, latin1AsWindows1252: Bool = true) {
        self.maxInputBytes = maxInputBytes
        self.latin1AsWindows1252 = latin1AsWindows1252
    }
}
