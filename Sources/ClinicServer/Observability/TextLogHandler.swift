import CatalogueCore
import Foundation
public import Logging

/// A swift-log handler that writes one line per entry to standard error, in swift-log's own text layout
/// (`time level logger: metadata [source] message`), with every value escaped for a terminal and a log file
/// (``TerminalText``): a line feed, an escape sequence or a bidirectional override in a hostile value shows as
/// `\u{…}` instead of starting a line of its own, recolouring the terminal or reversing what an operator reads.
/// For `oilcat serve --log-format text`, the default.
public struct TextLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    let label: String
    let write: @Sendable (String) -> Void

    /// Writes to standard error.
    public init(label: String) {
        self.init(label: label) { line in FileHandle.standardError.write(Data(line.utf8)) }
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
        let fields = merged.sorted { $0.key < $1.key }.map { "\(Self.clean($0.key))=\(Self.clean("\($0.value)"))" }
        let shownMetadata = fields.isEmpty ? "" : " " + fields.joined(separator: " ")
        let line = "\(JSONLogHandler.timestamp()) \(event.level) \(Self.clean(label)):\(shownMetadata) [\(Self.clean(event.source))] "
            + Self.clean("\(event.message)") + "\n"
        write(line)
    }

    static func clean(_ text: String) -> String { TerminalText.visible(text, keepingLineBreaks: false) }
}
