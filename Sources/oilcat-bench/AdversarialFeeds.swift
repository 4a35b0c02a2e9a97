/// Pathological feeds for `oilcat-bench --adversarial`: each the shape of an input that once took quadratic time or
/// unbounded memory, or that stresses a parser in another way, grown to a given size.
struct AdversarialFeed: Sendable {
    /// What the case is, for the table.
    var name: String
    /// The supplier's format.
    var format: String
    /// A mapping file's text, for the mapped formats.
    var mapping: String?
    /// Writes the feed at about `bytes` long.
    var make: @Sendable (_ bytes: Int) -> String

    /// `unit` repeated to fill about `bytes`.
    static func fill(_ unit: String, _ bytes: Int) -> String {
        String(repeating: unit, count: max(1, bytes / max(1, unit.utf8.count)))
    }

    static let googleHead = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        + #"<rss version="2.0" xmlns:g="http://base.google.com/ns/1.0"><channel><title>Adversarial</title>"# + "\n"
    static let googleTail = "</channel></rss>\n"

    /// A Google Merchant item around `extra` (XML already escaped).
    static func googleItem(_ id: String, extra: String = "", ingredients: String = "Simmondsia Chinensis Seed Oil") -> String {
        "<item><g:id>\(id)</g:id><g:title>Oil \(id)</g:title><g:price>9.50 GBP</g:price>"
            + "<g:availability>in stock</g:availability>\(extra)<g:product_detail><g:attribute_name>Ingredients</g:attribute_name>"
            + "<g:attribute_value>\(ingredients)</g:attribute_value></g:product_detail></item>\n"
    }

    static func bmecat(_ products: String) -> String {
        #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
            + #"<BMECAT version="2005" xmlns="http://www.bmecat.org/bmecat/2005fd"><HEADER><CATALOG><LANGUAGE>eng</LANGUAGE>"#
            + "<CATALOG_ID>ADV</CATALOG_ID><CATALOG_VERSION>1</CATALOG_VERSION><CURRENCY>EUR</CURRENCY></CATALOG>"
            + "<SUPPLIER><SUPPLIER_NAME>Adversarial</SUPPLIER_NAME></SUPPLIER></HEADER><T_NEW_CATALOG>\n"
            + products + "</T_NEW_CATALOG></BMECAT>\n"
    }

    static func bmecatProduct(_ id: String, description: String = "Oil", extra: String = "") -> String {
        "<PRODUCT mode=\"new\"><SUPPLIER_PID>\(id)</SUPPLIER_PID><PRODUCT_DETAILS>"
            + "<DESCRIPTION_SHORT lang=\"eng\">Oil \(id)</DESCRIPTION_SHORT><DESCRIPTION_LONG lang=\"eng\">\(description)</DESCRIPTION_LONG>"
            + "\(extra)</PRODUCT_DETAILS><PRODUCT_FEATURES><FEATURE><FNAME>Ingredients</FNAME><FVALUE>Simmondsia Chinensis Seed Oil</FVALUE>"
            + "</FEATURE></PRODUCT_FEATURES><PRODUCT_PRICE_DETAILS><PRODUCT_PRICE price_type=\"net_list\"><PRICE_AMOUNT>9.50</PRICE_AMOUNT>"
            + "<PRICE_CURRENCY>EUR</PRICE_CURRENCY></PRODUCT_PRICE></PRODUCT_PRICE_DETAILS></PRODUCT>\n"
    }

    static func shopifyProduct(_ id: Int, bodyHTML: String = "Ingredients: Simmondsia Chinensis Seed Oil", variants: Int = 1) -> String {
        let variantList = (1...variants).map { #"{"id":\#(id * 100_000 + $0),"sku":"S\#(id)-\#($0)","price":"9.50","title":"\#($0) ml"}"# }
        return #"{"id":\#(id),"title":"Oil \#(id)","handle":"oil-\#(id)","body_html":"\#(bodyHTML)","variants":[\#(variantList.joined(separator: ","))]}"#
    }

    static let mappedJSONMapping = """
        record: data.items
        fields:
          sku: id
          name: label
          price: price
          currency: currency
          ingredients: inci
        """

    /// A value of many small objects, strings and numbers: parsed into a tree it takes some twelve times its size.
    static func clutter(_ bytes: Int) -> String {
        "[" + fill(#"{"k":"v","n":[1,2,3],"b":true},"#, bytes) + "null]"
    }

    static let all: [AdversarialFeed] = [
        AdversarialFeed(name: "description of '&lt;' (HTML stripping)", format: "google-merchant") { bytes in
            googleHead + googleItem("A1", extra: "<g:description>" + fill("&lt;", bytes) + "</g:description>") + googleTail
        },
        AdversarialFeed(name: "body_html of '<' (HTML stripping)", format: "shopify") { bytes in
            #"{"products":["# + shopifyProduct(1, bodyHTML: fill("<", bytes)) + "]}\n"
        },
        AdversarialFeed(name: "DESCRIPTION_LONG of '&lt;p' (HTML stripping)", format: "bmecat") { bytes in
            bmecat(bmecatProduct("B1", description: fill("&lt;p", bytes)))
        },
        AdversarialFeed(name: "ingredient followed by '*' (footnote markers)", format: "google-merchant") { bytes in
            googleHead + googleItem("A1", ingredients: "Linalool" + fill("*", bytes)) + googleTail
        },
        AdversarialFeed(name: "ingredient followed by '†' (footnote markers)", format: "ndjson") { bytes in
            #"{"sku":"N1","name":"Oil","price":"9.50","currency":"GBP","ingredients":"Linalool"# + fill("†", bytes) + "\"}\n"
        },
        AdversarialFeed(name: "page of empty JSON-LD blocks (line numbers)", format: "schema-org") { bytes in
            "<html><body>\n" + fill("<script type=\"application/ld+json\">{}</script>\n", bytes)
                + #"<script type="application/ld+json">{"@type":"Product","sku":"P1","name":"Oil"}</script></body></html>"# + "\n"
        },
        AdversarialFeed(name: "clutter beside the records", format: "json", mapping: mappedJSONMapping) { bytes in
            #"{"meta":"# + clutter(bytes) + #","data":{"items":[{"id":"M1","label":"Oil","price":"9.50","currency":"EUR","inci":"Aqua"}]}}"# + "\n"
        },
        AdversarialFeed(name: "clutter beside the products", format: "shopify") { bytes in
            #"{"shop":"# + clutter(bytes) + #","products":["# + shopifyProduct(1) + "]}\n"
        },
        AdversarialFeed(name: "long attribute value", format: "google-merchant") { bytes in
            googleHead + googleItem("A1", extra: "<g:link href=\"" + fill("x", bytes) + "\">https://example.com/</g:link>") + googleTail
        },
        AdversarialFeed(name: "deep nesting, repeated (250 levels)", format: "bmecat") { bytes in
            let nest = String(repeating: "<X>", count: 250) + String(repeating: "</X>", count: 250)
            return bmecat(bmecatProduct("B1", extra: "<USER_DEFINED_EXTENSIONS>" + fill(nest, bytes) + "</USER_DEFINED_EXTENSIONS>"))
        },
        AdversarialFeed(name: "deep nesting beside the records (500 levels)", format: "json", mapping: mappedJSONMapping) { bytes in
            let nest = String(repeating: "[", count: 500) + String(repeating: "]", count: 500) + ","
            return #"{"meta":["# + fill(nest, bytes) + #"0],"data":{"items":[{"id":"M1","label":"Oil","price":"9.50","currency":"EUR","inci":"Aqua"}]}}"# + "\n"
        },
        AdversarialFeed(name: "many namespaces (a new prefix per element)", format: "google-merchant") { bytes in
            var items = ""
            var index = 0
            while items.utf8.count < bytes {
                index += 1
                let extra = (0..<20).map { #"<n\#(index)x\#($0):e xmlns:n\#(index)x\#($0)="urn:adv:\#(index):\#($0)">v</n\#(index)x\#($0):e>"# }
                items += googleItem("A\(index)", extra: extra.joined())
            }
            return googleHead + items + googleTail
        },
        AdversarialFeed(name: "one huge record (description)", format: "google-merchant") { bytes in
            googleHead + googleItem("A1", extra: "<g:description>" + fill("Cold-pressed oil for dry skin. ", bytes) + "</g:description>") + googleTail
        },
        AdversarialFeed(name: "one huge record (ingredient list)", format: "ndjson") { bytes in
            #"{"sku":"N1","name":"Oil","price":"9.50","currency":"GBP","ingredients":""# + fill("Simmondsia Chinensis Seed Oil, ", bytes) + "Aqua\"}\n"
        },
        AdversarialFeed(name: "one huge product (variants)", format: "shopify") { bytes in
            #"{"products":["# + shopifyProduct(1, variants: max(1, bytes / 70)) + "]}\n"
        },
        AdversarialFeed(name: "one huge product (BMEcat description)", format: "bmecat") { bytes in
            bmecat(bmecatProduct("B1", description: fill("Cold-pressed oil for dry skin. ", bytes)))
        },
    ]
}
