import Foundation
import PostgresNIO
public import StoreInterface

extension PostgresCatalogue: SupplierStore {
    static let supplierColumns = #""id", "name", "format", "mapping", "source", "currency", "etag", "lastModified", "createdAt", "updatedAt""#

    static func supplier(_ row: PostgresRow) throws -> SupplierRecord {
        let (id, name, format, mapping, source, currency, etag, lastModified, createdAt, updatedAt) =
            try row.decode((String, String, String, String?, String?, String?, String?, String?, Date, Date).self)
        var supplier = SupplierRecord(id: id, name: name, format: format, mapping: mapping, source: source, currency: currency, at: createdAt)
        supplier.etag = etag
        supplier.lastModified = lastModified
        supplier.updatedAt = updatedAt
        return supplier
    }

    public func supplier(id: String) async throws -> SupplierRecord? {
        var query = PostgresQuery(unsafeSQL: #"SELECT \#(Self.supplierColumns) FROM "supplier" WHERE "id" = $1"#)
        query.binds.append(id)
        return try await rows(query, Self.supplier).first
    }

    public func suppliers() async throws -> [SupplierRecord] {
        try await rows(PostgresQuery(unsafeSQL: #"SELECT \#(Self.supplierColumns) FROM "supplier" ORDER BY "id" COLLATE "C""#), Self.supplier)
    }

    public func supplierOverviews() async throws -> [SupplierOverview] {
        try await readOnlySnapshot { connection in
            var suppliers: [SupplierRecord] = []
            for try await row in try await connection.query(
                PostgresQuery(unsafeSQL: #"SELECT \#(Self.supplierColumns) FROM "supplier" ORDER BY "id" COLLATE "C""#), logger: logger
            ) { suppliers.append(try Self.supplier(row)) }
            var counts: [String: Int] = [:]
            for try await (supplier, count) in try await connection.query(
                #"SELECT "supplierId", count(*) FROM "product" WHERE "status" = 'active' GROUP BY "supplierId""#, logger: logger
            ).decode((String, Int64).self) { counts[supplier] = Int(count) }
            var lastRuns: [String: ImportRunRecord] = [:]
            for try await row in try await connection.query(
                PostgresQuery(unsafeSQL: #"SELECT DISTINCT ON ("supplierId") \#(Self.runColumns) FROM "importRun" ORDER BY "supplierId", "id" DESC"#),
                logger: logger
            ) {
                let run = try Self.importRun(row)
                lastRuns[run.supplierId] = run
            }
            return suppliers.map { SupplierOverview(supplier: $0, activeProducts: counts[$0.id] ?? 0, lastRun: lastRuns[$0.id]) }
        }
    }

    public func addSupplier(_ supplier: SupplierRecord, actor: String) async throws -> Bool {
        try await transaction { connection in
            let added = try await Self.count(
                try await connection.query(
                    #"""
                    INSERT INTO "supplier" ("id", "name", "format", "mapping", "source", "currency", "etag", "lastModified", "createdAt", "updatedAt")
                    VALUES (\#(supplier.id), \#(supplier.name), \#(supplier.format), \#(supplier.mapping), \#(supplier.source), \#(supplier.currency),
                      \#(supplier.etag), \#(supplier.lastModified), \#(supplier.createdAt), \#(supplier.updatedAt))
                    ON CONFLICT ("id") DO NOTHING RETURNING 1
                    """#,
                    logger: logger
                )
            )
            guard added == 1 else { return false }
            try await Self.appendAudit(
                connection, logger: logger, actor: actor, action: "supplier.add", entity: "supplier", entityId: supplier.id, at: Date()
            )
            return true
        }
    }

    public func updateSupplier(
        id: String, actor: String, _ change: (inout SupplierRecord) throws -> Void
    ) async throws -> SupplierRecord? {
        try await transaction { connection in
            var query = PostgresQuery(unsafeSQL: #"SELECT \#(Self.supplierColumns) FROM "supplier" WHERE "id" = $1 FOR UPDATE"#)
            query.binds.append(id)
            var found: SupplierRecord?
            for try await row in try await connection.query(query, logger: logger) { found = try Self.supplier(row) }
            guard var supplier = found else { return nil }
            try change(&supplier)
            supplier.id = id
            supplier.updatedAt = Date()
            try await connection.query(
                #"""
                UPDATE "supplier" SET "name" = \#(supplier.name), "format" = \#(supplier.format), "mapping" = \#(supplier.mapping),
                  "source" = \#(supplier.source), "currency" = \#(supplier.currency), "etag" = \#(supplier.etag),
                  "lastModified" = \#(supplier.lastModified), "updatedAt" = \#(supplier.updatedAt)
                WHERE "id" = \#(id)
                """#,
                logger: logger
            )
            try await Self.appendAudit(
                connection, logger: logger, actor: actor, action: "supplier.update", entity: "supplier", entityId: id, at: supplier.updatedAt
            )
            return supplier
        }
    }

    public func storeFeedValidators(supplier id: String, source: String, etag: String?, lastModified: String?) async throws {
        try await execute(
            #"""
            UPDATE "supplier" SET "etag" = \#(etag), "lastModified" = \#(lastModified)
            WHERE "id" = \#(id) AND "source" IS NOT DISTINCT FROM \#(source)
            """#
        )
    }

    public func activeProductCount(supplier id: String) async throws -> Int {
        Int(try await rows(#"SELECT count(*) FROM "product" WHERE "supplierId" = \#(id) AND "status" = 'active'"#) {
            try $0.decode(Int64.self)
        }.first ?? 0)
    }
}
