import Foundation
import StrictJSON
import Testing

/// nst/JSONTestSuite's parsing files, kept in this repository (Fixtures/JSONTestSuite, MIT licence, see its
/// ORIGIN.txt): every `y_` accepted, every `n_` rejected, no `i_` crashes.
@Suite("JSONTestSuite")
struct JSONTestSuiteTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appending(path: "Fixtures/JSONTestSuite/test_parsing")

    static let files: [URL] = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil))?
        .filter { $0.pathExtension == "json" }.sorted { $0.lastPathComponent < $1.lastPathComponent } ?? []

    static func parse(_ file: URL) -> Result<JSONValue, any Error> {
        Result {
            var parser = JSONStreamParser(bytes: [UInt8](try Data(contentsOf: file)))
            return try parser.parseDocument()
        }
    }

    @Test("the corpus is there: 318 files")
    func corpusPresent() {
        #expect(Self.files.count == 318, "looked in \(Self.folder.path)")
    }

    @Test("every y_ file is accepted")
    func accepted() {
        let files = Self.files.filter { $0.lastPathComponent.hasPrefix("y_") }
        #expect(files.count == 95)
        for file in files {
            if case .failure(let error) = Self.parse(file) {
                Issue.record("\(file.lastPathComponent) was rejected: \(error)")
            }
        }
    }

    @Test("every n_ file is rejected")
    func rejected() {
        let files = Self.files.filter { $0.lastPathComponent.hasPrefix("n_") }
        #expect(files.count == 188)
        for file in files {
            if case .success = Self.parse(file) { Issue.record("\(file.lastPathComponent) was accepted") }
        }
    }

    @Test("every i_ file parses or is rejected, without crashing")
    func implementationDefined() {
        let files = Self.files.filter { $0.lastPathComponent.hasPrefix("i_") }
        #expect(files.count == 35)
        for file in files { _ = Self.parse(file) }
    }
}
