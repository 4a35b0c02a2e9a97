import Foundation

/// Writes a synthetic Google Merchant feed of N products with realistic ingredient lists (label spellings,
/// percentages, footnote markers, may-contain), deterministic for a given seed.
struct FeedGenerator {
    var count: Int
    var seed: UInt64 = 42

    static let carriers = [
        "Simmondsia Chinensis (Jojoba) Seed Oil", "Cocos Nucifera Oil", "Prunus Amygdalus Dulcis Oil",
        "Helianthus Annuus Seed Oil", "Vitis Vinifera Seed Oil", "Prunus Armeniaca Kernel Oil", "Persea Gratissima Oil",
        "Argania Spinosa Kernel Oil", "Rosa Canina Fruit Oil", "Caprylic/Capric Triglyceride", "Olea Europaea Fruit Oil",
        "Butyrospermum Parkii (Shea) Butter", "Sesamum Indicum Seed Oil", "Macadamia Ternifolia Seed Oil",
    ]
    static let essentialOils = [
        "Lavandula Angustifolia (Lavender) Oil", "Chamomilla Recutita Flower Oil", "Anthemis Nobilis Flower Oil",
        "Melaleuca Alternifolia Leaf Oil", "Mentha Piperita Oil", "Eucalyptus Globulus Leaf Oil",
        "Rosmarinus Officinalis Leaf Oil", "Boswellia Carterii Oil", "Citrus Aurantium Bergamia Peel Oil",
        "Citrus Limon Peel Oil", "Pelargonium Graveolens Oil", "Cananga Odorata Flower Oil", "Salvia Sclarea Oil",
        "Zingiber Officinale Root Oil", "Citrus Aurantium Dulcis Peel Oil", "Helichrysum Italicum Flower Oil",
    ]
    static let bases = [
        "Aqua", "Glycerin", "Cetearyl Alcohol", "Cera Alba", "Tocopherol", "Glyceryl Stearate", "Xanthan Gum",
        "Phenoxyethanol", "Ethylhexylglycerin", "Aloe Barbadensis Leaf Juice", "Parfum",
    ]
    static let allergens = ["Linalool", "Limonene", "Geraniol", "Citronellol", "Citral", "Eugenol", "Farnesol"]
    static let kinds = ["Massage Oil", "Body Lotion", "Skin Balm", "Essential Oil", "Carrier Oil", "Relief Cream", "Serum"]
    static let adjectives = ["Calm", "Soothe", "Revive", "Gentle", "Pure", "Comfort", "Restore", "Balance", "Warming"]
    static let sizes = ["5 ml", "10 ml", "30 ml", "50 ml", "100 ml", "250 ml", "500 ml", "1 l"]
    static let availability = ["in stock", "in stock", "in stock", "out of stock", "preorder"]

    /// Writes the feed to `url`; returns the bytes written.
    func write(to url: URL) throws -> Int {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var random = SplitMix64(seed: seed)
        var buffer = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
            + #"<rss version="2.0" xmlns:g="http://base.google.com/ns/1.0">"# + "\n<channel>\n"
            + "<title>Synthetic clinic supplier</title>\n<link>https://supplier.example/</link>\n"
        var written = 0
        for index in 1...max(1, count) {
            buffer += item(index, &random)
            if buffer.utf8.count > 1 << 20 {
                try handle.write(contentsOf: Data(buffer.utf8))
                written += buffer.utf8.count
                buffer = ""
            }
        }
        buffer += "</channel>\n</rss>\n"
        try handle.write(contentsOf: Data(buffer.utf8))
        return written + buffer.utf8.count
    }

    private func item(_ index: Int, _ random: inout SplitMix64) -> String {
        let kind = Self.kinds[random.next(Self.kinds.count)]
        let name = "\(Self.adjectives[random.next(Self.adjectives.count)]) \(kind) \(index)"
        let size = Self.sizes[random.next(Self.sizes.count)]
        let price = "\(3 + random.next(60)).\(random.next(10))\(random.next(10)) GBP"
        var ingredients: [String] = []
        if kind.contains("Lotion") || kind.contains("Cream") || kind.contains("Balm") || kind.contains("Serum") {
            ingredients.append("Aqua")
            for _ in 0..<(2 + random.next(3)) { ingredients.append(Self.bases[random.next(Self.bases.count)]) }
        }
        let carrierCount = kind == "Essential Oil" ? 0 : 1 + random.next(3)
        for position in 0..<carrierCount {
            let carrier = Self.carriers[random.next(Self.carriers.count)]
            ingredients.append(position == 0 && random.next(3) == 0 ? "\(carrier) \(50 + random.next(40))%" : carrier)
        }
        let oilCount = kind == "Essential Oil" ? 1 : random.next(3)
        for _ in 0..<oilCount { ingredients.append(Self.essentialOils[random.next(Self.essentialOils.count)]) }
        if oilCount > 0 {
            for _ in 0..<(1 + random.next(2)) { ingredients.append(Self.allergens[random.next(Self.allergens.count)] + "*") }
        }
        if random.next(50) == 0 { ingredients.append("Proprietary Botanical Complex") }
        var seen = Set<String>()
        let list = ingredients.filter { seen.insert($0).inserted }.joined(separator: ", ")
            + (oilCount > 0 ? ". *naturally occurring in essential oils" : "")
        let gtin = Self.gtin(5_060_000_000_000 + index)
        return """
            <item>
              <g:id>SYN-\(index)</g:id>
              <g:title>\(name) \(size)</g:title>
              <g:description>\(kind) for professional massage and skin therapy. Suitable for clinic use.</g:description>
              <g:link>https://supplier.example/products/syn-\(index)</g:link>
              <g:price>\(price)</g:price>
              <g:availability>\(Self.availability[random.next(Self.availability.count)])</g:availability>
              <g:brand>Synthetica</g:brand>
              <g:gtin>\(gtin)</g:gtin>
              <g:product_type>Oils &gt; \(kind)</g:product_type>
              <g:size>\(size)</g:size>
              <g:product_detail>
                <g:section_name>Composition</g:section_name>
                <g:attribute_name>Ingredients</g:attribute_name>
                <g:attribute_value>\(list)</g:attribute_value>
              </g:product_detail>
            </item>

            """
    }

    /// A GTIN-13 with its check digit, from the first 12 digits of `base`.
    static func gtin(_ base: Int) -> String {
        let digits = String(base / 10).compactMap(\.wholeNumberValue)
        let sum = digits.enumerated().reduce(0) { $0 + $1.element * ($1.offset % 2 == 0 ? 1 : 3) }
        return digits.map(String.init).joined() + String((10 - sum % 10) % 10)
    }
}

/// A small deterministic generator, so two runs write the same feed.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Int(z % UInt64(bound))
    }
}
