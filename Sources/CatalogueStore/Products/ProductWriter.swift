public import CatalogueCore
public import Foundation
public import GRDB
public import StoreInterface

/// The writes of an import run, inside the run's one transaction. The statements a run repeats for every record
/// are bound directly (``BoundStatement``).
public struct ProductWriter: ImportWriter {
    private let db: Database
    private let stamp: DatabaseValue
    /// `stamp` as the text GRDB stores for a date.
    private let stampText: String
    /// The next formulation id, read once per run (see ``nextFormulationID()``).
    private let formulationIDs = IDCounter()
    /// The statements repeated for every record, prepared once per writer.
    private let statements = WriterStatements()

    /// Writes in `db` (a write transaction), stamping rows with `now`.
    @_spi(SQLite) public init(_ db: Database, now: Date) {
        self.db = db
        self.stamp = now.databaseValue
        self.stampText = String.fromDatabaseValue(stamp) ?? ""
    }

    /// The stored product with this supplier and SKU.
    public func find(supplier: String, sku: String) throws -> StoredProduct? {
        let statement = try BoundStatement(
            db, .find, in: statements,
            sql: """
                SELECT p.id, p.contentHash, p.status, p.currentFormulationId, f.ingredientHash, f.version,
                  p.staleReason IS NOT NULL
                FROM product p LEFT JOIN formulation f ON f.id = p.currentFormulationId
                WHERE p.supplierId = ? AND p.sku = ?
                """
        )
        statement.bind(supplier, at: 1)
        statement.bind(sku, at: 2)
        return try statement.first(db) { row in
            StoredProduct(
                id: row.int64(0) ?? -1, contentHash: row.text(1) ?? "", isActive: row.text(2, equals: "active"),
                currentFormulationId: row.int64(3), ingredientHash: row.text(4), version: row.int64(5).map(Int.init),
                isStale: row.int64(6) == 1
            )
        }
    }

    /// Marks a product stale: it keeps its last good version, and the suitability engine answers unknown for it
    /// with `reason` until ``clearStale(id:)``. The first time it went stale is kept.
    public func markStale(id: Int64, reason: String) throws {
        try db.execute(
            sql: "UPDATE product SET staleReason = ?, staleSince = COALESCE(staleSince, ?), updatedAt = ? WHERE id = ?",
            arguments: [reason, stamp, stamp, id]
        )
    }

    /// A good record arrived: the product is no longer stale.
    public func clearStale(id: Int64) throws {
        try db.execute(sql: "UPDATE product SET staleReason = NULL, staleSince = NULL, updatedAt = ? WHERE id = ?", arguments: [stamp, id])
    }

    /// Gives a product a new key (SKU) within its supplier, keeping its id, history and formulations.
    public func rekey(id: Int64, to sku: String) throws {
        try db.execute(sql: "UPDATE product SET sku = ?, updatedAt = ? WHERE id = ?", arguments: [sku, stamp, id])
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

    /// Adds a product with its first formulation; returns the product's id, or `nil` (and writes nothing) when the
    /// supplier already has a product with this SKU.
    public func insert(
        supplier: String, sku: String, data: ProductData, contentHash: String, formulation: NewFormulation
    ) throws -> Int64? {
        // The formulation's id is known before either row exists, so the product is written once, already pointing
        // at it, instead of being written again to link it.
        let formulationID = try nextFormulationID()
        let statement = try BoundStatement(
            db, .insertProduct, in: statements,
            sql: """
                INSERT INTO product (supplierId, sku, name, brand, description, price, currency, availability,
                  productType, size, gtin, url, tags, status, contentHash, currentFormulationId, createdAt, updatedAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?, ?)
                ON CONFLICT (supplierId, sku) DO NOTHING
                """
        )
        statement.bind(supplier, at: 1)
        statement.bind(sku, at: 2)
        data.bindColumns(to: statement, from: 3)
        statement.bind(contentHash, at: 14)
        statement.bind(formulationID, at: 15)
        statement.bind(stampText, at: 16)
        statement.bind(stampText, at: 17)
        try statement.execute(db)
        guard db.changesCount == 1 else { return nil }
        let productID = db.lastInsertedRowID
        try insertFormulation(id: formulationID, productId: productID, version: 1, formulation)
        return productID
    }

    /// Replaces a product's fields, reactivating it if it was discontinued.
    public func update(id: Int64, data: ProductData, contentHash: String) throws {
        let statement = try BoundStatement(
            db, .updateProduct, in: statements,
            sql: """
                UPDATE product SET name = ?, brand = ?, description = ?, price = ?, currency = ?, availability = ?,
                  productType = ?, size = ?, gtin = ?, url = ?, tags = ?, contentHash = ?, status = 'active',
                  discontinuedAt = NULL, updatedAt = ?
                WHERE id = ?
                """
        )
        data.bindColumns(to: statement, from: 1)
        statement.bind(contentHash, at: 12)
        statement.bind(stampText, at: 13)
        statement.bind(id, at: 14)
        try statement.execute(db)
    }

    /// Adds a formulation version to a stored product and makes it the current one; returns its id.
    public func addFormulation(productId: Int64, version: Int, _ formulation: NewFormulation) throws -> Int64 {
        let formulationID = try nextFormulationID()
        try insertFormulation(id: formulationID, productId: productId, version: version, formulation)
        let link = try BoundStatement(db, .linkFormulation, in: statements, sql: "UPDATE product SET currentFormulationId = ? WHERE id = ?")
        link.bind(formulationID, at: 1)
        link.bind(productId, at: 2)
        try link.execute(db)
        return formulationID
    }

    private func insertFormulation(id: Int64, productId: Int64, version: Int, _ formulation: NewFormulation) throws {
        let insert = try BoundStatement(
            db, .insertFormulation, in: statements,
            sql: """
                INSERT INTO formulation (id, productId, version, ingredientText, ingredientHash, resolution,
                  ingredientIds, allergenIds, propertyIds, unresolvedCount, unresolvedNames, percents, importRunId,
                  createdAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        )
        let resolution = formulation.resolution
        insert.bind(id, at: 1)
        insert.bind(productId, at: 2)
        insert.bind(version, at: 3)
        insert.bind(formulation.text, at: 4)
        insert.bind(formulation.ingredientHash, at: 5)
        insert.bind(resolution.json, at: 6)
        insert.bind(resolution.ingredientIds, at: 7)
        insert.bind(resolution.allergenIds, at: 8)
        insert.bind(resolution.propertyIds, at: 9)
        insert.bind(resolution.unresolvedCount, at: 10)
        insert.bind(resolution.unresolvedNames, at: 11)
        insert.bind(resolution.percents, at: 12)
        insert.bind(formulation.runId, at: 13)
        insert.bind(stampText, at: 14)
        try insert.execute(db)
    }

    /// The id the next formulation gets: past every id the table has used (formulations are never deleted, so an
    /// id is never reused; see SchemaV11), read once per run — the run holds the write lock, and every formulation
    /// it adds goes through this writer.
    private func nextFormulationID() throws -> Int64 {
        if let next = formulationIDs.next {
            formulationIDs.next = next + 1
            return next
        }
        let used = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM formulation") ?? 0
        formulationIDs.next = used + 2
        return used + 1
    }

    /// Replaces the resolution of a formulation whose text is unchanged, read again against newer reference data:
    /// the same formulation (its id and version, which patch tests point at), read better.
    public func replaceResolution(formulationId: Int64, _ resolution: StoredResolution) throws {
        let statement = try db.cachedStatement(
            sql: """
                UPDATE formulation SET resolution = ?, ingredientIds = ?, allergenIds = ?, propertyIds = ?,
                    unresolvedCount = ?, unresolvedNames = ?, percents = ?
                WHERE id = ?
                """
        )
        try statement.execute(arguments: [
            resolution.json, resolution.ingredientIds, resolution.allergenIds, resolution.propertyIds,
            resolution.unresolvedCount, resolution.unresolvedNames, resolution.percents, formulationId,
        ])
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

    /// Prepares a dry run's temporary table of the SKUs it adds, for when there are too many to keep in memory. It
    /// lives in the run's transaction and goes with its rollback.
    public func prepareDryRun() throws {
        try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS dryRunSKU (sku TEXT PRIMARY KEY) WITHOUT ROWID")
    }

    /// Remembers a SKU added during a dry run (see ``prepareDryRun()``); returns `false` when it was already added
    /// in this run.
    public func rememberDryRunSKU(_ sku: String) throws -> Bool {
        let statement = try BoundStatement(db, .rememberDryRunSKU, in: statements, sql: "INSERT OR IGNORE INTO dryRunSKU (sku) VALUES (?)")
        statement.bind(sku, at: 1)
        try statement.execute(db)
        return db.changesCount == 1
    }

    /// Whether the supplier has any product, active or discontinued.
    public func hasProducts(supplier: String) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM product WHERE supplierId = ?)", arguments: [supplier]) ?? false
    }

    /// How many active products the supplier has.
    public func activeCount(supplier: String) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM product WHERE supplierId = ? AND status = 'active'", arguments: [supplier]) ?? 0
    }
}

/// A counter that lives as long as its writer.
private final class IDCounter {
    var next: Int64?
}

extension ProductData {
    /// Binds the product table's eleven data columns, name to tags, from parameter `first` on.
    func bindColumns(to statement: BoundStatement, from first: Int32) {
        statement.bind(name, at: first)
        statement.bind(brand, at: first + 1)
        statement.bind(description, at: first + 2)
        statement.bind(price, at: first + 3)
        statement.bind(currency, at: first + 4)
        statement.bind(availability?.rawValue, at: first + 5)
        statement.bind(productType, at: first + 6)
        statement.bind(size, at: first + 7)
        statement.bind(gtin, at: first + 8)
        statement.bind(url, at: first + 9)
        statement.bind(CatalogueReadRules.tagsColumn(tags), at: first + 10)
    }

    init(row: Row) {
        self.init(
            name: row["name"], brand: row["brand"], description: row["description"], price: row["price"],
            currency: row["currency"], availability: (row["availability"] as String?).flatMap(Availability.init(rawValue:)),
            productType: row["productType"], size: row["size"], gtin: row["gtin"], url: row["url"],
            tags: CatalogueReadRules.tags(row["tags"])
        )
    }
}
