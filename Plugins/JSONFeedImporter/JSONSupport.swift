import ImporterAPI
import StrictJSON

extension JSONStreamParser {
    /// A parser pulling from a plugin's byte source.
    init(source: any FeedByteSource) {
        self.init { try source.read(into: $0) }
    }
}

extension FeedError {
    /// A JSON syntax error as a feed error, keeping line and column.
    init(json error: JSONSyntaxError) {
        self.init(code: "malformed-json", message: error.reason, line: error.line, column: error.column)
    }
}

/// Runs `body`, turning JSON syntax errors into feed errors.
func readingJSON<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as JSONSyntaxError {
        throw FeedError(json: error)
    }
}

extension JSONValue {
    /// The trimmed text of the first value at `path`.
    func string(_ path: String) -> String? {
        values(at: path).lazy.compactMap(\.text).compactMap(TextCleaning.trimmed).first
    }

    /// A name that JSON-LD writes as a string or as `{"name": …}`.
    var nameText: String? {
        if let text = TextCleaning.trimmed(text) { return text }
        return self["name"].flatMap { TextCleaning.trimmed($0.text) }
    }
}
