import Foundation
import Testing
import XMLStream

@Suite("Reading well-formed documents")
struct XMLStreamReaderTests {
    @Test("elements, namespaces, attributes and text come out as Swift values")
    func readsNodes() throws {
        let reader = try XMLFixtures.reader(
            """
            <?xml version="1.0"?>
            <rss xmlns:g="http://base.google.com/ns/1.0" version="2.0">
              <item><g:id>J-1</g:id><title lang="en">Jojoba &amp; Lavender</title><g:price>12.50 GBP</g:price></item>
            </rss>
            """
        )
        var seen: [String: String] = [:]
        var titleLanguage: String?
        var idNamespace: String?
        while try reader.read() {
            guard reader.kind == .element else { continue }
            switch reader.localName {
            case "rss": #expect(reader.attribute("version") == "2.0")
            case "title":
                titleLanguage = reader.attribute("lang")
                seen["title"] = try reader.readElementText()
            case "id":
                idNamespace = reader.namespaceURI
                #expect(reader.prefix == "g")
                #expect(reader.line == 3)
                seen["id"] = try reader.readElementText()
            case "price": seen["price"] = try reader.readElementText()
            default: break
            }
        }
        #expect(seen == ["id": "J-1", "title": "Jojoba & Lavender", "price": "12.50 GBP"])
        #expect(titleLanguage == "en")
        #expect(idNamespace == "http://base.google.com/ns/1.0")
    }

    @Test("node kinds: white space between elements, preserved or not, is white space; text with spaces is text")
    func nodeKinds() throws {
        let reader = try XMLFixtures.reader(
            "<a>\n  <b> x y </b>\n  <c xml:space=\"preserve\">  <d>   </d></c><e>\t</e></a>"
        )
        var kinds: [String] = []
        while try reader.read() {
            switch reader.kind {
            case .element: kinds.append("<\(reader.localName)>")
            case .endElement: kinds.append("</\(reader.localName)>")
            case .text: kinds.append("text(\(reader.value ?? ""))")
            case .whitespace: kinds.append("ws")
            default: kinds.append("other")
            }
        }
        #expect(
            kinds == ["<a>", "ws", "<b>", "text( x y )", "</b>", "ws", "<c>", "ws", "<d>", "ws", "</d>", "</c>", "<e>", "ws", "</e>", "</a>"]
        )
    }

    @Test("CDATA is read as text, and an empty element has empty text")
    func cdataAndEmpty() throws {
        let reader = try XMLFixtures.reader("<a><b><![CDATA[Aqua, <Parfum>]]></b><c/></a>")
        var texts: [String] = []
        while try reader.read() {
            if reader.kind == .element && reader.localName != "a" { texts.append(try reader.readElementText()) }
        }
        #expect(texts == ["Aqua, <Parfum>", ""])
    }

    @Test("a BMEcat DOCTYPE naming an external DTD is accepted and the DTD is never loaded")
    func externalDTDIsNotLoaded() throws {
        let refusedBefore = XMLStreamReader.refusedEntityLoads
        let reader = try XMLStreamReader(path: XMLFixtures.path("bmecat-doctype.xml"))
        #expect(try XMLFixtures.drain(reader).contains("J-100"))
        #expect(XMLStreamReader.refusedEntityLoads == refusedBefore)
    }

    @Test("a document declaring ISO-8859-1 is decoded as Windows-1252: € and curly quotes survive")
    func latin1IsWindows1252() throws {
        var bytes = Array(#"<?xml version="1.0" encoding="ISO-8859-1"?><p>"#.utf8)
        bytes += [0x80, 0x20, 0x93, 0x43, 0x72, 0xE8, 0x6D, 0x65, 0x94]  // € “Crème”
        bytes += Array("</p>".utf8)
        let reader = try XMLStreamReader(bytes: bytes)
        let text = try XMLFixtures.drain(reader)
        #expect(text == "€ “Crème”", "\(Array(text.unicodeScalars.map(\.value)))")
    }

    @Test("a UTF-8 byte-order mark is accepted")
    func byteOrderMark() throws {
        let reader = try XMLStreamReader(bytes: [0xEF, 0xBB, 0xBF] + Array("<a>Jojoba</a>".utf8))
        #expect(try XMLFixtures.drain(reader) == "Jojoba")
    }

    @Test("a large document streams with bytes counted for progress")
    func streamsLargeDocument() throws {
        var xml = "<feed>"
        for index in 0..<20_000 { xml += "<item><id>\(index)</id></item>" }
        xml += "</feed>"
        let url = try XMLFixtures.temporaryFile(Array(xml.utf8))
        defer { try? FileManager.default.removeItem(at: url) }
        let reader = try XMLStreamReader(path: url.path)
        var items = 0
        while try reader.read() {
            if reader.kind == .element && reader.localName == "item" { items += 1 }
        }
        #expect(items == 20_000)
        #expect(reader.bytesRead == xml.utf8.count)
    }
}
