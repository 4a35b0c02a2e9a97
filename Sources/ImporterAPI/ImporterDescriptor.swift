/// How a plugin describes itself: identifier, accepted format names, summary, and samples its tests run.
public struct ImporterDescriptor: Sendable, Hashable {
    /// The syntax a plugin reads.
    public enum Syntax: String, Sendable, Hashable, Codable {
        case xml, json, ndjson, html, other
    }

    /// A stable identifier, such as `google-merchant`.
    public var identifier: String
    /// The `--format` names this plugin answers to (its identifier first).
    public var formats: [String]
    /// One line for `oilcat supplier formats` and error messages.
    public var summary: String
    /// The syntax it reads.
    public var syntax: Syntax
    /// Whether the plugin needs a per-supplier mapping (`--mapping FILE`).
    public var needsMapping: Bool

    public init(identifier: String, formats: [String], summary: String, syntax: Syntax, needsMapping: Bool = false) {
        self.identifier = identifier
        self.formats = formats
        self.summary = summary
        self.syntax = syntax
        self.needsMapping = needsMapping
    }
}
