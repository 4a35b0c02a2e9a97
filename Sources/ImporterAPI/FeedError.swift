/// A feed that cannot be read at all: malformed, truncated, of the wrong format, or unsafe. Nothing from it is
/// applied.
public struct FeedError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable code, such as `malformed-json`.
    public var code: String
    /// What is wrong, for a person.
    public var message: String
    /// Where, when known.
    public var line: Int?
    public var column: Int?

    public init(code: String, message: String, line: Int? = nil, column: Int? = nil) {
        self.code = code
        self.message = message
        self.line = line
        self.column = column
    }

    public var description: String {
        var location = ""
        if let line { location = "line \(line)" + (column.map { ", column \($0)" } ?? "") + ": " }
        return location + message
    }
}
