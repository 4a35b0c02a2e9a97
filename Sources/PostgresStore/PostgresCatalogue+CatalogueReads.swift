public import CatalogueCore
import Foundation
import PostgresNIO
public import StoreInterface

extension PostgresCatalogue: CatalogueReadStore {
    public func searchProducts(_ filter: ProductFilter) async throws -> [ProductSummary] {
        var binds = PostgresBindings()
        func bind(_ value: String) -> String {
            binds.append(value)
            return "$\(binds.count)"
        }
        var clauses: [String] = []
        if !filter.includeDiscontinued { clauses.append(#"p."status" = 'active'"#) }
        if let text = filter.text, !text.isEmpty {
            // SQLite's LIKE: ASCII letters without case, every other character as written.
            let pattern = bind(Self.asciiLowercased(CatalogueReadRules.containsPattern(text)))
            let columns = [#"p."name""#, #"p."brand""#, #"p."sku""#, #"p."productType""#]
            clauses.append("(" + columns.map { "\(Self.caseBlind($0)) LIKE \(pattern) ESCAPE '\\'" }.joined(separator: " OR ") + ")")
        }
        if let property = filter.property { clauses.append(#"f."propertyIds" LIKE "# + bind(CatalogueReadRules.idPattern(property.rawValue))) }
        if let ingredient = filter.ingredient { clauses.append(#"f."ingredientIds" LIKE "# + bind(CatalogueReadRules.idPattern(ingredient.rawValue))) }
        if let allergen = filter.allergen { clauses.append(#"f."allergenIds" LIKE "# + bind(CatalogueReadRules.idPattern(allergen.rawValue))) }
        if let supplier = filter.supplier { clauses.append(#"p."supplierId" = "# + bind(supplier)) }
        let sql = #"""
            SELECT p."supplierId", p."sku", p."name", p."brand", p."price", p."currency", p."availability", p."status",
              f."propertyIds", f."version", f."unresolvedCount", f."ingredientText" IS NOT NULL,
              f."ingredientIds" = ' ' AND f."allergenIds" = ' ' AND f."unresolvedCount" = 0, p."staleReason"
            FROM "product" p LEFT JOIN "formulation" f ON f."id" = p."currentFormulationId"
            \#(clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND "))
            ORDER BY \#(Self.caseBlind(#"p."name""#)) COLLATE "C", p."supplierId" COLLATE "C", p."sku" COLLATE "C"
            \#(filter.limit > 0 ? "LIMIT \(filter.limit)" : "")
            """#
        return try await rows(PostgresQuery(unsafeSQL: sql, binds: binds)) { row in
            let (supplier, sku, name, brand, price, currency, availability, status) =
                try row.decode((String, String, String, String?, String?, String?, String?, String).self)
            let columns = row.makeRandomAccess()
            let properties = try columns[8].decode(String?.self)
            let hasList = try columns[11].decode(Bool?.self) ?? false
            let namesNone = try columns[12].decode(Bool?.self) ?? false
            return ProductSummary(
                supplier: supplier, sku: sku, name: name, brand: brand, price: price, currency: currency, availability: availability,
                status: status, properties: (properties ?? "").split(separator: " ").map(String.init),
                version: try columns[9].decode(Int64?.self).map(Int.init), unresolvedIngredients: Int(try columns[10].decode(Int64?.self) ?? 0),
                hasIngredientList: hasList, namesNoIngredient: hasList && namesNone,
                staleReason: try columns[13].decode(String?.self)
            )
        }
    }

    public func productDetail(supplier: String, sku: String) async throws -> ProductDetail? {
        try await readOnlySnapshot { connection in
            var product: (id: Int64, detail: ProductDetail)?
            for try await row in try await connection.query(
                #"""
                SELECT "id", "name", "brand", "description", "price", "currency", "availability", "productType", "size", "gtin", "url",
                  "tags", "status", "discontinuedAt", "staleReason", "createdAt", "updatedAt"
                FROM "product" WHERE "supplierId" = \#(supplier) AND "sku" = \#(sku)
                """#,
                logger: logger
            ) {
                let (id, name, brand, description, price, currency, availability, productType, size, gtin, url, tags) =
                    try row.decode((Int64, String, String?, String?, String?, String?, String?, String?, String?, String?, String?, String?).self)
                let columns = row.makeRandomAccess()
                let data = ProductData(
                    name: name, brand: brand, description: description, price: price, currency: currency,
                    availability: availability.flatMap(Availability.init(rawValue:)), productType: productType, size: size, gtin: gtin, url: url,
                    tags: CatalogueReadRules.tags(tags)
                )
                product = (id, ProductDetail(
                    supplier: supplier, sku: sku, data: data, status: try columns[12].decode(String.self),
                    discontinuedAt: try columns[13].decode(Date?.self), staleReason: try columns[14].decode(String?.self),
                    createdAt: try columns[15].decode(Date.self), updatedAt: try columns[16].decode(Date.self), formulations: []
                ))
            }
            guard let id = product?.id, var detail = product?.detail else { return nil }
            let decoder = JSONDecoder()
            for try await row in try await connection.query(
                #"""
                SELECT "version", "ingredientText", "resolution", "importRunId", "createdAt" FROM "formulation"
                WHERE "productId" = \#(id) ORDER BY "version" DESC
                """#,
                logger: logger
            ) {
                let (version, text, resolution, run, created) = try row.decode((Int64, String?, String, Int64?, Date).self)
                detail.formulations.append(FormulationVersion(
                    version: Int(version), ingredientText: text,
                    resolution: try decoder.decode(ResolvedFormulation.self, from: Data(resolution.utf8)), importRunId: run, createdAt: created
                ))
            }
            return detail
        }
    }

    public func productNames(supplier: String, skus: [String]) async throws -> [String: String] {
        guard !skus.isEmpty else { return [:] }
        var names: [String: String] = [:]
        let found = try await rows(#"SELECT "sku", "name" FROM "product" WHERE "supplierId" = \#(supplier) AND "sku" = ANY(\#(skus))"#) {
            try $0.decode((String, String).self)
        }
        for (sku, name) in found { names[sku] = name }
        return names
    }

    public func staleProducts(limit: Int) async throws -> [StaleProduct] {
        guard limit > 0 else { return [] }
        return try await rows(
            #"""
            SELECT "supplierId", "sku", "name", "staleReason", "staleSince" FROM "product"
            WHERE "staleReason" IS NOT NULL AND "status" = 'active'
            ORDER BY "staleSince" NULLS FIRST, "supplierId" COLLATE "C", "sku" COLLATE "C" LIMIT \#(Int64(limit))
            """#
        ) {
            let (supplier, sku, name, reason, since) = try $0.decode((String, String, String, String, Date?).self)
            return StaleProduct(supplier: supplier, sku: sku, name: name, reason: reason, since: since ?? Date(timeIntervalSince1970: 0))
        }
    }

    public func catalogueProducts(
        taxonomy: Taxonomy, properties: [PropertyID], productIDs: [Int64]?, includingDiscontinued: Bool
    ) async throws -> [CatalogueProduct] {
        var binds = PostgresBindings()
        var clauses = includingDiscontinued && productIDs != nil ? [] : [#"p."status" = 'active'"#]
        for property in properties {
            binds.append(CatalogueReadRules.idPattern(property.rawValue))
            clauses.append(#"f."propertyIds" LIKE $\#(binds.count)"#)
        }
        if let productIDs {
            binds.append(productIDs)
            clauses.append(#"p."id" = ANY($\#(binds.count))"#)
        }
        let sql = #"""
            SELECT p."id", p."supplierId", p."sku", p."name", f."id", f."version", f."ingredientText" IS NOT NULL, f."ingredientIds",
              f."allergenIds", f."propertyIds", f."unresolvedNames", f."percents", p."brand", p."price", p."currency", p."availability",
              p."staleReason"
            FROM "product" p JOIN "formulation" f ON f."id" = p."currentFormulationId"
            WHERE \#(clauses.isEmpty ? "true" : clauses.joined(separator: " AND "))
            ORDER BY \#(Self.caseBlind(#"p."name""#)) COLLATE "C", p."id"
            """#
        return try await rows(PostgresQuery(unsafeSQL: sql, binds: binds)) { row in
            let (id, supplier, sku, name, formulation, version, hasList, ingredients, allergens, propertyIDs, unresolved, percents) =
                try row.decode((Int64, String, String, String, Int64, Int64, Bool, String, String, String, String, String).self)
            let columns = row.makeRandomAccess()
            let facts = ProductFacts(
                productID: id, reference: "\(supplier):\(sku)", name: name, formulationID: formulation, version: Int(version),
                hasIngredientList: hasList, ingredientIDs: CatalogueReadRules.ids(ingredients), allergenIDs: CatalogueReadRules.ids(allergens),
                unresolved: CatalogueReadRules.unresolvedNames(unresolved), percents: CatalogueReadRules.percents(percents),
                staleReason: try columns[16].decode(String?.self), taxonomy: taxonomy
            )
            return CatalogueProduct(
                facts: facts, properties: CatalogueReadRules.ids(propertyIDs), brand: try columns[12].decode(String?.self),
                price: try columns[13].decode(String?.self), currency: try columns[14].decode(String?.self),
                availability: try columns[15].decode(String?.self)
            )
        }
    }

    public func listGeneration() async throws -> String {
        let counters = try await rows(#"SELECT "catalogueChange", "clinicChange", "revision" FROM "catalogueRevision" WHERE "id" = 1"#) {
            try $0.decode((Int64, Int64, Int64).self)
        }.first ?? (Int64(0), Int64(0), Int64(0))
        return CatalogueReadRules.listGeneration(catalogueChange: counters.0, clinicChange: counters.1, revision: counters.2)
    }

    public func suitabilitySnapshotStamp(fingerprint: String) async throws -> String {
        let counters = try await rows(#"SELECT "catalogueChange", "revision" FROM "catalogueRevision" WHERE "id" = 1"#) {
            try $0.decode((Int64, Int64).self)
        }.first ?? (Int64(0), Int64(0))
        return CatalogueReadRules.snapshotStamp(fingerprint: fingerprint, catalogueChange: counters.0, revision: counters.1)
    }

    public func suitabilitySnapshot(taxonomy: Taxonomy, fingerprint: String) async throws -> SuitabilitySnapshot {
        let stamp = try await suitabilitySnapshotStamp(fingerprint: fingerprint)
        let layout = SuitabilitySnapshot.Layout(taxonomy)
        let stored = try await rows(#"SELECT "data" FROM "suitabilitySnapshot" WHERE "id" = 1 AND "stamp" = \#(stamp)"#) {
            try $0.decode(Data.self)
        }.first
        if let stored, let snapshot = SuitabilitySnapshot(encoded: stored, layout: layout) { return snapshot }
        // Built from the products as they are after the stamp was read: a change committed in between makes the
        // stamp stale (and the snapshot is built again), never the snapshot.
        let snapshot = SuitabilitySnapshot(products: try await catalogueProducts(taxonomy: taxonomy), taxonomy: taxonomy)
        try await execute(
            #"""
            INSERT INTO "suitabilitySnapshot" ("id", "stamp", "data") VALUES (1, \#(stamp), \#(snapshot.encoded))
            ON CONFLICT ("id") DO UPDATE SET "stamp" = excluded."stamp", "data" = excluded."data"
            """#
        )
        return snapshot
    }

    public func forEachSuitabilityEntry(
        taxonomy: Taxonomy, fingerprint: String, _ body: (SuitabilitySnapshot.Entry) throws -> Void
    ) async throws {
        try await suitabilitySnapshot(taxonomy: taxonomy, fingerprint: fingerprint).entries.forEach(body)
    }

    /// `text` with ASCII letters in lower case (as ``caseBlind(_:)`` makes a column).
    static func asciiLowercased(_ text: String) -> String {
        String(decoding: text.utf8.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }, as: UTF8.self)
    }
}
