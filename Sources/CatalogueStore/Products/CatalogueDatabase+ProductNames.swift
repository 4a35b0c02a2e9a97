import GRDB

extension CatalogueDatabase {
    /// The names of a supplier's products by SKU, for pages that list SKUs (an import run's report); a SKU with no
    /// product is left out. Asked in batches of 500, so a long report costs a few queries.
    public func productNames(supplier: String, skus: [String]) throws -> [String: String] {
        guard !skus.isEmpty else { return [:] }
        return try read { db in
            var names: [String: String] = [:]
            var start = 0
            while start < skus.count {
                let batch = Array(skus[start..<min(start + 500, skus.count)])
                let marks = Array(repeating: "?", count: batch.count).joined(separator: ", ")
                let rows = try Row.fetchAll(
                    db, sql: "SELECT sku, name FROM product WHERE supplierId = ? AND sku IN (\(marks))",
                    arguments: StatementArguments([supplier] + batch)
                )
                for row in rows { names[row[0]] = row[1] }
                start += 500
            }
            return names
        }
    }
}
