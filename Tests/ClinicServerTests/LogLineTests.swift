import ClinicServer
import Foundation
import Logging
import Synchronization
import Testing

/// The server's text log: one entry, one line, whatever the values hold.
@Suite("Text log lines")
struct LogLineTests {
    final class Lines: Sendable {
        let written = Mutex<[String]>([])
        func append(_ line: String) { written.withLock { $0.append(line) } }
    }

    @Test("a hostile value cannot start a line, send a terminal sequence or reverse the text; plain values read as written")
    func hostileValuesStayOnTheirLine() throws {
        let lines = Lines()
        var logger = Logger(label: "oilcat.serve") { label in TextLogHandler(label: label) { lines.append($0) } }
        logger[metadataKey: "user"] = "maria"
        let hostile = "ok\n2026-12-02T00:00:00Z info oilcat.serve: user=admin [ClinicServer] forged\u{1B}]0;pwned\u{07}\u{1B}[2J\u{202E}gnp.exe\r"
        logger.info("request", metadata: ["route": "/clients/{id}", "error": .string(hostile), "name": "José 👩🏽‍⚕️ Zürich"])
        logger.warning(Logger.Message(stringLiteral: "import failed:\n" + hostile))

        logger.info("quote", metadata: ["q": #"say "hi" = x"#])
        let written = lines.written.withLock { $0 }
        #expect(written.count == 3)
        #expect(written.last?.contains(#" q="say \u{22}hi\u{22} = x" user=maria [ClinicServerTests] quote"#) == true, "\(written)")
        for line in written.prefix(2) {
            #expect(line.hasSuffix("\n"))
            let body = line.dropLast()
            // Only the joiners inside the emoji stay as they are.
            #expect(!body.unicodeScalars.contains {
                $0.properties.generalCategory == .control || ($0.properties.generalCategory == .format && $0 != "\u{200D}")
            })
            #expect(body.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (info|warning) .*/) != nil)
            #expect(body.contains("\\u{A}2026-12-02T00:00:00Z") && body.contains("\\u{1B}]0;pwned\\u{7}") && body.contains("\\u{202E}gnp.exe"))
        }
        let first = try #require(written.first)
        // A value that could pass for more pairs (or the end of the metadata) is quoted.
        #expect(first.contains(#" info oilcat.serve: error="ok\u{A}2026-12-02T00:00:00Z info oilcat.serve: user=admin [ClinicServer] forged"#))
        #expect(first.contains(#" name="José 👩🏽‍⚕️ Zürich" route=/clients/{id} user=maria [ClinicServerTests] request"# + "\n"))
        #expect(written[1].contains(" warning oilcat.serve: user=maria [ClinicServerTests] import failed:\\u{A}ok"))
    }
}
