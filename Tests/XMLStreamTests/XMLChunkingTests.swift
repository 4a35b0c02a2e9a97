import Testing
import XMLStream

/// The reader feeds libxml2 64 KiB at a time and hands out the nodes of each chunk: nothing about a node may depend
/// on where a chunk ends.
@Suite("Nodes are the same wherever the parser's chunks end")
struct XMLChunkingTests {
    /// Every node as "<name>", "</name>", "text(…)" or "ws", with the empty-element flag.
    private func nodes(_ reader: XMLStreamReader) throws -> [String] {
        var nodes: [String] = []
        while try reader.read() {
            switch reader.kind {
            case .element: nodes.append(reader.isEmptyElement ? "<\(reader.localName)/>" : "<\(reader.localName)>")
            case .endElement: nodes.append("</\(reader.localName)>")
            case .text: nodes.append("text(\(reader.value ?? ""))")
            case .whitespace: nodes.append("ws")
            default: break
            }
        }
        return nodes
    }

    @Test("a text node longer than a chunk, or across a chunk's end, is one node with all its text", arguments: [10, 65_530, 200_000])
    func longText(length: Int) throws {
        let prefix = String(repeating: "<pad/>", count: 10_900)  // 65,400 bytes: the text starts near the first chunk's end
        let text = String(repeating: "Simmondsia ", count: length / 11 + 1)
        let reader = try XMLFixtures.reader("<a>\(prefix)<b>\(text)&amp;\(text)</b></a>")
        var texts: [String] = []
        while try reader.read() { if reader.kind == .text { texts.append(reader.value ?? "") } }
        #expect(texts == [text + "&" + text])
    }

    @Test("<empty/> has no end node and <empty></empty> none either; both read as empty")
    func emptyElements() throws {
        let reader = try XMLFixtures.reader("<a><b/><c></c><d> </d><e x='1' /></a>")
        #expect(try nodes(reader) == ["<a>", "<b/>", "<c>", "</c>", "<d>", "ws", "</d>", "<e/>", "</a>"])
    }

    @Test("depths: an element and its end share one, its text is one deeper")
    func depths() throws {
        let reader = try XMLFixtures.reader("<a><b>x</b><c/></a>")
        var seen: [String] = []
        while try reader.read() { seen.append("\(reader.kind == .text ? "t" : reader.localName)@\(reader.depth)") }
        #expect(seen == ["a@0", "b@1", "t@2", "b@1", "c@1", "a@0"])
    }

    @Test("attribute values come out with references resolved: &amp;, &#38;, &lt; and character references")
    func attributeValues() throws {
        let reader = try XMLFixtures.reader(#"<a name="Jojoba &amp; Lavender" b="1 &#38; 2" c="&lt;x&gt;" d="&#233;t&#xE9;"/>"#)
        try reader.read()
        #expect(reader.attribute("name") == "Jojoba & Lavender")
        #expect(reader.attribute("b") == "1 & 2")
        #expect(reader.attribute("c") == "<x>")
        #expect(reader.attribute("d") == "été")
    }

    @Test("lines past 65,535 are exact")
    func longDocumentLines() throws {
        let reader = try XMLFixtures.reader("<a>" + String(repeating: "\n", count: 70_000) + "<b>x</b></a>")
        var line = 0
        while try reader.read() { if reader.kind == .element && reader.localName == "b" { line = reader.line } }
        #expect(line == 70_001)
    }

    @Test("the nodes before an error are read, then the error is thrown with its line")
    func nodesBeforeAnError() throws {
        let items = String(repeating: "<item>1</item>\n", count: 10_000)
        let reader = try XMLFixtures.reader("<feed>\n" + items + "<item>2</itm>\n</feed>")
        var read = 0
        let error = #expect(throws: XMLStreamError.self) {
            while try reader.read() { if reader.kind == .element && reader.localName == "item" { read += 1 } }
        }
        #expect(read == 10_001)
        #expect(error?.kind == .malformed)
        #expect(error?.line == 10_002)
    }

    @Test("a text node over 10 MB fails the document instead of filling memory")
    func overlongText() throws {
        let reader = try XMLFixtures.reader("<a>" + String(repeating: "x", count: 10_100_000) + "</a>")
        let error = #expect(throws: XMLStreamError.self) { try XMLFixtures.drain(reader) }
        #expect(error?.kind == .malformed)
        #expect(error?.detail.contains("longer than") == true)
    }

    @Test("an empty document, or one of white space only, says so instead of libxml2's 'extra content'")
    func emptyDocuments() throws {
        for text in ["", "   \n\t\n", "<?xml version=\"1.0\"?>\n"] {
            let reader = try XMLFixtures.reader(text)
            let error = #expect(throws: XMLStreamError.self) { try XMLFixtures.drain(reader) }
            #expect(error?.kind == .malformed)
            #expect(error?.detail.contains("holds no XML element") == true, "\(String(describing: error?.detail))")
        }
        // After an element, the same libxml2 error keeps its own words.
        let trailing = try XMLFixtures.reader("<a/><b/>")
        let error = #expect(throws: XMLStreamError.self) { try XMLFixtures.drain(trailing) }
        #expect(error?.detail.contains("holds no XML element") == false)
    }

    @Test("a reference to an undeclared entity is rejected")
    func undeclaredEntity() throws {
        let reader = try XMLFixtures.reader("<a>Jojoba &nbsp; oil</a>")
        let error = #expect(throws: XMLStreamError.self) { try XMLFixtures.drain(reader) }
        #expect(error?.kind == .malformed || error?.kind == .entityReference)
        #expect(error?.line == 1)
    }

    @Test("an entity reference is rejected, naming the entity, when the document has an external DTD that is not read")
    func referenceWithDoctype() throws {
        let reader = try XMLFixtures.reader("<!DOCTYPE a SYSTEM \"a.dtd\">\n<a>Jojoba &nbsp; oil</a>")
        let error = #expect(throws: XMLStreamError.self) { try XMLFixtures.drain(reader) }
        #expect(error?.kind == .malformed || error?.kind == .entityReference)
        #expect(error?.detail.contains("nbsp") == true)
        #expect(error?.line == 2)
    }

    @Test("comments and processing instructions keep their text; a DOCTYPE is a node")
    func otherNodes() throws {
        let reader = try XMLFixtures.reader("<!DOCTYPE a><a><!-- lot 12 --><?pi data?></a>")
        var seen: [String] = []
        while try reader.read() {
            switch reader.kind {
            case .documentType: seen.append("doctype")
            case .comment: seen.append("comment(\(reader.value ?? ""))")
            case .processingInstruction: seen.append("pi(\(reader.value ?? ""))")
            default: break
            }
        }
        #expect(seen == ["doctype", "comment( lot 12 )", "pi(data)"])
    }
}
