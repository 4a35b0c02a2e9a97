public import CatalogueCore

/// A reference-catalogue file that cannot be used: missing, unreadable, not YAML, or an entry with a wrong or
/// inconsistent field. The message names the file, the line, the entry and the field.
public struct ReferenceCatalogueError: CodedError, Equatable {
    /// The file at fault, as a path.
    public var file: String
    /// The line in the file, when known.
    public var line: Int?
    /// The entry's id or position, when the problem is inside an entry.
    public var entry: String?
    /// The field at fault, when known.
    public var field: String?
    /// What is wrong and what to do.
    public var problem: String

    public init(file: String, line: Int? = nil, entry: String? = nil, field: String? = nil, problem: String) {
        self.file = file
        self.line = line
        self.entry = entry
        self.field = field
        self.problem = problem
    }

    public var code: String { "CAT-REFERENCE" }

    public var message: String {
        var where_ = file
        if let line { where_ += ":\(line)" }
        var parts = [where_]
        if let entry { parts.append("entry '\(entry)'") }
        if let field { parts.append("field '\(field)'") }
        return parts.joined(separator: ", ") + ": " + problem
    }
}
