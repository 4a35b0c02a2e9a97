@_spi(SQLite) import CatalogueStore
import CatalogueCore
import Foundation
@testable import PostgresStore
import StoreInterface
import Testing

/// The catalogue reads the same on every backend: search, detail, the engine's facts, the snapshot, and the change
/// stamps that key every cached list.
@Suite("Catalogue read store contract")
struct CatalogueReadStoreContractTests {
    /// A product row and its formulations (the last is current), written the same way on both backends.
    struct Listed {
        var supplier = "naturalis"
        var sku: String
        var name: String
        var brand: String?
        var productType: String?
        var price: String?
        var tags: String?
        var discontinued = false
        var staleReason: String?
        /// (ingredient text, ingredient ids, allergen ids, property ids, unresolved names, percents, resolution JSON)
        var formulations: [(String?, String, String, String, String, String, String)]
    }

    static let jojoba = #"{"e":[["Simmondsia Chinensis Seed Oil","i",["jojoba-oil"],"s"]]}"#
    static let lavender = #"{"e":[["Lavandula Angustifolia Oil","i",["lavender-oil"],"s"],["Linalool","a",["linalool"],"a"]]}"#

    static let taxonomy: Taxonomy = {
        do {
            return try Taxonomy(
                ingredients: [
                    Ingredient(id: "jojoba-oil", name: "Jojoba oil", kind: .carrier, inci: "Simmondsia Chinensis Seed Oil"),
                    Ingredient(id: "lavender-oil", name: "Lavender oil", kind: .essentialOil, inci: "Lavandula Angustifolia Oil", constituents: ["linalool"]),
                ],
                allergens: [FragranceAllergen(id: "linalool", name: "Linalool", form: .substance, listing: .original26)],
                foodAllergenClasses: [], crossReactivityGroups: [],
                properties: [
                    SkinProperty(id: "hydrating", name: "Hydrating", description: "Softens dry skin", ingredients: [.init(ingredient: "jojoba-oil", source: "test")]),
                    SkinProperty(id: "calming", name: "Calming", description: "Calms", ingredients: [.init(ingredient: "lavender-oil", source: "test")]),
                ],
                conditions: []
            )
        } catch { fatalError("\(error)") }
    }()

    /// Names chosen to sort and match differently under careless rules: ASCII case, accents, LIKE's wildcards, a
    /// right-to-left override, a zero-width joiner, a quote.
    static let products: [Listed] = [
        Listed(sku: "JOJ-1", name: "jojoba Oil", brand: "Näturalis", productType: "Carrier", price: "12.50", tags: #"["carrier","cold-pressed"]"#,
               formulations: [("Jojoba", " jojoba-oil ", " ", " hydrating ", "", " ", jojoba)]),
        Listed(sku: "LAV-1", name: "Lavender 100% pure", brand: nil,
               formulations: [("Lavender", " lavender-oil ", " ", " calming ", "", " ", lavender),
                              ("Lavender, Linalool", " lavender-oil ", " linalool ", " calming ", "", " lavender-oil=2.5 ", lavender)]),
        Listed(sku: "ÉMU_1", name: "Émulsion \u{202E}lio", brand: "o'Brien",
               formulations: [("Aqua, Mystery Extract", " ", " ", " ", "Aqua\u{1F}Mystery Extract", " ", #"{"e":[["Aqua","u"],["Mystery Extract","u"]]}"#)]),
        Listed(sku: "ALM-1", name: "ALMOND oil", staleReason: "line 7, ingredients: unreadable",
               formulations: [("Almond", " ", " ", " hydrating ", "", " ", #"{"e":[]}"#)]),
        Listed(sku: "OLD-1", name: "almond Oil (old)", discontinued: true, formulations: [("Jojoba", " jojoba-oil ", " ", " hydrating ", "", " ", jojoba)]),
        Listed(sku: "NONE-1", name: "Zwiebel\u{200D}öl", formulations: [("-", " ", " ", " ", "", " ", #"{"e":[]}"#)]),
        Listed(sku: "NOLIST-1", name: "bare oil", formulations: [(nil, " ", " ", " ", "", " ", #"{"e":[]}"#)]),
        Listed(supplier: "aroma'co", sku: "JOJ-1", name: "Jojoba oil", formulations: [("Jojoba", " jojoba-oil ", " ", " hydrating ", "", " ", jojoba)]),
    ]

    @Test("search: the same products in the same order for every filter, ASCII case ignored and wildcards matched as written", arguments: Backend.available)
    func search(backend: Backend) async throws {
        try await backend.withStore { store async throws in
            for product in Self.products { try await backend.addListed(product, to: store) }
            func found(_ configure: (inout ProductFilter) -> Void) async throws -> [String] {
                var filter = ProductFilter()
                configure(&filter)
                return try await store.searchProducts(filter).map(\.reference)
            }
            #expect(try await found { _ in } == [
                "naturalis:ALM-1", "naturalis:NOLIST-1", "aroma'co:JOJ-1", "naturalis:JOJ-1", "naturalis:LAV-1", "naturalis:NONE-1", "naturalis:ÉMU_1",
            ])
            #expect(try await found { $0.includeDiscontinued = true }.prefix(2) == ["naturalis:ALM-1", "naturalis:OLD-1"])
            #expect(try await found { $0.text = "JOJOBA" } == ["aroma'co:JOJ-1", "naturalis:JOJ-1"])
            #expect(try await found { $0.text = "100%" } == ["naturalis:LAV-1"])
            #expect(try await found { $0.text = "0%" } == ["naturalis:LAV-1"])
            #expect(try await found { $0.text = "_" } == ["naturalis:ÉMU_1"])
            #expect(try await found { $0.text = "o'brien" } == ["naturalis:ÉMU_1"])
            // Case is ignored for ASCII letters only, as SQLite's LIKE does.
            #expect(try await found { $0.text = "émulsion" }.isEmpty)
            #expect(try await found { $0.text = "NÄTURALIS" }.isEmpty)
            #expect(try await found { $0.text = "Nä" } == ["naturalis:JOJ-1"])
            #expect(try await found { $0.text = "carrier" } == ["naturalis:JOJ-1"])
            #expect(try await found { $0.property = "hydrating" } == ["naturalis:ALM-1", "aroma'co:JOJ-1", "naturalis:JOJ-1"])
            #expect(try await found { $0.ingredient = "lavender-oil" } == ["naturalis:LAV-1"])
            #expect(try await found { $0.allergen = "linalool" } == ["naturalis:LAV-1"])
            #expect(try await found { $0.supplier = "aroma'co" } == ["aroma'co:JOJ-1"])
            #expect(try await found { $0.supplier = "' OR 1=1 --" }.isEmpty)
            #expect(try await found { $0.limit = 2 } == ["naturalis:ALM-1", "naturalis:NOLIST-1"])

            var all = ProductFilter()
            all.limit = 0
            let summaries = try await store.searchProducts(all)
            #expect(summaries.count == 7)
            let lavender = try #require(summaries.first { $0.sku == "LAV-1" })
            #expect(lavender.version == 2 && lavender.properties == ["calming"] && lavender.hasIngredientList && !lavender.namesNoIngredient)
            let emulsion = try #require(summaries.first { $0.sku == "ÉMU_1" })
            #expect(emulsion.unresolvedIngredients == 2 && emulsion.brand == "o'Brien" && emulsion.name == "Émulsion \u{202E}lio")
            #expect(summaries.first { $0.sku == "NONE-1" }?.namesNoIngredient == true)
            #expect(summaries.first { $0.sku == "NOLIST-1" }.map { !$0.hasIngredientList && !$0.namesNoIngredient } == true)
            #expect(summaries.first { $0.sku == "ALM-1" }?.staleReason == "line 7, ingredients: unreadable")
            #expect(summaries.first { $0.sku == "JOJ-1" && $0.supplier == "naturalis" }.map { $0.price == "12.50" && $0.status == "active" } == true)
        }
    }

    @Test("detail, names and stale products read the same", arguments: Backend.available)
    func detail(backend: Backend) async throws {
        try await backend.withStore { store async throws in
            for product in Self.products { try await backend.addListed(product, to: store) }
            let lavender = try #require(try await store.productDetail(supplier: "naturalis", sku: "LAV-1"))
            #expect(lavender.formulations.map(\.version) == [2, 1])
            #expect(lavender.formulations.map(\.ingredientText) == ["Lavender, Linalool", "Lavender"])
            #expect(lavender.formulations[0].resolution.allergenIDs == ["linalool"])
            #expect(lavender.status == "active" && lavender.discontinuedAt == nil && lavender.data.brand == nil)
            let jojoba = try #require(try await store.productDetail(supplier: "naturalis", sku: "JOJ-1"))
            #expect(jojoba.data.tags == ["carrier", "cold-pressed"] && jojoba.data.brand == "Näturalis" && jojoba.data.price == "12.50")
            let old = try #require(try await store.productDetail(supplier: "naturalis", sku: "OLD-1"))
            #expect(old.status == "discontinued" && old.discontinuedAt != nil)
            #expect(try await store.productDetail(supplier: "naturalis", sku: "JOJ-1' OR '1'='1") == nil)
            #expect(try await store.productDetail(supplier: "aroma'co", sku: "JOJ-1")?.data.name == "Jojoba oil")

            #expect(try await store.productNames(supplier: "naturalis", skus: ["JOJ-1", "ÉMU_1", "NOPE"]) == ["JOJ-1": "jojoba Oil", "ÉMU_1": "Émulsion \u{202E}lio"])
            #expect(try await store.productNames(supplier: "naturalis", skus: []).isEmpty)
            let stale = try await store.staleProducts()
            #expect(stale.map(\.reference) == ["naturalis:ALM-1"] && stale.first?.reason == "line 7, ingredients: unreadable")
            #expect(try await store.staleProducts(limit: 0).isEmpty)
        }
    }

    @Test("the engine's facts, their order, and the snapshot built from them are the same", arguments: Backend.available)
    func facts(backend: Backend) async throws {
        try await backend.withStore { store async throws in
            for product in Self.products { try await backend.addListed(product, to: store) }
            let products = try await store.catalogueProducts(taxonomy: Self.taxonomy)
            // By name, then id (search breaks ties by supplier and SKU instead).
            #expect(products.map(\.facts.reference) == [
                "naturalis:ALM-1", "naturalis:NOLIST-1", "naturalis:JOJ-1", "aroma'co:JOJ-1", "naturalis:LAV-1", "naturalis:NONE-1", "naturalis:ÉMU_1",
            ])
            let lavender = try #require(products.first { $0.facts.reference == "naturalis:LAV-1" })
            #expect(lavender.facts.version == 2 && lavender.facts.percents == ["lavender-oil": 2.5] && lavender.facts.allergenIDs == ["linalool"])
            #expect(lavender.properties == ["calming"])
            #expect(products.first { $0.facts.reference == "naturalis:ÉMU_1" }?.facts.unresolved == ["Aqua", "Mystery Extract"])
            #expect(products.first { $0.facts.reference == "naturalis:ALM-1" }?.facts.staleReason == "line 7, ingredients: unreadable")
            #expect(products.first { $0.facts.reference == "naturalis:NOLIST-1" }?.facts.hasIngredientList == false)
            #expect(try await store.catalogueProducts(taxonomy: Self.taxonomy, properties: ["hydrating"]).map(\.facts.reference) == [
                "naturalis:ALM-1", "naturalis:JOJ-1", "aroma'co:JOJ-1",
            ])
            // By id, discontinued ones too when asked (a bottle still on the shelf).
            let ids = products.prefix(2).map(\.facts.productID) + [5]
            #expect(try await store.catalogueProducts(taxonomy: Self.taxonomy, properties: [], productIDs: ids, includingDiscontinued: true).map(\.facts.reference) == [
                "naturalis:ALM-1", "naturalis:OLD-1", "naturalis:NOLIST-1",
            ])
            #expect(try await store.catalogueProducts(taxonomy: Self.taxonomy, properties: [], productIDs: ids, includingDiscontinued: false).count == 2)
            #expect(try await store.catalogueProducts(taxonomy: Self.taxonomy, properties: [], productIDs: [], includingDiscontinued: true).isEmpty)

            // The snapshot: one entry per active product, ranked by name; stored, then read back the same.
            let built = try await store.suitabilitySnapshot(taxonomy: Self.taxonomy, fingerprint: "fp")
            let stored = try await store.suitabilitySnapshot(taxonomy: Self.taxonomy, fingerprint: "fp")
            #expect(built.entries.map { "\($0.key.productID)#\($0.nameRank)" }.sorted() == products.enumerated().map { "\($1.facts.productID)#\($0)" }.sorted())
            #expect(stored.entries.map(Self.describe) == built.entries.map(Self.describe))
            var streamed: [String] = []
            try await store.forEachSuitabilityEntry(taxonomy: Self.taxonomy, fingerprint: "fp") { streamed.append(Self.describe($0)) }
            #expect(streamed == built.entries.map(Self.describe))
            let lavenderEntry = try #require(built.entries.first { $0.key.productID == lavender.facts.productID })
            #expect(lavenderEntry.key.hasIngredientList && !lavenderEntry.key.hasUnresolved && lavenderEntry.properties != InlineBits(w0: 0, w1: 0, w2: 0, w3: 0))
        }
    }

    @Test("stock held at a location: quantities over lots, opened and expiry days of lots that hold some", arguments: Backend.available)
    func stockAtLocation(backend: Backend) async throws {
        try await backend.withStore { store async throws in
            for product in Self.products.prefix(2) { try await backend.addListed(product, to: store) }
            let now = Date()
            try await store.changeStock(.receive, location: "front-desk", supplier: "naturalis", sku: "JOJ-1", quantity: 2, batch: "A", expires: "2027-03-01", opened: "2026-01-02", reorderLevel: nil, actor: "t", now: now)
            try await store.changeStock(.receive, location: "front-desk", supplier: "naturalis", sku: "JOJ-1", quantity: 1, batch: "B", expires: "2027-05-01", opened: nil, reorderLevel: nil, actor: "t", now: now)
            try await store.changeStock(.set, location: "front-desk", supplier: "naturalis", sku: "LAV-1", quantity: 0, batch: nil, expires: "2020-01-01", opened: "2019-01-01", reorderLevel: 1, actor: "t", now: now)
            let held = try await store.stock(at: " front-desk\u{200B}")
            let jojoba = try #require(held[1])
            #expect(jojoba.quantity == 3 && jojoba.openedDates.count == 1 && jojoba.expiryDates.count == 2)
            #expect(held[2].map { $0.quantity == 0 && $0.openedDates.isEmpty && $0.expiryDates.isEmpty } == true)
            #expect(try await store.stock(at: "backroom").isEmpty)
        }
    }

    @Test("the change stamps move with every change a list could show, in the change's own transaction, and not with reads", arguments: Backend.available)
    func stamps(backend: Backend) async throws {
        try await backend.withStore { store async throws in
            for product in Self.products.prefix(2) { try await backend.addListed(product, to: store) }
            let now = Date()
            var list = try await store.listGeneration()
            var snapshot = try await store.suitabilitySnapshotStamp(fingerprint: "fp")
            /// Whether the list generation and the snapshot stamp moved since last asked.
            func moved() async throws -> (list: Bool, snapshot: Bool) {
                let (newList, newSnapshot) = (try await store.listGeneration(), try await store.suitabilitySnapshotStamp(fingerprint: "fp"))
                defer { (list, snapshot) = (newList, newSnapshot) }
                return (newList != list, newSnapshot != snapshot)
            }
            _ = try await store.searchProducts(ProductFilter())
            _ = try await store.suitabilitySnapshot(taxonomy: Self.taxonomy, fingerprint: "fp")
            #expect(try await moved() == (false, false))
            let client = try await store.addClient(name: "Ada", conditions: [], note: nil, actor: "t", sameName: false, at: now)
            #expect(try await moved() == (true, false))
            try await store.changeStock(.receive, location: "front-desk", supplier: "naturalis", sku: "JOJ-1", quantity: 1, batch: nil, expires: nil, opened: nil, reorderLevel: nil, actor: "t", now: now)
            #expect(try await moved() == (true, false))
            _ = try await store.addAllergy(client: client, target: .allergen("linalool"), enteredName: "Linalool", source: .dermatologist, note: nil, actor: "t", reading: nil, at: now)
            #expect(try await moved() == (true, false))
            try await store.addLabelAlias(
                LabelAlias(spelling: "Lavandula Vera", target: .ingredient("lavender-oil")), reresolved: [], actor: "t", at: now
            )
            #expect(try await moved() == (true, true))
            // A refused change moves nothing.
            _ = await refusalCode {
                try await store.changeStock(.adjust, location: "front-desk", supplier: "naturalis", sku: "JOJ-1", quantity: -5, batch: nil, expires: nil, opened: nil, reorderLevel: nil, actor: "t", now: now)
            }
            #expect(try await moved() == (false, false))
            // A stored snapshot is kept while its stamp holds: a product written behind the counters' back is not in it.
            #expect(try await store.suitabilitySnapshot(taxonomy: Self.taxonomy, fingerprint: "fp").entries.count == 2)
            try await backend.addListed(Self.products[2], to: store)
            #expect(try await store.suitabilitySnapshot(taxonomy: Self.taxonomy, fingerprint: "fp").entries.count == 2)
            var streamed = 0
            try await store.forEachSuitabilityEntry(taxonomy: Self.taxonomy, fingerprint: "fp") { _ in streamed += 1 }
            #expect(streamed == 2)
            // Other reference data, or an applied import, and it is built again.
            #expect(try await store.suitabilitySnapshot(taxonomy: Self.taxonomy, fingerprint: "other").entries.count == 3)
            try await store.withImportTransaction(now: now) { _ in .commit }
            #expect(try await moved() == (true, true))
            #expect(try await store.suitabilitySnapshot(taxonomy: Self.taxonomy, fingerprint: "fp").entries.count == 3)
        }
    }

    @Test("changes made at once each move the list generation once", arguments: Backend.available)
    func stampsUnderConcurrency(backend: Backend) async throws {
        try await backend.withStore { store async throws in
            try await backend.addListed(Self.products[0], to: store)
            let before = try await store.listGeneration().split(separator: "|").map { Int($0) ?? -1 }
            let outcomes = await atOnce(12) { index in
                try await store.changeStock(
                    .receive, location: "room-\(index % 3)", supplier: "naturalis", sku: "JOJ-1", quantity: 1, batch: nil, expires: nil, opened: nil,
                    reorderLevel: nil, actor: "t", now: Date()
                )
            }
            #expect(outcomes == Array(repeating: "done", count: 12))
            let after = try await store.listGeneration().split(separator: "|").map { Int($0) ?? -1 }
            // Each change is a movement and an audit line: two counts each, none lost to a race.
            #expect(after[1] - before[1] == 24, "\(before) → \(after)")
            #expect(after[0] == before[0] && after[2] == before[2])
        }
    }

    static func describe(_ entry: SuitabilitySnapshot.Entry) -> String {
        let key = entry.key
        return "\(key.productID)#\(entry.nameRank) i\(key.ingredients.w0) a\(key.allergens.w0) p\(entry.properties.w0) "
            + "\(key.hasIngredientList) \(key.hasUnresolved) \(key.needsFullCheck) \(key.phototoxicCaution) \(key.statesPercentages)"
    }
}

extension Backend {
    /// Writes `product` with its formulations (the last current) and, when asked, discontinued.
    func addListed(_ product: CatalogueReadStoreContractTests.Listed, to store: any Store) async throws {
        let now = Date()
        switch self {
        case .sqlite:
            let database = try #require(store as? CatalogueDatabase)
            try database.write { db in
                try db.execute(
                    sql: "INSERT OR IGNORE INTO supplier (id, name, format, createdAt, updatedAt) VALUES (?, ?, 'google-merchant', ?, ?)",
                    arguments: [product.supplier, product.supplier, now, now]
                )
                try db.execute(
                    sql: """
                        INSERT INTO product (supplierId, sku, name, brand, productType, price, tags, status, contentHash, createdAt, updatedAt,
                          discontinuedAt, staleReason, staleSince)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'h', ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        product.supplier, product.sku, product.name, product.brand, product.productType, product.price, product.tags,
                        product.discontinued ? "discontinued" : "active", now, now, product.discontinued ? now : nil, product.staleReason,
                        product.staleReason == nil ? nil : now,
                    ]
                )
                let id = db.lastInsertedRowID
                for (version, f) in product.formulations.enumerated() {
                    try db.execute(
                        sql: """
                            INSERT INTO formulation (productId, version, ingredientText, ingredientHash, resolution, ingredientIds, allergenIds,
                              propertyIds, unresolvedCount, unresolvedNames, percents, createdAt)
                            VALUES (?, ?, ?, 'h', ?, ?, ?, ?, ?, ?, ?, ?)
                            """,
                        arguments: [id, version + 1, f.0, f.6, f.1, f.2, f.3, f.4.isEmpty ? 0 : f.4.split(separator: "\u{1F}").count, f.4, f.5, now]
                    )
                    try db.execute(sql: "UPDATE product SET currentFormulationId = ? WHERE id = ?", arguments: [db.lastInsertedRowID, id])
                }
            }
        case .postgres:
            let catalogue = try #require(store as? PostgresCatalogue)
            try await catalogue.execute(
                #"""
                INSERT INTO "supplier" ("id", "name", "format", "createdAt", "updatedAt")
                VALUES (\#(product.supplier), \#(product.supplier), 'google-merchant', \#(now), \#(now)) ON CONFLICT DO NOTHING
                """#
            )
            let status = product.discontinued ? "discontinued" : "active"
            let discontinuedAt: Date? = product.discontinued ? now : nil
            let staleSince: Date? = product.staleReason == nil ? nil : now
            let id = try #require(
                try await catalogue.rows(
                    #"""
                    INSERT INTO "product" ("supplierId", "sku", "name", "brand", "productType", "price", "tags", "status", "contentHash", "createdAt",
                      "updatedAt", "discontinuedAt", "staleReason", "staleSince")
                    VALUES (\#(product.supplier), \#(product.sku), \#(product.name), \#(product.brand), \#(product.productType), \#(product.price),
                      \#(product.tags), \#(status), 'h', \#(now), \#(now), \#(discontinuedAt), \#(product.staleReason), \#(staleSince))
                    RETURNING "id"
                    """#
                ) { try $0.decode(Int64.self) }.first
            )
            for (version, f) in product.formulations.enumerated() {
                let unresolvedCount = f.4.isEmpty ? 0 : f.4.split(separator: "\u{1F}").count
                let formulation = try #require(
                    try await catalogue.rows(
                        #"""
                        INSERT INTO "formulation" ("productId", "version", "ingredientText", "ingredientHash", "resolution", "ingredientIds", "allergenIds",
                          "propertyIds", "unresolvedCount", "unresolvedNames", "percents", "createdAt")
                        VALUES (\#(id), \#(version + 1), \#(f.0), 'h', \#(f.6), \#(f.1), \#(f.2), \#(f.3), \#(unresolvedCount), \#(f.4), \#(f.5), \#(now))
                        RETURNING "id"
                        """#
                    ) { try $0.decode(Int64.self) }.first
                )
                try await catalogue.execute(#"UPDATE "product" SET "currentFormulationId" = \#(formulation) WHERE "id" = \#(id)"#)
            }
        }
    }
}
