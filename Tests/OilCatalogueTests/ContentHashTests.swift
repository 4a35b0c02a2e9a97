import CatalogueCore
import OilCatalogue
import Testing

/// Change detection compares a product's content hash with the one stored by earlier runs, so the hash of a given
/// content must never change between versions.
@Suite("Content hashes")
struct ContentHashTests {
    static let full = ProductData(
        name: "Jojoba Oil", brand: "Acme", description: "Cold pressed. Ingrédients: jojoba", price: "12.5",
        currency: "GBP", availability: .inStock, productType: "Carrier oil", size: "100 ml", url: "https://example.com/j",
        tags: ["organic", "vegan"]
    )

    @Test("the hash taken piece by piece is the hash of the canonical text")
    func piecesMatchTheText() {
        for (data, ingredients) in [(Self.full, "abc123"), (ProductData(name: "Jojoba Oil"), ""), (Self.full, "")] {
            #expect(
                Hashing.contentHash(of: data, ingredientHash: ingredients)
                    == Hashing.contentHash(data.canonicalText + "\u{1D}" + ingredients)
            )
        }
    }

    @Test("the hashes stored by earlier versions still match (SHA-256 of the fields joined by U+001E, first 128 bits)")
    func pinnedValues() {
        #expect(Hashing.contentHash(of: Self.full, ingredientHash: "abc123") == "2a159afb3bcf6b385e04867b3d4402a5")
        #expect(Hashing.contentHash(of: ProductData(name: "Jojoba Oil"), ingredientHash: "") == "52fc2fd3c251e2628fbf520b835b888b")
    }
}
