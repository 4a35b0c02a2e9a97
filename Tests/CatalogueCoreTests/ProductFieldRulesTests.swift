import CatalogueCore
import Testing

/// The field rules have byte-level fast paths for the common ASCII values; every value must get the answer the
/// general rule gives.
@Suite("Product field rules")
struct ProductFieldRulesTests {
    func accepted(_ result: Result<String, FieldProblem>) -> String? {
        if case .success(let value) = result { return value }
        return nil
    }

    @Test("SKUs: printable text up to 128 characters, no control or invisible formatting characters")
    func skus() {
        #expect(accepted(ProductFieldRules.sku("SYN-1")) == "SYN-1")
        #expect(accepted(ProductFieldRules.sku("603E709 / b")) == "603E709 / b")
        #expect(accepted(ProductFieldRules.sku("Öl-Ä 12")) == "Öl-Ä 12")
        #expect(accepted(ProductFieldRules.sku(String(repeating: "x", count: 128))) != nil)
        #expect(accepted(ProductFieldRules.sku(String(repeating: "x", count: 129))) == nil)
        #expect(accepted(ProductFieldRules.sku(String(repeating: "é", count: 128))) != nil)
        #expect(accepted(ProductFieldRules.sku(String(repeating: "é", count: 129))) == nil)
        #expect(accepted(ProductFieldRules.sku("A\u{7}B")) == nil)
        #expect(accepted(ProductFieldRules.sku("A\u{7F}B")) == nil)
        #expect(accepted(ProductFieldRules.sku("A\u{85}B")) == nil)
        #expect(accepted(ProductFieldRules.sku("")) == nil)
        // Invisible formatting characters make a key print as another one.
        #expect(accepted(ProductFieldRules.sku("AB\u{202E}C")) == nil)
        #expect(accepted(ProductFieldRules.sku("A\u{200B}BC")) == nil)
        #expect(accepted(ProductFieldRules.sku("\u{2066}SKU\u{2069}")) == nil)
        #expect(accepted(ProductFieldRules.sku("\u{FEFF}SKU-1")) == nil)
    }

    @Test("URLs: http or https in any case, no spaces")
    func urls() {
        #expect(accepted(ProductFieldRules.url("https://supplier.example/p/1")) == "https://supplier.example/p/1")
        #expect(accepted(ProductFieldRules.url("HTTP://SUPPLIER.EXAMPLE/")) == "HTTP://SUPPLIER.EXAMPLE/")
        #expect(accepted(ProductFieldRules.url("Https://x")) != nil)
        #expect(accepted(ProductFieldRules.url("ftp://supplier.example/")) == nil)
        #expect(accepted(ProductFieldRules.url("https://supplier.example/a b")) == nil)
        #expect(accepted(ProductFieldRules.url("https:/")) == nil)
        #expect(accepted(ProductFieldRules.url("")) == nil)
    }

    @Test("GTINs: 8, 12, 13 or 14 digits with a right check digit; spaces and dashes between digits dropped")
    func gtins() {
        #expect(accepted(ProductFieldRules.gtin("5060000000009")) == "5060000000009")
        #expect(accepted(ProductFieldRules.gtin("4012345000016")) == "4012345000016")
        #expect(accepted(ProductFieldRules.gtin("96385074")) == "96385074")
        #expect(accepted(ProductFieldRules.gtin("036000291452")) == "036000291452")
        #expect(accepted(ProductFieldRules.gtin("10614141000415")) == "10614141000415")
        #expect(accepted(ProductFieldRules.gtin("401 2345 00001-6")) == "4012345000016")
        #expect(accepted(ProductFieldRules.gtin("4012345000017")) == nil)
        #expect(accepted(ProductFieldRules.gtin("96385075")) == nil)
        #expect(accepted(ProductFieldRules.gtin("40123450000")) == nil)
        #expect(accepted(ProductFieldRules.gtin("401234500001X")) == nil)
        #expect(accepted(ProductFieldRules.gtin("")) == nil)
    }

    @Test("availability: the common spellings directly, every other through the general rule")
    func availability() {
        for (value, expected) in [
            ("in stock", Availability.inStock), ("in_stock", .inStock), ("InStock", .inStock), ("In Stock", .inStock),
            ("https://schema.org/InStock", .inStock), ("out of stock", .outOfStock), ("out_of_stock", .outOfStock),
            ("OutOfStock", .outOfStock), ("SOLD OUT", .outOfStock), ("preorder", .preorder), ("backorder", .backorder),
            ("schema:Discontinued", .discontinued),
        ] {
            #expect(Availability(feedValue: value) == expected, "\(value)")
        }
        #expect(Availability(feedValue: "maybe") == nil)
    }

    @Test("currencies: three letters, upper-cased")
    func currencies() {
        #expect(accepted(ProductFieldRules.currency("GBP")) == "GBP")
        #expect(accepted(ProductFieldRules.currency("eur")) == "EUR")
        #expect(accepted(ProductFieldRules.currency("G8P")) == nil)
        #expect(accepted(ProductFieldRules.currency("GBPX")) == nil)
        #expect(accepted(ProductFieldRules.currency("£")) == nil)
    }
}

@Suite("Plain ASCII text")
struct PlainASCIITests {
    /// The rule, byte by byte.
    static func reference(_ text: String, allowLineBreaks: Bool) -> Bool {
        text.utf8.allSatisfy { $0 < 0x7F && ($0 >= 0x20 || (allowLineBreaks && $0 == 0x0A)) }
    }

    @Test("the eight-bytes-at-a-time check agrees with the rule for every odd character at every place of short and long texts")
    func agreesWithTheRule() {
        let odd = ["\u{7F}", "\u{1F}", "\u{00}", "\n", "\r", "\t", "é", "\u{80}", "\u{200B}", "~", " ", "\u{10FFFF}"]
        for length in [0, 1, 7, 8, 9, 15, 16, 17, 31, 64] {
            let plain = String(repeating: "aZ0 ~!", count: 11).prefix(length)
            for allowLineBreaks in [false, true] {
                #expect(TextHygiene.isPlainASCII(String(plain), allowLineBreaks: allowLineBreaks) == true)
                for character in odd {
                    for position in 0...length {
                        var text = String(plain)
                        text.insert(contentsOf: character, at: text.index(text.startIndex, offsetBy: position))
                        #expect(
                            TextHygiene.isPlainASCII(text, allowLineBreaks: allowLineBreaks)
                                == Self.reference(text, allowLineBreaks: allowLineBreaks),
                            "\(text.debugDescription) allowLineBreaks: \(allowLineBreaks)"
                        )
                    }
                }
            }
        }
    }
}
