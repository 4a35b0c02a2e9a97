import StrictJSON
import Testing

@Suite("The strict streaming JSON parser")
struct JSONStreamParserTests {
    func parse(_ text: String) throws -> JSONValue {
        var parser = JSONStreamParser(bytes: Array(text.utf8))
        return try parser.parseDocument()
    }

    @Test("numbers keep their text; objects keep order")
    func values() throws {
        let value = try parse(#"{"price": 12.50, "code": "603E709", "n": -1e3, "ok": true, "none": null}"#)
        #expect(value["price"] == .number("12.50"))
        #expect(value["code"]?.text == "603E709")
        #expect(value["n"]?.text == "-1e3")
        #expect(value["ok"] == .bool(true))
        #expect(value["none"] == .null)
    }

    @Test("what Foundation accepts and JSON forbids is rejected, with line and column")
    func strictness() {
        for text in ["[1,]", #"{"a":0,}"#, "[01]", "{'a':1}", "[1] x", "// c\n[1]", "[\"a\tb\"]", "[1.]", "[.5]"] {
            #expect(throws: JSONSyntaxError.self, "\(text)") { try parse(text) }
        }
        let error = #expect(throws: JSONSyntaxError.self) { try parse("{\n  \"a\": 1,\n}") }
        #expect(error?.line == 3)
    }

    @Test("escapes and surrogate pairs decode; lone surrogates and invalid UTF-8 are refused")
    func strings() throws {
        #expect(try parse(#"["\u00e9\ud83d\ude00\n\/"]"#) == .array([.string("é😀\n/")]))
        #expect(throws: JSONSyntaxError.self) { try parse(#"["\udc00"]"#) }
        var parser = JSONStreamParser(bytes: Array("[\"".utf8) + [0xC3, 0x28] + Array("\"]".utf8))
        #expect(throws: JSONSyntaxError.self) { try parser.parseDocument() }
    }

    @Test("a UTF-8 byte-order mark is allowed at the start")
    func byteOrderMark() throws {
        var parser = JSONStreamParser(bytes: [0xEF, 0xBB, 0xBF] + Array("{\"a\":1}".utf8))
        #expect(try parser.parseDocument()["a"] == .number("1"))
    }

    @Test("deep nesting is refused, not a crash")
    func depth() {
        #expect(throws: JSONSyntaxError.self) { try parse(String(repeating: "[", count: 100_000)) }
    }

    @Test("the records array streams element by element with lines; the rest of the document is checked, not kept")
    func streaming() throws {
        let text = "{\"shop\": \"x\",\n \"products\": [\n {\"id\": 1},\n {\"id\": 2}\n ]}"
        var parser = JSONStreamParser(bytes: Array(text.utf8))
        var seen: [(JSONValue, Int)] = []
        let found = try parser.streamDocument(arrayAt: ["products"]) { seen.append(($0, $1)) }
        #expect(found)
        #expect(seen.map(\.0) == [.object(JSONObject([("id", .number("1"))])), .object(JSONObject([("id", .number("2"))]))])
        #expect(seen.map(\.1) == [3, 4])
        var root = JSONStreamParser(bytes: Array("[1, 2, 3]".utf8))
        var count = 0
        #expect(try root.streamDocument(arrayAt: []) { _, _ in count += 1 })
        #expect(count == 3)
    }

    @Test("values beside the streamed array are checked as strictly as the rest, though not kept")
    func streamingChecksTheRest() throws {
        let bad = [
            #"{"shop": [1, 2,], "products": []}"#, #"{"shop": {"a": 01}, "products": []}"#,
            #"{"products": [], "shop": "\x"}"#, #"{"products": [], "shop": "\uDC00"}"#, #"{"shop": {"a" 1}, "products": []}"#,
            #"{"shop": "#  + String(repeating: "[", count: 600) + String(repeating: "]", count: 600) + #", "products": []}"#,
            #"[1, 2] {"#,
        ]
        for text in bad {
            var parser = JSONStreamParser(bytes: Array(text.utf8))
            #expect(throws: JSONSyntaxError.self, "\(text.prefix(40))") { try parser.streamDocument(arrayAt: ["products"]) { _, _ in } }
        }
        var invalidUTF8 = JSONStreamParser(bytes: Array(#"{"shop": ""#.utf8) + [0xC3, 0x28] + Array(#"", "products": [1]}"#.utf8))
        #expect(throws: JSONSyntaxError.self) { try invalidUTF8.streamDocument(arrayAt: ["products"]) { _, _ in } }
        var good = JSONStreamParser(bytes: Array(#"{"shop": {"name": "x", "tags": [1, {"a": null}]}, "products": [{"id": 1}]}"#.utf8))
        var count = 0
        #expect(try good.streamDocument(arrayAt: ["products"]) { _, _ in count += 1 })
        #expect(count == 1)
        var notThere = JSONStreamParser(bytes: Array(#"[{"products": [1]}]"#.utf8))
        #expect(try notThere.streamDocument(arrayAt: ["products"]) { _, _ in } == false)
    }

    @Test("a malformed element after good ones still fails the document")
    func streamingFailure() {
        var parser = JSONStreamParser(bytes: Array("[{\"a\":1},{\"a\":2,}]".utf8))
        var count = 0
        #expect(throws: JSONSyntaxError.self) { _ = try parser.streamDocument(arrayAt: []) { _, _ in count += 1 } }
        #expect(count == 1)
    }

    @Test("values at dotted paths")
    func paths() throws {
        let value = try parse(#"{"variants":[{"sku":"A"},{"sku":"B"}],"brand":{"name":"N"}}"#)
        #expect(value.values(at: "variants.1.sku").compactMap(\.text) == ["B"])
        #expect(value.values(at: "variants.sku").compactMap(\.text) == ["A", "B"])
        #expect(value.values(at: "brand.name").compactMap(\.text) == ["N"])
    }
}
