/// What a plugin is told about the run it reads for.
public struct FeedContext: Sendable {
    /// The feed's name for messages (a path, URL or "standard input").
    public var documentName: String
    /// The supplier's mapping, for mapped formats.
    public var mapping: FeedMapping?
    /// The most bytes a plugin may read (memory is bounded by streaming; this bounds time and disk).
    public var maxInputBytes: Int?

    public init(documentName: String, mapping: FeedMapping? = nil, maxInputBytes: Int? = nil) {
        self.documentName = documentName
        self.mapping = mapping
        self.maxInputBytes = maxInputBytes
    }
}
