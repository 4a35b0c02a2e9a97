import CatalogueCore
import Foundation
import Logging
import NIOCore
import PostgresNIO
import StoreInterface

/// An import run's writes on PostgreSQL, inside the run's transaction on one connection.
///
/// The importer calls it synchronously, on a thread of its own (``PostgresCatalogue/withImportTransaction(now:_:)``),
/// and a round trip per call would cost 600,000 of them for 200,000 products. So it works a batch at a time: the
/// batch's keys are read in one query (``prefetch(supplier:skus:)``), look-ups are answered from that, and writes are
/// held back and sent together when the next batch starts (or something is read): new products and formulations by
/// `COPY`, changes as set-wise statements over arrays or a temporary table. Ids come from the tables' sequences in
/// blocks, so a product is written already pointing at its formulation. Memory holds one batch.
final class PostgresImportWriter: ImportWriter {
    private let connection: PostgresConnection
    private let logger: Logger
    private let now: Date
    private let stamp: String

    /// What the current batch's keys are stored as: a product, or known absent (`nil`). Keys compare byte for byte,
    /// as the database compares them ("é" as one code point or two are two keys).
    private var known: [ByteKey: StoredProduct?] = [:]
    /// The stored fields of the batch's products, by id.
    private var knownData: [Int64: ProductData] = [:]
    /// The key of each product of the batch, by id (for a change of key).
    private var keyOf: [Int64: String] = [:]

    private var newProducts: [[String?]] = []
    private var newFormulations: [[String?]] = []
    /// Field changes by product id: the last one asked for wins, as it would written one after the other.
    private var dataChanges: [Int64: [String?]] = [:]
    private var priceChanges: [Int64: [String?]] = [:]
    /// Changes of key, in the order asked (one may free the key the next takes).
    private var rekeys: [(id: Int64, sku: String)] = []
    private var links: (ids: [Int64], formulations: [Int64]) = ([], [])
    /// Stale marks (a reason) and clears (`nil`) by product id: the last one asked for wins.
    private var staleChanges: [Int64: String?] = [:]
    private var discontinued: Set<Int64> = []
    private var productIDs: [Int64] = []
    private var formulationIDs: [Int64] = []
    private var madeTemporaryTables = false
    private var madeDryRunTable = false

    init(connection: PostgresConnection, logger: Logger, now: Date) {
        self.connection = connection
        self.logger = logger
        self.now = now
        self.stamp = Self.timestamp(now)
    }

    var wantsPrefetch: Bool { true }

    /// 2,048: each batch costs a few round trips (its keys read, its rows sent by COPY), which at 256 records a batch
    /// were most of a 200,000-product run's time.
    var recordsPerBatch: Int { 2_048 }

    func prefetch(supplier: String, skus: [String]) throws {
        try flush()
        known = [:]
        knownData = [:]
        keyOf = [:]
        // A key with a NUL character is no product's (SKUs with control characters are refused), and PostgreSQL
        // cannot take it as text: it is known absent without asking.
        var keys: [String] = []
        for sku in skus where known[ByteKey(sku)] == nil {
            known[ByteKey(sku)] = .some(nil)
            if !sku.utf8.contains(0) { keys.append(sku) }
        }
        guard !keys.isEmpty else { return }
        let (connection, logger, asked) = (self.connection, self.logger, keys)
        let rows = try wait {
            var rows: [(StoredProduct, String, ProductData)] = []
            for try await row in try await connection.query(
                #"""
                SELECT \#(unescaped: Self.storedColumns)
                FROM "product" p LEFT JOIN "formulation" f ON f."id" = p."currentFormulationId"
                WHERE p."supplierId" = \#(supplier) AND p."sku" = ANY(\#(asked))
                """#,
                logger: logger
            ) {
                rows.append((try Self.storedProduct(row), try row.makeRandomAccess()[7].decode(String.self), try Self.productData(row, from: 8)))
            }
            return rows
        }
        for (product, sku, data) in rows {
            known[ByteKey(sku)] = product
            knownData[product.id] = data
            keyOf[product.id] = sku
        }
    }

    func find(supplier: String, sku: String) throws -> StoredProduct? {
        if let answer = known[ByteKey(sku)] { return answer }
        guard !sku.utf8.contains(0) else { return nil }
        try flush()
        let (connection, logger) = (self.connection, self.logger)
        let found = try wait {
            var found: (StoredProduct, ProductData)?
            for try await row in try await connection.query(
                #"""
                SELECT \#(unescaped: Self.storedColumns)
                FROM "product" p LEFT JOIN "formulation" f ON f."id" = p."currentFormulationId"
                WHERE p."supplierId" = \#(supplier) AND p."sku" = \#(sku)
                """#,
                logger: logger
            ) { found = (try Self.storedProduct(row), try Self.productData(row, from: 8)) }
            return found
        }
        known[ByteKey(sku)] = .some(found?.0)
        if let (product, data) = found {
            knownData[product.id] = data
            keyOf[product.id] = sku
        }
        return found?.0
    }

    func data(of id: Int64) throws -> ProductData? {
        if let data = knownData[id] { return data }
        try flush()
        let (connection, logger) = (self.connection, self.logger)
        return try wait {
            var data: ProductData?
            for try await row in try await connection.query(
                #"""
                SELECT "name", "brand", "description", "price", "currency", "availability", "productType", "size", "gtin", "url", "tags"
                FROM "product" WHERE "id" = \#(id)
                """#,
                logger: logger
            ) { data = try Self.productData(row, from: 0) }
            return data
        }
    }

    func markStale(id: Int64, reason: String) throws {
        staleChanges[id] = .some(reason)
        change(id) { $0.isStale = true }
    }

    func clearStale(id: Int64) throws {
        staleChanges[id] = .some(nil)
        change(id) { $0.isStale = false }
    }

    func rekey(id: Int64, to sku: String) throws {
        rekeys.append((id, sku))
        if let old = keyOf[id] {
            known[ByteKey(sku)] = known[ByteKey(old)] ?? .some(nil)
            known[ByteKey(old)] = .some(nil)
        } else {
            known[ByteKey(sku)] = nil
        }
        keyOf[id] = sku
    }

    func insert(supplier: String, sku: String, data: ProductData, contentHash: String, formulation: NewFormulation) throws -> Int64? {
        if case .some(.some) = known[ByteKey(sku)] { return nil }
        if known[ByteKey(sku)] == nil, try find(supplier: supplier, sku: sku) != nil { return nil }
        let productID = try nextID(&productIDs, sequence: "product")
        let formulationID = try nextID(&formulationIDs, sequence: "formulation")
        newProducts.append(
            [String(productID), supplier, sku] + Self.dataColumns(data)
                + ["active", contentHash, String(formulationID), stamp, stamp]
        )
        newFormulations.append(formulationRow(id: formulationID, productId: productID, version: 1, formulation))
        let stored = StoredProduct(
            id: productID, contentHash: contentHash, isActive: true, currentFormulationId: formulationID, ingredientHash: formulation.ingredientHash,
            version: 1, isStale: false
        )
        known[ByteKey(sku)] = stored
        knownData[productID] = data
        keyOf[productID] = sku
        return productID
    }

    func update(id: Int64, data: ProductData, contentHash: String) throws {
        // Every field, the price included: a price change asked for before is overwritten, as it would be.
        priceChanges[id] = nil
        dataChanges[id] = [String(id)] + Self.dataColumns(data) + [contentHash]
        discontinued.remove(id)
        knownData[id] = data
        change(id) {
            $0.contentHash = contentHash
            $0.isActive = true
        }
    }

    func addFormulation(productId: Int64, version: Int, _ formulation: NewFormulation) throws -> Int64 {
        let formulationID = try nextID(&formulationIDs, sequence: "formulation")
        newFormulations.append(formulationRow(id: formulationID, productId: productId, version: version, formulation))
        links.ids.append(productId)
        links.formulations.append(formulationID)
        change(productId) {
            $0.currentFormulationId = formulationID
            $0.version = version
            $0.ingredientHash = formulation.ingredientHash
        }
        return formulationID
    }

    func updatePrice(id: Int64, price: String?, currency: String?, contentHash: String) throws {
        if var fields = dataChanges[id] {
            // Folded into the field change asked for before, which is applied first.
            fields[4] = price
            fields[5] = currency
            fields[12] = contentHash
            dataChanges[id] = fields
        } else {
            priceChanges[id] = [String(id), price, currency, contentHash]
        }
        knownData[id]?.price = price
        knownData[id]?.currency = currency
        change(id) { $0.contentHash = contentHash }
    }

    func discontinue(id: Int64) throws {
        discontinued.insert(id)
        change(id) { $0.isActive = false }
    }

    /// Keeps what ``find(supplier:sku:)`` answers for the product with `id` as the write leaves it.
    private func change(_ id: Int64, _ body: (inout StoredProduct) -> Void) {
        guard let sku = keyOf[id], case .some(.some(var product)) = known[ByteKey(sku)] else { return }
        body(&product)
        known[ByteKey(sku)] = product
    }

    func forEachActiveProduct(supplier: String, _ body: (Int64, String) throws -> Void) throws {
        try flush()
        let (connection, logger) = (self.connection, self.logger)
        var after: Int64 = 0
        while true {
            let start = after
            let page = try wait {
                var page: [(Int64, String)] = []
                for try await row in try await connection.query(
                    #"""
                    SELECT "id", "sku" FROM "product" WHERE "supplierId" = \#(supplier) AND "status" = 'active' AND "id" > \#(start)
                    ORDER BY "id" LIMIT 10000
                    """#,
                    logger: logger
                ).decode((Int64, String).self) { page.append(row) }
                return page
            }
            for (id, sku) in page { try body(id, sku) }
            guard page.count == 10_000, let last = page.last else { return }
            after = last.0
        }
    }

    func prepareDryRun() throws {
        guard !madeDryRunTable else { return }
        try run(#"CREATE TEMPORARY TABLE "oilcatDryRunSKU" ("sku" text PRIMARY KEY) ON COMMIT DROP"#)
        madeDryRunTable = true
    }

    func rememberDryRunSKU(_ sku: String) throws -> Bool {
        let (connection, logger) = (self.connection, self.logger)
        return try wait {
            var added = false
            for try await _ in try await connection.query(
                #"INSERT INTO "oilcatDryRunSKU" ("sku") VALUES (\#(sku)) ON CONFLICT DO NOTHING RETURNING 1"#, logger: logger
            ) { added = true }
            return added
        }
    }

    func hasProducts(supplier: String) throws -> Bool {
        try flush()
        let (connection, logger) = (self.connection, self.logger)
        return try wait {
            var found = false
            for try await value in try await connection.query(
                #"SELECT EXISTS (SELECT 1 FROM "product" WHERE "supplierId" = \#(supplier))"#, logger: logger
            ).decode(Bool.self) { found = value }
            return found
        }
    }

    func activeCount(supplier: String) throws -> Int {
        try flush()
        let (connection, logger) = (self.connection, self.logger)
        return try wait {
            var count: Int64 = 0
            for try await value in try await connection.query(
                #"SELECT count(*) FROM "product" WHERE "supplierId" = \#(supplier) AND "status" = 'active'"#, logger: logger
            ).decode(Int64.self) { count = value }
            return Int(count)
        }
    }

    /// Sends every write held back, in an order that keeps each consistent: keys change (one at a time, in the order
    /// asked) before new products take them, products exist before their formulations, formulations before products
    /// point at them. Each product's field, price and stale changes are its last ones asked for.
    func flush() throws {
        let now = self.now
        for (id, sku) in rekeys {
            try run(#"UPDATE "product" SET "sku" = \#(sku), "updatedAt" = \#(now) WHERE "id" = \#(id)"#)
        }
        rekeys = []
        if !newProducts.isEmpty {
            try copy(table: "product", columns: Self.productColumns, rows: newProducts)
            newProducts = []
        }
        if !dataChanges.isEmpty || !priceChanges.isEmpty { try makeTemporaryTables() }
        if !dataChanges.isEmpty {
            try copy(table: "oilcatProductChange", columns: ["id"] + Self.dataColumnNames + ["contentHash"], rows: Array(dataChanges.values))
            try run(
                #"""
                UPDATE "product" p SET "name" = c."name", "brand" = c."brand", "description" = c."description", "price" = c."price",
                  "currency" = c."currency", "availability" = c."availability", "productType" = c."productType", "size" = c."size",
                  "gtin" = c."gtin", "url" = c."url", "tags" = c."tags", "contentHash" = c."contentHash", "status" = 'active',
                  "discontinuedAt" = NULL, "updatedAt" = \#(now)
                FROM "oilcatProductChange" c WHERE p."id" = c."id"
                """#
            )
            try run(#"TRUNCATE "oilcatProductChange""#)
            dataChanges = [:]
        }
        if !priceChanges.isEmpty {
            try copy(table: "oilcatPriceChange", columns: ["id", "price", "currency", "contentHash"], rows: Array(priceChanges.values))
            try run(
                #"""
                UPDATE "product" p SET "price" = c."price", "currency" = c."currency", "contentHash" = c."contentHash", "updatedAt" = \#(now)
                FROM "oilcatPriceChange" c WHERE p."id" = c."id"
                """#
            )
            try run(#"TRUNCATE "oilcatPriceChange""#)
            priceChanges = [:]
        }
        let clears = staleChanges.filter { $0.value == nil }.map(\.key)
        if !clears.isEmpty {
            try run(#"UPDATE "product" SET "staleReason" = NULL, "staleSince" = NULL, "updatedAt" = \#(now) WHERE "id" = ANY(\#(clears))"#)
        }
        let marks = staleChanges.compactMap { id, reason in reason.map { (id, $0) } }
        if !marks.isEmpty {
            let (ids, reasons) = (marks.map(\.0), marks.map(\.1))
            try run(
                #"""
                UPDATE "product" SET "staleReason" = u."reason", "staleSince" = COALESCE("staleSince", \#(now)), "updatedAt" = \#(now)
                FROM unnest(\#(ids), \#(reasons)) AS u("id", "reason") WHERE "product"."id" = u."id"
                """#
            )
        }
        staleChanges = [:]
        if !newFormulations.isEmpty {
            try copy(table: "formulation", columns: Self.formulationColumns, rows: newFormulations)
            newFormulations = []
        }
        if !links.ids.isEmpty {
            let (ids, formulations) = links
            try run(
                #"""
                UPDATE "product" SET "currentFormulationId" = u."formulation"
                FROM unnest(\#(ids), \#(formulations)) AS u("id", "formulation") WHERE "product"."id" = u."id"
                """#
            )
            links = ([], [])
        }
        if !discontinued.isEmpty {
            let ids = Array(discontinued)
            try run(
                #"""
                UPDATE "product" SET "status" = 'discontinued', "discontinuedAt" = \#(now), "updatedAt" = \#(now)
                WHERE "id" = ANY(\#(ids)) AND "status" = 'active'
                """#
            )
            discontinued = []
        }
    }

    // MARK: - Helpers

    /// The stored product as ``storedProduct(_:)`` reads it, then its key and ``productData(_:from:)``'s columns.
    private static let storedColumns = #"""
        p."id", p."contentHash", p."status", p."currentFormulationId", f."ingredientHash", f."version", p."staleReason" IS NOT NULL,
          p."sku", p."name", p."brand", p."description", p."price", p."currency", p."availability", p."productType", p."size", p."gtin",
          p."url", p."tags"
        """#

    private static let dataColumnNames = ["name", "brand", "description", "price", "currency", "availability", "productType", "size", "gtin", "url", "tags"]
    private static let productColumns = ["id", "supplierId", "sku"] + dataColumnNames
        + ["status", "contentHash", "currentFormulationId", "createdAt", "updatedAt"]
    private static let formulationColumns = [
        "id", "productId", "version", "ingredientText", "ingredientHash", "resolution", "ingredientIds", "allergenIds", "propertyIds",
        "unresolvedCount", "unresolvedNames", "percents", "importRunId", "createdAt",
    ]

    private static func dataColumns(_ data: ProductData) -> [String?] {
        [
            data.name, data.brand, data.description, data.price, data.currency, data.availability?.rawValue, data.productType, data.size,
            data.gtin, data.url, CatalogueReadRules.tagsColumn(data.tags),
        ]
    }

    private func formulationRow(id: Int64, productId: Int64, version: Int, _ formulation: NewFormulation) -> [String?] {
        let resolution = formulation.resolution
        return [
            String(id), String(productId), String(version), formulation.text, formulation.ingredientHash, resolution.json, resolution.ingredientIds,
            resolution.allergenIds, resolution.propertyIds, String(resolution.unresolvedCount), resolution.unresolvedNames, resolution.percents,
            formulation.runId.map(String.init), stamp,
        ]
    }

    private static func storedProduct(_ row: PostgresRow) throws -> StoredProduct {
        let (id, hash, status, current, ingredientHash, version, stale) =
            try row.decode((Int64, String, String, Int64?, String?, Int64?, Bool).self)
        return StoredProduct(
            id: id, contentHash: hash, isActive: status == "active", currentFormulationId: current, ingredientHash: ingredientHash,
            version: version.map(Int.init), isStale: stale
        )
    }

    private static func productData(_ row: PostgresRow, from first: Int) throws -> ProductData {
        let columns = row.makeRandomAccess()
        func text(_ offset: Int) throws -> String? { try columns[first + offset].decode(String?.self) }
        return ProductData(
            name: try text(0) ?? "", brand: try text(1), description: try text(2), price: try text(3), currency: try text(4),
            availability: try text(5).flatMap(Availability.init(rawValue:)), productType: try text(6), size: try text(7), gtin: try text(8),
            url: try text(9), tags: CatalogueReadRules.tags(try text(10))
        )
    }

    /// The next id of `sequence`'s table, taken from a block of 1,024 read at once.
    private func nextID(_ block: inout [Int64], sequence table: String) throws -> Int64 {
        if block.isEmpty {
            let (connection, logger) = (self.connection, self.logger)
            block = try wait {
                var ids: [Int64] = []
                for try await id in try await connection.query(
                    PostgresQuery(unsafeSQL: #"SELECT nextval(pg_get_serial_sequence('"\#(table)"', 'id')) FROM generate_series(1, 1024)"#),
                    logger: logger
                ).decode(Int64.self) { ids.append(id) }
                return ids.reversed()
            }
        }
        guard let id = block.popLast() else { throw PostgresStoreError(.server, "the database gave no ids for new \(table) rows") }
        return id
    }

    private func makeTemporaryTables() throws {
        guard !madeTemporaryTables else { return }
        try run(
            #"""
            CREATE TEMPORARY TABLE "oilcatProductChange" ("id" bigint PRIMARY KEY, "name" text, "brand" text, "description" text, "price" text,
              "currency" text, "availability" text, "productType" text, "size" text, "gtin" text, "url" text, "tags" text, "contentHash" text)
            ON COMMIT DROP
            """#
        )
        try run(
            #"""
            CREATE TEMPORARY TABLE "oilcatPriceChange" ("id" bigint PRIMARY KEY, "price" text, "currency" text, "contentHash" text) ON COMMIT DROP
            """#
        )
        madeTemporaryTables = true
    }

    /// Sends `rows` by `COPY … FROM STDIN` in text format. The lines are made before the statement starts, so the
    /// server is not kept waiting while they are (a batch's rows take a few hundred kilobytes).
    private func copy(table: String, columns: [String], rows: [[String?]]) throws {
        let (connection, logger) = (self.connection, self.logger)
        var lines = ByteBuffer()
        lines.reserveCapacity(rows.count * 512)
        for row in rows { Self.appendCopyLine(row, to: &lines) }
        let data = lines
        try wait {
            try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
                try await writer.write(data)
            }
        }
    }

    /// One line of COPY's text format: tab between fields, `\N` for NULL, and backslash, tab, newline and carriage
    /// return escaped (every other byte, any Unicode included, is taken as it is).
    static func appendCopyLine(_ row: [String?], to buffer: inout ByteBuffer) {
        for (index, field) in row.enumerated() {
            if index > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
            guard var field else {
                buffer.writeStaticString("\\N")
                continue
            }
            field.withUTF8 { bytes in
                // Most fields need no escape: written whole.
                var start = 0
                for index in bytes.indices {
                    let escape: StaticString
                    switch bytes[index] {
                    case UInt8(ascii: "\\"): escape = "\\\\"
                    case UInt8(ascii: "\t"): escape = "\\t"
                    case UInt8(ascii: "\n"): escape = "\\n"
                    case UInt8(ascii: "\r"): escape = "\\r"
                    default: continue
                    }
                    buffer.writeBytes(UnsafeBufferPointer(rebasing: bytes[start..<index]))
                    buffer.writeStaticString(escape)
                    start = index + 1
                }
                buffer.writeBytes(UnsafeBufferPointer(rebasing: bytes[start...]))
            }
        }
        buffer.writeInteger(UInt8(ascii: "\n"))
    }

    /// A time as PostgreSQL reads it in COPY: UTC, to the microsecond, truncated as postgres-nio truncates a bound
    /// `Date` (microseconds since 2000-01-01), so a time written both ways is stored the same.
    static func timestamp(_ date: Date) -> String {
        let micros = Int64(date.timeIntervalSince(Date(timeIntervalSince1970: 946_684_800)) * 1_000_000)
        let (seconds, fraction) = micros.quotientAndRemainder(dividingBy: 1_000_000)
        let whole = seconds - (fraction < 0 ? 1 : 0)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withDashSeparatorInDate, .withSpaceBetweenDateAndTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        let base = formatter.string(from: Date(timeIntervalSince1970: 946_684_800 + Double(whole)))
        return base + "." + String(format: "%06lld", fraction < 0 ? fraction + 1_000_000 : fraction) + "+00"
    }

    private func run(_ query: PostgresQuery) throws {
        let (connection, logger) = (self.connection, self.logger)
        try wait { try await connection.query(query, logger: logger) }
    }

    /// Runs `work` on the connection and waits for it on this thread (the importer's own, never one of Swift's
    /// concurrency pool or an event loop), turning a server's refusal into a ``PostgresStoreError``.
    @discardableResult
    private func wait<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
        let outcome = BlockingOutcome<T>()
        Task {
            let result: Result<T, any Error>
            do { result = .success(try await work()) } catch { result = .failure(error) }
            outcome.set(result)
        }
        do {
            return try outcome.wait().get()
        } catch let error as PostgresStoreError {
            throw error
        } catch {
            let refusal = PostgresStoreError(.server, "the database refused an import write: \(PostgresStoreError.serverWords(error))", sqlState: error)
            throw refusal.unstorableText ?? refusal
        }
    }
}

/// A key compared byte for byte, as the database compares the products' keys: Swift's strings compare canonically.
private struct ByteKey: Hashable {
    let text: String

    init(_ text: String) { self.text = text }

    static func == (left: ByteKey, right: ByteKey) -> Bool { left.text.utf8.elementsEqual(right.text.utf8) }

    func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        hasher.combine(text.utf8.count)
    }
}

/// A result handed from a task to a thread that waits for it.
private final class BlockingOutcome<T: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var result: Result<T, any Error>?

    func set(_ value: Result<T, any Error>) {
        condition.lock()
        result = value
        condition.signal()
        condition.unlock()
    }

    func wait() -> Result<T, any Error> {
        condition.lock()
        defer { condition.unlock() }
        while result == nil { condition.wait() }
        return result!
    }
}
