import Foundation
import Testing
import XMLStream

@Suite("Protections against hostile and broken supplier documents")
struct XMLProtectionTests {
    @Test("a file:// external entity is never read")
    func externalEntityIsNeverRead() throws {
        let secret = "OILCAT-SECRET-\(UUID().uuidString)"
        let secretFile = try XMLFixtures.temporaryFile(Array(secret.utf8), suffix: ".txt")
        defer { try? FileManager.default.removeItem(at: secretFile) }
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE feed [<!ENTITY xxe SYSTEM "\(secretFile.absoluteString)">]>
            <feed><item>&xxe;</item></feed>
            """
        let reader = try XMLFixtures.reader(xml)
        var text = ""
        let error = #expect(throws: XMLStreamError.self) {
            while try reader.read() { if reader.kind.isText { text += reader.value ?? "" } }
        }
        #expect(error?.kind == .entityDeclared)
        // libxml2 reports the DOCTYPE once it has parsed past it: the line is where the parser stands.
        #expect((2...3).contains(error?.line ?? 0))
        #expect(!text.contains(secret))
    }

    @Test("a parameter-entity XXE is refused by the deny-all loader or rejected, and never read")
    func parameterEntityIsNeverRead() throws {
        let secret = "OILCAT-SECRET-\(UUID().uuidString)"
        let secretFile = try XMLFixtures.temporaryFile(Array("<!ENTITY leak '\(secret)'>".utf8), suffix: ".dtd")
        defer { try? FileManager.default.removeItem(at: secretFile) }
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE feed [<!ENTITY % remote SYSTEM "\(secretFile.absoluteString)"> %remote;]>
            <feed>&leak;</feed>
            """
        let reader = try XMLFixtures.reader(xml)
        var text = ""
        #expect(throws: XMLStreamError.self) {
            while try reader.read() { if reader.kind.isText { text += reader.value ?? "" } }
        }
        #expect(!text.contains(secret))
    }

    @Test("a billion-laughs document is rejected quickly")
    func billionLaughs() throws {
        let started = ContinuousClock.now
        let reader = try XMLStreamReader(path: XMLFixtures.path("billion-laughs.xml"))
        let error = #expect(throws: XMLStreamError.self) { try XMLFixtures.drain(reader) }
        #expect(error != nil)
        // Expanded, it would be gigabytes and minutes; refused, it takes milliseconds. The bound is loose on purpose:
        // the whole suite shares the machine's cores with this test.
        #expect(ContinuousClock.now - started < .seconds(30))
    }

    @Test("a malformed document reports its line and column")
    func malformedReportsLine() throws {
        let reader = try XMLFixtures.reader("<feed>\n<item>\n<id>1</id>\n</itm>\n</feed>")
        let error = #expect(throws: XMLStreamError.self) { try XMLFixtures.drain(reader) }
        #expect(error?.kind == .malformed)
        #expect(error?.line == 4)
        #expect((error?.column ?? 0) > 0)
        #expect(error?.description.contains("test.xml:4:") == true)
    }

    @Test("a truncated document is an error, not a short read")
    func truncated() throws {
        let reader = try XMLFixtures.reader("<feed><item><id>1</id></item><item><id>2")
        #expect(throws: XMLStreamError.self) { try XMLFixtures.drain(reader) }
    }

    @Test("an undeclared namespace prefix fails the document although libxml2 keeps reading")
    func namespaceErrorIsFatal() throws {
        let reader = try XMLFixtures.reader("<rss><item><g:id>1</g:id></item></rss>")
        let error = #expect(throws: XMLStreamError.self) { try XMLFixtures.drain(reader) }
        #expect(error?.kind == .malformed)
        #expect(error?.line == 1)
    }

    @Test("invalid UTF-8 is rejected with its line, in a message of one line")
    func invalidUTF8() throws {
        let bytes = Array("<feed>\n<name>Jojoba ".utf8) + [0xC3, 0x28] + Array("</name>\n</feed>".utf8)
        let reader = try XMLStreamReader(bytes: bytes, documentName: "bad.xml")
        let error = #expect(throws: XMLStreamError.self) { try XMLFixtures.drain(reader) }
        #expect(error?.line == 2)
        #expect(error?.description.contains("\n") == false)
        #expect(error?.description.contains("Bytes: 0xC3 0x28") == true)
    }

    @Test("input over the size limit is stopped")
    func sizeLimit() throws {
        let xml = "<feed>" + String(repeating: "<item>x</item>", count: 10_000) + "</feed>"
        let reader = try XMLFixtures.reader(xml, options: XMLStreamOptions(maxInputBytes: 4096))
        let error = #expect(throws: XMLStreamError.self) { try XMLFixtures.drain(reader) }
        #expect(error?.kind == .inputTooLarge)
    }

    @Test("a gzip file is not silently inflated")
    func gzipIsNotInflated() throws {
        let url = try XMLFixtures.temporaryFile(Array("<feed><item>gzipped</item></feed>".utf8))
        defer { try? FileManager.default.removeItem(at: url) }
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = ["-kf", url.path]
        try gzip.run()
        gzip.waitUntilExit()
        let gzipped = url.path + ".gz"
        defer { try? FileManager.default.removeItem(atPath: gzipped) }
        let reader = try XMLStreamReader(path: gzipped)
        var text = ""
        #expect(throws: XMLStreamError.self) {
            while try reader.read() { if reader.kind.isText { text += reader.value ?? "" } }
        }
        #expect(!text.contains("gzipped"))
    }

    @Test("a missing file is an unreadable error naming the path")
    func missingFile() {
        let error = #expect(throws: XMLStreamError.self) { try XMLStreamReader(path: "/nonexistent/feed.xml") }
        #expect(error?.kind == .unreadable)
        #expect(error?.description.contains("/nonexistent/feed.xml") == true)
    }

    @Test("64 readers on concurrent tasks keep their errors apart")
    func concurrentReaders() async throws {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<64 {
                group.addTask {
                    let broken = index.isMultiple(of: 2)
                    let xml = broken ? "<a><b>\(index)</a>" : "<a><b>\(index)</b></a>"
                    let reader = try XMLStreamReader(bytes: Array(xml.utf8), documentName: "doc-\(index)")
                    do {
                        let text = try XMLFixtures.drain(reader)
                        return !broken && text == "\(index)"
                    } catch let error as XMLStreamError {
                        return broken && error.document == "doc-\(index)"
                    }
                }
            }
            for try await ok in group { #expect(ok) }
        }
    }
}
