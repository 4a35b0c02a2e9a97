import CatalogueCore
import Foundation
public import Logging

/// A swift-log handler that writes one line per entry to standard error, in swift-log's own text layout
/// (`time level logger: metadata [source] message`), with every value escaped for a terminal and a log file
/// (``TerminalText``): a line feed, an escape sequence or a bidirectional override in a hostile value shows as
/// `\u{…}` instead of starting a line of its own, recolouring the terminal or reversing what an operator reads; a
/// value with a space, `=`, a quote or a bracket is quoted, so it cannot pass for another pair.
/// For `oilcat serve --log-format text`, the default.
public struct TextLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    let label: String
    let write: @Sendable (String) -> Void

    /// Writes to standard error.
    public init(label: String) {
        self.init(label: label) { line in StandardErrorLines.write(line) }
    }

    /// Writes each finished line (its line feed included) through `write`.
    public init(label: String, write: @escaping @Sendable (String) -> Void) {
        self.label = label
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let fields = merged.sorted { $0.key < $1.key }.map { "\(Self.clean($0.key))=\(Self.quoted(Self.clean("\($0.value)")))" }
        let shownMetadata = fields.isEmpty ? "" : " " + fields.joined(separator: " ")
        let line = "\(JSONLogHandler.timestamp()) \(event.level) \(Self.clean(label)):\(shownMetadata) [\(Self.clean(event.source))] "
            + Self.clean("\(event.message)") + "\n"
        write(line)
    }

    static func clean(_ text: String) -> String { TerminalText.visible(text, keepingLineBreaks: false) }

    /// A metadata value in quotes when it holds a space, `=`, a quote or a bracket, so that it cannot pass for another
    /// `key=value` pair or for the end of the metadata; a quote inside is written `\u{22}`, like every other escape.
    static func quoted(_ value: String) -> String {
        guard value.isEmpty || value.contains(where: { " =\"[]".contains($0) }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: #"\u{22}"#) + "\""
    }
}
