public import CatalogueCore
public import Foundation
public import GRDB

/// What the importer needs to know of a stored product to classify a record as added, changed or unchanged.
public struct StoredProduct: Sendable, Equatable {
    public var id: Int64
    public var contentHash: String
    public var isActive: Bool
    public var currentFormulationId: Int64?
    /// The ingredient hash of the current formulation.
    public var ingredientHash: String?
    /// The current formulation's version number.
    public var version: Int?
}

/// The writes of an import run, inside the run's one transaction, through cached statements.
public struct ProductWriter {
    private let db: Database
    private let stamp: DatabaseValue

    /// Writes in `db` (a write transaction), stamping rows with `now`.
    public init(_ db: Database, now: Date) {
        self.db = db
        self.stamp = now.databaseValue
    }

    /// The stored product with this supplier and SKU.
    public func find(supplier: String, sku: String) throws -> StoredProduct? {
        let statement = try db.cachedStatement(
            sql: """
                SELECT p.id, p.contentHash, p.status, p.currentFormulationId, f.ingredientHash, f.version
                FROM product p LEFT JOIN formulation f ON f.id = p.currentFormulationId
                WHERE p.supplierId = ? AND p.sku = ?
                """
        )
        guard let row = try Row.fetchOne(statement, arguments: [supplier, sku]) else { return nil }
        return StoredProduct(
            id: row[0], contentHash: row[1], isActive: (row[2] as String) == "active", currentFormulationId: row[3],
            ingredientHash: row[4], version: row[5]
        )
    }

    /// The stored fields of a product, for change reports.
    public func data(of id: Int64) throws -> ProductData? {
        let statement = try db.cachedStatement(
            sql: """
                SELECT name, brand, description, price, currency, availability, productType, size, gtin, url, tags
                FROM product WHERE id = ?
                """
        )
        guard let row = try Row.fetchOne(statement, arguments: [id]) else { return nil }
        return ProductData(row: row)
    }

    /// Adds a product; returns its id.
    public func insert(supplier: String, sku: String, data: ProductData, contentHash: String) throws -> Int64 {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO product (supplierId, sku, name, brand, description, price, currency, availability,
                  productType, size, gtin, url, tags, status, contentHash, createdAt, updatedAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?)
                """
        )
        try statement.execute(arguments: StatementArguments([supplier, sku] + data.columnValues + [contentHash, stamp, stamp]))
        return db.lastInsertedRowID
    }

    /// Replaces a product's fields, reactivating it if it was discontinued.
    public func update(id: Int64, data: ProductData, contentHash: String) throws {
        let statement = try db.cachedStatement(
            sql: """
                UPDATE product SET name = ?, brand = ?, description = ?, price = ?, currency = ?, availability = ?,
                  productType = ?, size = ?, gtin = ?, url = ?, tags = ?, contentHash = ?, status = 'active',
                  discontinuedAt = NULL, updatedAt = ?
                WHERE id = ?
                """
        )
        try statement.execute(arguments: StatementArguments(data.columnValues + [contentHash, stamp, id]))
    }

    /// Adds a formulation version and makes it the product's current one; returns its id.
    public func addFormulation(
        productId: Int64, version: Int, text: String?, ingredientHash: String, resolution: StoredResolution,
        runId: Int64?
    ) throws -> Int64 {
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO formulation (productId, version, ingredientText, ingredientHash, resolution, ingredientIds,
                  allergenIds, propertyIds, unresolvedCount, unresolvedNames, percents, importRunId, createdAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        )
        try insert.execute(
            arguments: [
                productId, version, text, ingredientHash, resolution.json, resolution.ingredientIds,
                resolution.allergenIds, resolution.propertyIds, resolution.unresolvedCount, resolution.unresolvedNames,
                resolution.percents, runId, stamp,
            ]
        )
        let formulationId = db.lastInsertedRowID
        let link = try db.cachedStatement(sql: "UPDATE product SET currentFormulationId = ? WHERE id = ?")
        try link.execute(arguments: [formulationId, productId])
        return formulationId
    }

    /// Changes only the price of a product (price-update deltas).
    public func updatePrice(id: Int64, price: String?, currency: String?, contentHash: String) throws {
        let statement = try db.cachedStatement(
            sql: "UPDATE product SET price = ?, currency = ?, contentHash = ?, updatedAt = ? WHERE id = ?"
        )
        try statement.execute(arguments: [price, currency, contentHash, stamp, id])
    }

    /// Marks a product discontinued; it is kept, with its history.
    public func discontinue(id: Int64) throws {
        let statement = try db.cachedStatement(
            sql: "UPDATE product SET status = 'discontinued', discontinuedAt = ?, updatedAt = ? WHERE id = ? AND status = 'active'"
        )
        try statement.execute(arguments: [stamp, stamp, id])
    }

    /// Calls `body` with the id and SKU of each of the supplier's active products, one row at a time (memory does
    /// not grow with the catalogue).
    public func forEachActiveProduct(supplier: String, _ body: (Int64, String) throws -> Void) throws {
        let rows = try Row.fetchCursor(
            db, sql: "SELECT id, sku FROM product WHERE supplierId = ? AND status = 'active' ORDER BY id", arguments: [supplier]
        )
        while let row = try rows.next() { try body(row[0], row[1]) }
    }

    /// Prepares a dry run: a temporary table of the SKUs it adds, so duplicates are found without holding them in
    /// memory. It lives in the run's transaction and goes with its rollback.
    public func prepareDryRun() throws {
        try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS dryRunSKU (sku TEXT PRIMARY KEY) WITHOUT ROWID")
    }

    /// Remembers a SKU added during a dry run (see ``prepareDryRun()``); returns `false` when it was already added
    /// in this run.
    public func rememberDryRunSKU(_ sku: String) throws -> Bool {
        let statement = try db.cachedStatement(sql: "INSERT OR IGNORE INTO dryRunSKU (sku) VALUES (?)")
        try statement.execute(arguments: [sku])
        return db.changesCount == 1
    }

    /// How many active products the supplier has.
    public func activeCount(supplier: String) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM product WHERE supplierId = ? AND status = 'active'", arguments: [supplier]) ?? 0
    }
}

/// A resolution ready to store: the document and its search columns.
public struct StoredResolution: Sendable {
    public var json: String
    public var ingredientIds: String
    public var allergenIds: String
    public var propertyIds: String
    public var unresolvedCount: Int
    public var unresolvedNames: String
    public var percents: String

    public init(_ resolved: ResolvedFormulation, taxonomy: Taxonomy) {
        json = resolved.jsonText
        ingredientIds = Self.delimited(resolved.ingredientIDs.map(\.rawValue))
        allergenIds = Self.delimited(resolved.allergenIDs.map(\.rawValue))
        propertyIds = Self.delimited(resolved.propertyIDs(in: taxonomy).map(\.rawValue))
        unresolvedCount = resolved.unresolved.count
        unresolvedNames = resolved.unresolved.joined(separator: "\u{1F}")
        var stated: [String] = []
        for entry in resolved.entries {
            guard let percent = entry.percent else { continue }
            for id in entry.ingredientIDs { stated.append("\(id.rawValue)=\(percent)") }
        }
        percents = Self.delimited(stated)
    }

    /// " a b c " — whole ids match with LIKE '% a %'.
    static func delimited(_ ids: [String]) -> String { ids.isEmpty ? " " : " " + ids.joined(separator: " ") + " " }
}

extension ProductData {
    /// The product table's columns, in the order the writer binds them.
    var columnValues: [(any DatabaseValueConvertible)?] {
        [name, brand, description, price, currency, availability?.rawValue, productType, size, gtin, url,
         tags.isEmpty ? nil : Self.tagsJSON(tags)]
    }

    init(row: Row) {
        self.init(
            name: row["name"], brand: row["brand"], description: row["description"], price: row["price"],
            currency: row["currency"], availability: (row["availability"] as String?).flatMap(Availability.init(rawValue:)),
            productType: row["productType"], size: row["size"], gtin: row["gtin"], url: row["url"],
            tags: (row["tags"] as String?).flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) } ?? []
        )
    }

    static func tagsJSON(_ tags: [String]) -> String {
        var out = "["
        for (index, tag) in tags.enumerated() {
            if index > 0 { out += "," }
            ResolvedFormulation.appendJSONString(tag, to: &out)
        }
        return out + "]"
    }
}
