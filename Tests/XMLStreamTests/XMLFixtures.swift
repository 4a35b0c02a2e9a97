import Foundation
import XMLStream

enum XMLFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appending(path: "Fixtures")

    static func path(_ name: String) -> String { folder.appending(path: name).path }

    /// Reads every node, collecting the text; throws what the reader throws.
    @discardableResult
    static func drain(_ reader: XMLStreamReader) throws -> String {
        var text = ""
        while try reader.read() {
            if reader.kind.isText { text += reader.value ?? "" }
        }
        return text
    }

    static func reader(_ xml: String, options: XMLStreamOptions = .init()) throws -> XMLStreamReader {
        try XMLStreamReader(bytes: Array(xml.utf8), documentName: "test.xml", options: options)
    }

    /// A temporary file holding `contents`, removed by the caller.
    static func temporaryFile(_ contents: [UInt8], suffix: String = ".xml") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appending(path: "oilcat-\(UUID().uuidString)\(suffix)")
        try Data(contents).write(to: url)
        return url
    }
}
