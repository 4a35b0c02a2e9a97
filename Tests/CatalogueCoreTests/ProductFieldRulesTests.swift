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

    @Test("SKUs: printable text up to 128 characters, no control characters")
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

    @Test("currencies: three letters, upper-cased")
    func currencies() {
        #expect(accepted(ProductFieldRules.currency("GBP")) == "GBP")
        #expect(accepted(ProductFieldRules.currency("eur")) == "EUR")
        #expect(accepted(ProductFieldRules.currency("G8P")) == nil)
        #expect(accepted(ProductFieldRules.currency("GBPX")) == nil)
        #expect(accepted(ProductFieldRules.currency("£")) == nil)
    }
}
