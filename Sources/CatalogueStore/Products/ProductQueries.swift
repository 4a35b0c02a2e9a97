import CatalogueCore
import Foundation
import GRDB
public import StoreInterface

extension CatalogueDatabase {
    /// Active products (and discontinued ones when asked) matching every given filter, by name.
    public func searchProducts(_ filter: ProductFilter) throws -> [ProductSummary] {
        var clauses: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        if !filter.includeDiscontinued { clauses.append("p.status = 'active'") }
        if let text = filter.text, !text.isEmpty {
            clauses.append("(p.name LIKE ? ESCAPE '\\' OR p.brand LIKE ? ESCAPE '\\' OR p.sku LIKE ? ESCAPE '\\' OR p.productType LIKE ? ESCAPE '\\')")
            let pattern = CatalogueReadRules.containsPattern(text)
            arguments += [pattern, pattern, pattern, pattern]
        }
        if let property = filter.property {
            clauses.append("f.propertyIds LIKE ?")
            arguments.append(CatalogueReadRules.idPattern(property.rawValue))
        }
        if let ingredient = filter.ingredient {
            clauses.append("f.ingredientIds LIKE ?")
            arguments.append(CatalogueReadRules.idPattern(ingredient.rawValue))
        }
        if let allergen = filter.allergen {
            clauses.append("f.allergenIds LIKE ?")
            arguments.append(CatalogueReadRules.idPattern(allergen.rawValue))
        }
        if let supplier = filter.supplier {
            clauses.append("p.supplierId = ?")
            arguments.append(supplier)
        }
        let sql = """
            SELECT p.supplierId, p.sku, p.name, p.brand, p.price, p.currency, p.availability, p.status,
              f.propertyIds, f.version, f.unresolvedCount, f.ingredientText IS NOT NULL,
              f.ingredientIds = ' ' AND f.allergenIds = ' ' AND f.unresolvedCount = 0, p.staleReason
            FROM product p LEFT JOIN formulation f ON f.id = p.currentFormulationId
            \(clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND "))
            ORDER BY p.name COLLATE NOCASE, p.supplierId, p.sku
            LIMIT ?
            """
        // SQLite reads a negative LIMIT as none.
        arguments.append(filter.limit > 0 ? filter.limit : -1)
        return try read { db in
            try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map { row in
                ProductSummary(
                    supplier: row[0], sku: row[1], name: row[2], brand: row[3], price: row[4], currency: row[5],
                    availability: row[6], status: row[7],
                    properties: ((row[8] as String?) ?? "").split(separator: " ").map(String.init), version: row[9],
                    unresolvedIngredients: row[10] ?? 0, hasIngredientList: row[11] ?? false,
                    namesNoIngredient: (row[11] ?? false) && (row[12] ?? false), staleReason: row[13]
                )
            }
        }
    }

    /// The product with this supplier and SKU, with every formulation version.
    public func productDetail(supplier: String, sku: String) throws -> ProductDetail? {
        try read { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT * FROM product WHERE supplierId = ? AND sku = ?", arguments: [supplier, sku]
                )
            else { return nil }
            let decoder = JSONDecoder()
            let versions = try Row.fetchAll(
                db,
                sql: "SELECT version, ingredientText, resolution, importRunId, createdAt FROM formulation WHERE productId = ? ORDER BY version DESC",
                arguments: [row["id"] as Int64]
            ).map { version in
                FormulationVersion(
                    version: version[0], ingredientText: version[1],
                    resolution: try decoder.decode(ResolvedFormulation.self, from: Data((version[2] as String).utf8)),
                    importRunId: version[3], createdAt: version[4]
                )
            }
            return ProductDetail(
                supplier: row["supplierId"], sku: row["sku"], data: ProductData(row: row), status: row["status"],
                discontinuedAt: row["discontinuedAt"], staleReason: row["staleReason"], createdAt: row["createdAt"],
                updatedAt: row["updatedAt"],
                formulations: versions
            )
        }
    }
}
