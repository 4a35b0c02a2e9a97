import CatalogueCore
import Foundation
import StoreInterface
import Testing

/// An import run's writes give the same catalogue on every backend, whatever a backend holds back and sends later.
@Suite("Import writer contract")
struct ImportWriterContractTests {
    static let taxonomy = CatalogueReadStoreContractTests.taxonomy

    static func formulation(_ text: String?, ingredients: String = " jojoba-oil ", unresolved: [String] = [], run: Int64? = nil) -> NewFormulation {
        NewFormulation(
            text: text, ingredientHash: "ih-\(text ?? "none")",
            resolution: StoredResolution(
                json: CatalogueReadStoreContractTests.jojoba, ingredientIds: ingredients, allergenIds: " ", propertyIds: " hydrating ",
                unresolvedCount: unresolved.count, unresolvedNames: unresolved.joined(separator: "\u{1F}"), percents: " "
            ),
            runId: run
        )
    }

    /// Text COPY's format must escape, and text that only looks like an escape.
    static let hostile = "Tab\there, line\nbreak, cr\r, back\\slash, \\N, \\t literal, \"quoted\" 'single' ;-- \u{202E}gnp.exe 👩🏽‍⚕️ Zoë"

    @Test("products added, changed, re-keyed, marked stale and discontinued in one run read back the same", arguments: Backend.available)
    func run(backend: Backend) async throws {
        try await backend.withStore { store async throws in
            _ = try await store.addSupplier(SupplierRecord(id: "naturalis", name: "Naturalis", format: "google-merchant"), actor: "t")
            let now = Date()
            try await store.withImportTransaction(now: now) { writer in
                #expect(try !writer.hasProducts(supplier: "naturalis"))
                try writer.prefetch(supplier: "naturalis", skus: ["A", "B", Self.hostile, "A"])
                let a = try writer.insert(
                    supplier: "naturalis", sku: "A", data: ProductData(name: "Alpha oil", brand: Self.hostile, price: "9.50", currency: "EUR", tags: ["x\ty", "z"]),
                    contentHash: "hA", formulation: Self.formulation("Jojoba")
                )
                #expect(a != nil)
                // The same key again in the same run: refused, nothing written.
                #expect(try writer.insert(supplier: "naturalis", sku: "A", data: ProductData(name: "Again"), contentHash: "h", formulation: Self.formulation("x")) == nil)
                #expect(try writer.find(supplier: "naturalis", sku: "A")?.id == a)
                _ = try writer.insert(
                    supplier: "naturalis", sku: Self.hostile, data: ProductData(name: Self.hostile, description: "\\.\n\\."), contentHash: "hH",
                    formulation: Self.formulation(Self.hostile, ingredients: " ", unresolved: ["Mystery\tExtract", "Ünknown"])
                )
                _ = try writer.insert(supplier: "naturalis", sku: "B", data: ProductData(name: "Beta oil"), contentHash: "hB", formulation: Self.formulation(nil))
                #expect(try writer.activeCount(supplier: "naturalis") == 3)
                return .commit
            }
            let first = try await store.searchProducts(ProductFilter())
            #expect(first.map(\.sku) == ["A", "B", Self.hostile])
            let hostile = try #require(try await store.productDetail(supplier: "naturalis", sku: Self.hostile))
            #expect(hostile.data.name == Self.hostile && hostile.data.description == "\\.\n\\." && hostile.formulations.first?.ingredientText == Self.hostile)
            #expect(first.first { $0.sku == Self.hostile }?.unresolvedIngredients == 2)
            let alpha = try #require(try await store.productDetail(supplier: "naturalis", sku: "A"))
            #expect(alpha.data.brand == Self.hostile && alpha.data.tags == ["x\ty", "z"] && alpha.data.price == "9.50" && alpha.formulations.count == 1)
            #expect(try await store.catalogueProducts(taxonomy: Self.taxonomy).first { $0.facts.reference == "naturalis:\(Self.hostile)" }?.facts.unresolved == ["Mystery\tExtract", "Ünknown"])

            // A second run: a reformulation, a price change, a stale mark, a new key, a removal.
            try await store.withImportTransaction(now: now + 60) { writer in
                try writer.prefetch(supplier: "naturalis", skus: ["A", "B", "C", Self.hostile])
                let a = try #require(try writer.find(supplier: "naturalis", sku: "A"))
                #expect(a.contentHash == "hA" && a.isActive && a.version == 1 && !a.isStale)
                #expect(try writer.data(of: a.id)?.brand == Self.hostile)
                try writer.update(id: a.id, data: ProductData(name: "Alpha oil", brand: "Naturalis", price: "9.50", currency: "EUR"), contentHash: "hA2")
                _ = try writer.addFormulation(productId: a.id, version: 2, Self.formulation("Jojoba, Lavender", ingredients: " jojoba-oil lavender-oil "))
                #expect(try writer.data(of: a.id)?.brand == "Naturalis")
                let b = try #require(try writer.find(supplier: "naturalis", sku: "B"))
                try writer.rekey(id: b.id, to: "C")
                #expect(try writer.find(supplier: "naturalis", sku: "C")?.id == b.id)
                #expect(try writer.find(supplier: "naturalis", sku: "B") == nil)
                try writer.updatePrice(id: b.id, price: nil, currency: nil, contentHash: "hC")
                let h = try #require(try writer.find(supplier: "naturalis", sku: Self.hostile))
                try writer.markStale(id: h.id, reason: "line 7, ingredients: \(Self.hostile)")
                // The next batch sees every write of the one before.
                try writer.prefetch(supplier: "naturalis", skus: ["C", Self.hostile])
                #expect(try writer.find(supplier: "naturalis", sku: Self.hostile)?.isStale == true)
                #expect(try writer.find(supplier: "naturalis", sku: "C").map { $0.contentHash == "hC" } == true)
                var active: [String] = []
                try writer.forEachActiveProduct(supplier: "naturalis") { _, sku in active.append(sku) }
                #expect(active == ["A", Self.hostile, "C"])
                try writer.discontinue(id: b.id)
                return .commit
            }
            var all = ProductFilter()
            all.includeDiscontinued = true
            let second = try await store.searchProducts(all)
            #expect(second.map(\.sku) == ["A", "C", Self.hostile])
            #expect(second.map(\.status) == ["active", "discontinued", "active"])
            let reformulated = try #require(try await store.productDetail(supplier: "naturalis", sku: "A"))
            #expect(reformulated.formulations.map(\.version) == [2, 1] && reformulated.data.brand == "Naturalis")
            #expect(try await store.productDetail(supplier: "naturalis", sku: "C").map { $0.data.price == nil && $0.discontinuedAt != nil } == true)
            #expect(try await store.staleProducts().map(\.reason) == ["line 7, ingredients: \(Self.hostile)"])

            // A third: the stale mark is cleared, the discontinued product comes back.
            try await store.withImportTransaction(now: now + 120) { writer in
                try writer.prefetch(supplier: "naturalis", skus: ["C", Self.hostile])
                let h = try #require(try writer.find(supplier: "naturalis", sku: Self.hostile))
                try writer.clearStale(id: h.id)
                let c = try #require(try writer.find(supplier: "naturalis", sku: "C"))
                #expect(!c.isActive)
                try writer.update(id: c.id, data: ProductData(name: "Gamma oil"), contentHash: "hC2")
                return .commit
            }
            #expect(try await store.staleProducts().isEmpty)
            #expect(try await store.searchProducts(ProductFilter()).map(\.name) == ["Alpha oil", "Gamma oil", Self.hostile])
        }
    }

    @Test("a rollback or an error keeps nothing; a dry run's keys are told apart", arguments: Backend.available)
    func rollback(backend: Backend) async throws {
        try await backend.withStore { store async throws in
            _ = try await store.addSupplier(SupplierRecord(id: "naturalis", name: "Naturalis", format: "google-merchant"), actor: "t")
            try await store.withImportTransaction(now: Date()) { writer in
                try writer.prefetch(supplier: "naturalis", skus: ["A"])
                _ = try writer.insert(supplier: "naturalis", sku: "A", data: ProductData(name: "Alpha"), contentHash: "h", formulation: Self.formulation("x"))
                try writer.prepareDryRun()
                #expect(try writer.rememberDryRunSKU("K") && !writer.rememberDryRunSKU("K") && writer.rememberDryRunSKU("k"))
                return .rollback
            }
            struct Refused: Error {}
            await #expect(throws: Refused.self) {
                try await store.withImportTransaction(now: Date()) { writer in
                    try writer.prefetch(supplier: "naturalis", skus: ["B"])
                    _ = try writer.insert(supplier: "naturalis", sku: "B", data: ProductData(name: "Beta"), contentHash: "h", formulation: Self.formulation("x"))
                    try writer.flushIfHeld()
                    throw Refused()
                }
            }
            #expect(try await store.activeProductCount(supplier: "naturalis") == 0)
            #expect(try await store.searchProducts(ProductFilter()).isEmpty)
        }
    }

    @Test("every call answers as if each earlier write of the batch had been made; the last change asked for wins", arguments: Backend.available)
    func withinOneBatch(backend: Backend) async throws {
        try await backend.withStore { store async throws in
            _ = try await store.addSupplier(SupplierRecord(id: "naturalis", name: "Naturalis", format: "google-merchant"), actor: "t")
            let (nfc, nfd) = ("caf\u{E9}", "cafe\u{301}")
            try await store.withImportTransaction(now: Date()) { writer in
                try writer.prefetch(supplier: "naturalis", skus: ["A", "B", "C", "D", nfc, nfd])
                for key in ["A", "B", "C", "D"] {
                    _ = try writer.insert(supplier: "naturalis", sku: key, data: ProductData(name: "Oil \(key)"), contentHash: "h\(key)", formulation: Self.formulation(key))
                }
                // Keys that look alike but differ in bytes are two products, as the database tells them apart.
                #expect(try writer.insert(supplier: "naturalis", sku: nfc, data: ProductData(name: "Café NFC"), contentHash: "h", formulation: Self.formulation("x")) != nil)
                #expect(try writer.insert(supplier: "naturalis", sku: nfd, data: ProductData(name: "Café NFD"), contentHash: "h", formulation: Self.formulation("y")) != nil)
                // A key with a NUL is no product's, and asking does not fail the run.
                #expect(try writer.find(supplier: "naturalis", sku: "A\u{0}") == nil)
                try writer.prefetch(supplier: "naturalis", skus: ["A\u{0}", "B"])
                return .commit
            }
            try await store.withImportTransaction(now: Date()) { writer in
                try writer.prefetch(supplier: "naturalis", skus: ["A", "B", "C", "D", "E"])
                let a = try #require(try writer.find(supplier: "naturalis", sku: "A"))
                try writer.discontinue(id: a.id)
                #expect(try writer.find(supplier: "naturalis", sku: "A")?.isActive == false)
                try writer.update(id: a.id, data: ProductData(name: "Oil A", price: "1.00"), contentHash: "hA2")
                #expect(try writer.find(supplier: "naturalis", sku: "A").map { $0.isActive && $0.contentHash == "hA2" } == true)
                try writer.updatePrice(id: a.id, price: "2.00", currency: "EUR", contentHash: "hA3")
                let b = try #require(try writer.find(supplier: "naturalis", sku: "B"))
                try writer.markStale(id: b.id, reason: "rejected")
                #expect(try writer.find(supplier: "naturalis", sku: "B")?.isStale == true)
                try writer.clearStale(id: b.id)
                #expect(try writer.find(supplier: "naturalis", sku: "B")?.isStale == false)
                try writer.updatePrice(id: b.id, price: "5.00", currency: "GBP", contentHash: "hB2")
                try writer.update(id: b.id, data: ProductData(name: "Oil B", price: "6.00"), contentHash: "hB3")
                try writer.update(id: b.id, data: ProductData(name: "Oil B2", price: "7.00"), contentHash: "hB4")
                _ = try writer.addFormulation(productId: b.id, version: 2, Self.formulation("B v2"))
                #expect(try writer.find(supplier: "naturalis", sku: "B").map { $0.version == 2 && $0.ingredientHash == "ih-B v2" } == true)
                // Chained changes of key: C takes D's key after D moved on to E.
                let (c, d) = (try #require(try writer.find(supplier: "naturalis", sku: "C")), try #require(try writer.find(supplier: "naturalis", sku: "D")))
                try writer.rekey(id: d.id, to: "E")
                try writer.rekey(id: c.id, to: "D")
                #expect(try writer.find(supplier: "naturalis", sku: "D")?.id == c.id && writer.find(supplier: "naturalis", sku: "E")?.id == d.id)
                #expect(try writer.find(supplier: "naturalis", sku: "C") == nil)
                return .commit
            }
            let a = try #require(try await store.productDetail(supplier: "naturalis", sku: "A"))
            #expect(a.status == "active" && a.data.price == "2.00" && a.data.currency == "EUR")
            let b = try #require(try await store.productDetail(supplier: "naturalis", sku: "B"))
            #expect(b.data.name == "Oil B2" && b.data.price == "7.00" && b.data.currency == nil && b.staleReason == nil && b.formulations.count == 2)
            #expect(try await store.productNames(supplier: "naturalis", skus: ["C", "D", "E"]) == ["D": "Oil C", "E": "Oil D"])
            var cafes = ProductFilter()
            cafes.text = "Café N"
            #expect(try await store.searchProducts(cafes).map(\.name) == ["Café NFC", "Café NFD"])

            // Written and then rolled back: nothing stays, sent or held back.
            let before = try await store.listGeneration()
            try await store.withImportTransaction(now: Date()) { writer in
                try writer.prefetch(supplier: "naturalis", skus: ["F"])
                _ = try writer.insert(supplier: "naturalis", sku: "F", data: ProductData(name: "Oil F"), contentHash: "h", formulation: Self.formulation("F"))
                try writer.flushIfHeld()
                return .rollback
            }
            #expect(try await store.productDetail(supplier: "naturalis", sku: "F") == nil)
            #expect(try await store.listGeneration() == before)
            // A committed run moves the stamps in its own transaction, before its run record says anything.
            let snapshot = try await store.suitabilitySnapshotStamp(fingerprint: "fp")
            try await store.withImportTransaction(now: Date()) { _ in .commit }
            #expect(try await store.listGeneration() != before)
            #expect(try await store.suitabilitySnapshotStamp(fingerprint: "fp") != snapshot)
        }
    }

    @Test("a run of thousands of products across many batches and id blocks", arguments: Backend.available)
    func manyBatches(backend: Backend) async throws {
        try await backend.withStore { store async throws in
            _ = try await store.addSupplier(SupplierRecord(id: "naturalis", name: "Naturalis", format: "google-merchant"), actor: "t")
            let count = 3_000
            try await store.withImportTransaction(now: Date()) { writer in
                for start in stride(from: 0, to: count, by: 256) {
                    let keys = (start..<min(count, start + 256)).map { String(format: "SKU-%05d", $0) }
                    try writer.prefetch(supplier: "naturalis", skus: keys)
                    for key in keys {
                        #expect(try writer.insert(supplier: "naturalis", sku: key, data: ProductData(name: "Oil \(key)"), contentHash: key, formulation: Self.formulation(key)) != nil)
                    }
                }
                return .commit
            }
            #expect(try await store.activeProductCount(supplier: "naturalis") == count)
            let products = try await store.catalogueProducts(taxonomy: Self.taxonomy)
            #expect(Set(products.map(\.facts.productID)).count == count && Set(products.map(\.facts.formulationID)).count == count)
            #expect(products.first?.facts.reference == "naturalis:SKU-00000" && products.last?.facts.reference == "naturalis:SKU-02999")
            // Every product points at its own formulation.
            let detail = try #require(try await store.productDetail(supplier: "naturalis", sku: "SKU-01234"))
            #expect(detail.formulations.first?.ingredientText == "SKU-01234")
        }
    }
}

extension ImportWriter {
    /// Sends what a batching writer holds back (a new batch with no keys does that).
    func flushIfHeld() throws {
        try prefetch(supplier: "", skus: [])
    }
}
