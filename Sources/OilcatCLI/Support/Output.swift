import CatalogueCore
import Foundation

/// Writing to standard output and standard error.
///
/// A reader that goes away (`oilcat … | head`) ends the command quietly with status 141, as SIGPIPE would (the signal
/// itself is ignored, for the sake of external plugins); any other failure to write the output is an error.
enum Output {
    /// The status a shell reports for a command ended by a closed pipe (128 + SIGPIPE).
    static let brokenPipeStatus: Int32 = 141

    /// Prints `value` as compact, key-sorted JSON on one line (JSON Lines).
    static func jsonLine<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        var data = try encoder.encode(value)
        data.append(0x0A)
        write(data)
    }

    /// Prints `value` as pretty, key-sorted JSON followed by a newline.
    static func json<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        var data = try encoder.encode(value)
        data.append(0x0A)
        write(data)
    }

    /// Prints a line to standard output, its controls and invisible characters shown as escapes (``TerminalText``).
    static func line(_ text: String = "") {
        write(Data((TerminalText.visible(text) + "\n").utf8))
    }

    /// Prints a line to standard error, its controls and invisible characters shown as escapes (``TerminalText``).
    static func error(_ text: String) {
        diagnostic(Data((TerminalText.visible(text) + "\n").utf8))
    }

    /// Writes to standard error; a failure there has nowhere to be reported and is ignored.
    static func diagnostic(_ data: Data) {
        try? FileHandle.standardError.write(contentsOf: data)
    }

    private static func write(_ data: Data) {
        do {
            try FileHandle.standardOutput.write(contentsOf: data)
        } catch where isBrokenPipe(error) {
            exit(brokenPipeStatus)
        } catch {
            diagnostic(Data("oilcat: error: cannot write the output: \(error.localizedDescription) [OUTPUT-WRITE]\n".utf8))
            exit(1)
        }
    }

    private static func isBrokenPipe(_ error: any Error) -> Bool {
        var current: NSError? = error as NSError
        while let error = current {
            if error.domain == NSPOSIXErrorDomain, error.code == Int(EPIPE) { return true }
            current = error.userInfo[NSUnderlyingErrorKey] as? NSError
        }
        return false
    }
}
