public import CatalogueCore
public import Foundation
import Logging
import PostgresNIO
public import StoreInterface

extension PostgresCatalogue: PatchTestStore {
    public func applyPatchTest(
        client: Int64, supplier: String, sku: String, site: String?, concentration: String?, carrier: String?, occluded: Bool,
        at appliedAt: Date, actor: String, now: Date
    ) async throws -> Int64 {
        try PatchTestRules.refuseFuture(appliedAt, now: now, what: "application")
        try StockRules.requireStorable(supplier: supplier, sku: sku)
        let (site, concentration, carrier) = (PatchTestRules.detail(site), PatchTestRules.detail(concentration), PatchTestRules.detail(carrier))
        return try await transaction { connection in
            try await Self.requireClient(client, connection, logger: logger)
            let (product, formulation) = try await Self.currentFormulation(supplier: supplier, sku: sku, connection, logger: logger)
            var id: Int64 = 0
            for try await value in try await connection.query(
                #"""
                INSERT INTO "patchTest" ("clientId", "productId", "formulationId", "site", "concentration", "carrier", "occluded", "appliedAt",
                  "recordedBy", "createdAt")
                VALUES (\#(client), \#(product), \#(formulation), \#(site), \#(concentration), \#(carrier), \#(occluded), \#(appliedAt), \#(actor), \#(now))
                RETURNING "id"
                """#,
                logger: logger
            ).decode(Int64.self) { id = value }
            try await Self.appendAudit(
                connection, logger: logger, actor: actor, action: "patch-test.apply", entity: "patchTest", entityId: String(id),
                detail: AuditDetail.json(["client": String(client), "product": "\(supplier):\(sku)", "formulation": String(formulation)]), at: now
            )
            return id
        }
    }

    public func recordReportedReaction(
        client: Int64, supplier: String, sku: String, at date: Date, note: String?, actor: String, now: Date
    ) async throws -> Int64 {
        try PatchTestRules.refuseFuture(date, now: now, what: "reaction")
        try StockRules.requireStorable(supplier: supplier, sku: sku)
        return try await transaction { connection in
            try await Self.requireClient(client, connection, logger: logger)
            let (product, formulation) = try await Self.currentFormulation(supplier: supplier, sku: sku, connection, logger: logger)
            var id: Int64 = 0
            for try await value in try await connection.query(
                #"""
                INSERT INTO "patchTest" ("clientId", "productId", "formulationId", "site", "occluded", "appliedAt", "recordedBy", "createdAt")
                VALUES (\#(client), \#(product), \#(formulation), \#(PatchTestRules.reportedSite(note: note)), false, \#(date), \#(actor), \#(now))
                RETURNING "id"
                """#,
                logger: logger
            ).decode(Int64.self) { id = value }
            try await connection.query(
                #"""
                INSERT INTO "patchTestReading" ("patchTestId", "readAt", "result", "relevance", "recordedBy", "createdAt")
                VALUES (\#(id), \#(date), 'reported', 'current', \#(actor), \#(now))
                """#,
                logger: logger
            )
            try await Self.appendAudit(
                connection, logger: logger, actor: actor, action: "reaction.report", entity: "patchTest", entityId: String(id),
                detail: AuditDetail.json(["client": String(client), "product": "\(supplier):\(sku)"]), at: now
            )
            return id
        }
    }

    public func recordReading(test: Int64, result: PatchTestResult, at readAt: Date, relevance: Relevance?, actor: String, now: Date) async throws -> Int64 {
        try PatchTestRules.refuseFuture(readAt, now: now, what: "reading")
        return try await transaction { connection in
            // The test's row is held, so a correction from another server cannot slip in between the check and the reading.
            var appliedAt: Date?
            for try await value in try await connection.query(
                #"SELECT "appliedAt" FROM "patchTest" WHERE "id" = \#(test) FOR UPDATE"#, logger: logger
            ).decode(Date.self) { appliedAt = value }
            guard let appliedAt else { throw PatchTestRules.unknownTest(test) }
            let corrected = try await Self.testCorrections([test], connection, logger: logger)[test] != nil
            try PatchTestRules.checkReading(test: test, result: result, readAt: readAt, appliedAt: appliedAt, corrected: corrected)
            var id: Int64 = 0
            for try await value in try await connection.query(
                #"""
                INSERT INTO "patchTestReading" ("patchTestId", "readAt", "result", "relevance", "recordedBy", "createdAt")
                VALUES (\#(test), \#(readAt), \#(result.rawValue), \#(relevance?.rawValue), \#(actor), \#(now)) RETURNING "id"
                """#,
                logger: logger
            ).decode(Int64.self) { id = value }
            try await Self.appendAudit(
                connection, logger: logger, actor: actor, action: "patch-test.read", entity: "patchTestReading", entityId: String(id),
                detail: AuditDetail.json(["test": String(test), "result": result.rawValue]), at: now
            )
            return id
        }
    }

    public func correctPatchTest(test: Int64, reading: Int64?, kind: String, reason: String, actor: String, now: Date) async throws {
        let reason = try PatchTestRules.correction(kind: kind, reason: reason)
        try await transaction { connection in
            let found = try await Self.count(try await connection.query(#"SELECT 1 FROM "patchTest" WHERE "id" = \#(test) FOR UPDATE"#, logger: logger))
            guard found == 1 else { throw PatchTestRules.unknownTest(test, hint: false) }
            if let reading {
                let belongs = try await Self.count(
                    try await connection.query(
                        #"SELECT 1 FROM "patchTestReading" WHERE "id" = \#(reading) AND "patchTestId" = \#(test)"#, logger: logger
                    )
                )
                guard belongs == 1 else { throw PatchTestRules.unknownReading(reading, test: test) }
            }
            try await connection.query(
                #"""
                INSERT INTO "patchTestCorrection" ("patchTestId", "patchTestReadingId", "kind", "reason", "recordedBy", "createdAt")
                VALUES (\#(test), \#(reading), \#(kind), \#(reason), \#(actor), \#(now))
                """#,
                logger: logger
            )
            try await Self.appendAudit(
                connection, logger: logger, actor: actor, action: "patch-test.correct", entity: "patchTest", entityId: String(test),
                detail: AuditDetail.json(["reading": reading.map(String.init) ?? "", "kind": kind, "reason": reason]), at: now
            )
        }
    }

    public func clientProfile(_ id: Int64) async throws -> ClientProfile? {
        // One snapshot for every table read.
        try await readOnlySnapshot { connection in
            try await Self.clientProfile(id, connection, logger: logger)
        }
    }

    public func allClientProfiles() async throws -> [ClientProfile] {
        try await readOnlySnapshot { connection in
            var ids: [Int64] = []
            for try await id in try await connection.query(#"SELECT "id" FROM "client" ORDER BY "id""#, logger: logger).decode(Int64.self) {
                ids.append(id)
            }
            var profiles: [ClientProfile] = []
            for id in ids {
                if let profile = try await Self.clientProfile(id, connection, logger: logger) { profiles.append(profile) }
            }
            return profiles
        }
    }

    public func formulationFacts(_ formulation: Int64, taxonomy: Taxonomy) async throws -> ProductFacts? {
        let found = try await rows(
            #"""
            SELECT p."id", p."supplierId", p."sku", p."name", f."id", f."version", f."resolution", f."ingredientText" IS NOT NULL
            FROM "formulation" f JOIN "product" p ON p."id" = f."productId" WHERE f."id" = \#(formulation)
            """#
        ) { try $0.decode((Int64, String, String, String, Int64, Int, String, Bool).self) }
        guard let (product, supplier, sku, name, id, version, resolution, hasList) = found.first else { return nil }
        return ProductFacts(
            productID: product, reference: "\(supplier):\(sku)", name: name, formulationID: id, version: version,
            resolution: try JSONDecoder().decode(ResolvedFormulation.self, from: Data(resolution.utf8)), hasIngredientList: hasList,
            taxonomy: taxonomy
        )
    }

    public func patchTestListings(client: Int64) async throws -> [PatchTestListing] {
        try await readOnlySnapshot { connection in
            let found = try await Self.count(try await connection.query(#"SELECT 1 FROM "client" WHERE "id" = \#(client)"#, logger: logger))
            guard found == 1 else { throw ClientRules.unknownClient(client) }
            return try await Self.patchTests(connection, logger: logger, where: #"pt."clientId" = \#(client)"#).reversed()
        }
    }

    public func patchTestListing(_ test: Int64) async throws -> PatchTestListing? {
        try await readOnlySnapshot { connection in
            try await Self.patchTests(connection, logger: logger, where: #"pt."id" = \#(test)"#).first
        }
    }

    public func dueReadings(now: Date, minimumHours: Int) async throws -> [PatchTestListing] {
        let before = now.addingTimeInterval(-Double(minimumHours) * 3600)
        return try await readOnlySnapshot { connection in
            try await Self.patchTests(connection, logger: logger, where: #"pt."appliedAt" <= \#(before)"#).filter(\.isDue)
        }
    }

    /// Runs `body` in a read-only transaction that sees one snapshot of the database (REPEATABLE READ), so a record
    /// read from several tables is never half of another server's change.
    func readOnlySnapshot<T: Sendable>(_ body: (PostgresConnection) async throws -> sending T) async throws -> T {
        try await transaction { connection in
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: logger)
            return try await body(connection)
        }
    }

    static func clientProfile(_ id: Int64, _ connection: PostgresConnection, logger: Logger) async throws -> ClientProfile? {
        var name: String?
        for try await value in try await connection.query(#"SELECT "name" FROM "client" WHERE "id" = \#(id)"#, logger: logger).decode(String.self) {
            name = value
        }
        guard let name else { return nil }
        var conditions: [ConditionID] = []
        for try await condition in try await connection.query(
            #"SELECT "conditionId" FROM "clientCondition" WHERE "clientId" = \#(id) ORDER BY "conditionId" COLLATE "C""#, logger: logger
        ).decode(String.self) { conditions.append(ConditionID(rawValue: condition)) }
        var records: [ClientAllergy] = []
        for try await (allergy, kind, target, entered, source, note, at, reading) in try await connection.query(
            #"""
            SELECT "id", "kind", "targetId", "enteredName", "source", "note", "recordedAt", "reading" FROM "clientAllergy"
            WHERE "clientId" = \#(id) AND "retractedAt" IS NULL ORDER BY "id"
            """#,
            logger: logger
        ).decode((Int64, String, String, String, String, String?, Date, String?).self) {
            if let record = PatchTestRules.allergy(
                id: allergy, kind: kind, target: target, enteredName: entered, source: source, note: note, recordedAt: at, reading: reading
            ) { records.append(record) }
        }
        let tests = try await patchTests(connection, logger: logger, where: #"pt."clientId" = \#(id)"#).filter { $0.correction == nil }.map(\.test)
        let reviewed = try await count(
            try await connection.query(#"SELECT 1 FROM "clientIntakeReview" WHERE "clientId" = \#(id) LIMIT 1"#, logger: logger)
        ) > 0
        return ClientProfile(
            id: id, name: name, conditions: conditions, allergies: records.filter(\.isAllergy), patchTests: tests,
            medicalHistory: HistoryRules.inForce(try await historyEntries(connection, logger: logger, client: id)),
            testedNegative: records.filter { !$0.isAllergy }, historyOnRecord: reviewed
        )
    }

    /// The tests `condition` selects (a condition on `pt`), oldest first, each with its readings in force and its
    /// whole-test correction.
    static func patchTests(_ connection: PostgresConnection, logger: Logger, where condition: PostgresQuery) async throws -> [PatchTestListing] {
        var query = PostgresQuery(
            unsafeSQL: #"""
                SELECT pt."id", pt."clientId", c."name", pt."productId", p."supplierId", p."sku", p."name", pt."formulationId", f."version",
                  f."resolution", pt."appliedAt", pt."site", pt."concentration", pt."carrier", pt."occluded"
                FROM "patchTest" pt
                JOIN "client" c ON c."id" = pt."clientId"
                JOIN "product" p ON p."id" = pt."productId"
                JOIN "formulation" f ON f."id" = pt."formulationId"
                WHERE \#(condition.sql)
                ORDER BY pt."appliedAt", pt."id"
                """#
        )
        query.binds = condition.binds
        typealias Row = (Int64, Int64, String, Int64, String, String, String, Int64, Int, String, Date, String?, String?, String?, Bool)
        var found: [Row] = []
        for try await row in try await connection.query(query, logger: logger).decode(Row.self) { found.append(row) }
        guard !found.isEmpty else { return [] }
        let ids = found.map(\.0)

        var readings: [Int64: [PatchTest.Reading]] = [:]
        var readingQuery = PostgresQuery(
            unsafeSQL: #"""
                SELECT r."patchTestId", r."id", r."result", r."readAt", r."relevance" FROM "patchTestReading" r
                WHERE r."patchTestId" = ANY($1)
                  AND NOT EXISTS (SELECT 1 FROM "patchTestCorrection" k WHERE k."patchTestReadingId" = r."id")
                ORDER BY r."readAt", r."id"
                """#
        )
        readingQuery.binds.append(ids, context: .default)
        for try await (test, id, result, readAt, relevance) in try await connection.query(readingQuery, logger: logger)
            .decode((Int64, Int64, String, Date, String?).self)
        {
            guard let result = PatchTestResult(rawValue: result) else { continue }
            readings[test, default: []].append(
                PatchTest.Reading(id: id, result: result, readAt: readAt, relevance: relevance.flatMap(Relevance.init(rawValue:)))
            )
        }
        let corrections = try await testCorrections(ids, connection, logger: logger)
        let decoder = JSONDecoder()
        return try found.map { row in
            let resolution = try decoder.decode(ResolvedFormulation.self, from: Data(row.9.utf8))
            let test = PatchTest(
                id: row.0, productID: row.3, productReference: "\(row.4):\(row.5)", productName: row.6, formulationID: row.7,
                formulationVersion: row.8, ingredients: resolution.ingredientIDs, allergens: resolution.allergenIDs,
                unresolvedNames: resolution.unresolved, appliedAt: row.10, site: row.11, concentration: row.12, carrier: row.13,
                occluded: row.14, readings: readings[row.0] ?? []
            )
            return PatchTestListing(test: test, clientID: row.1, clientName: row.2, correction: corrections[row.0])
        }
    }

    /// The first whole-test correction of each test that has one, as shown ("refuted: <reason>").
    static func testCorrections(_ tests: [Int64], _ connection: PostgresConnection, logger: Logger) async throws -> [Int64: String] {
        var query = PostgresQuery(
            unsafeSQL: #"""
                SELECT DISTINCT ON ("patchTestId") "patchTestId", "kind", "reason" FROM "patchTestCorrection"
                WHERE "patchTestId" = ANY($1) AND "patchTestReadingId" IS NULL ORDER BY "patchTestId", "id"
                """#
        )
        query.binds.append(tests, context: .default)
        var corrections: [Int64: String] = [:]
        for try await (test, kind, reason) in try await connection.query(query, logger: logger).decode((Int64, String, String).self) {
            corrections[test] = PatchTestRules.correctionText(kind: kind, reason: reason)
        }
        return corrections
    }

    static func currentFormulation(supplier: String, sku: String, _ connection: PostgresConnection, logger: Logger) async throws -> (Int64, Int64) {
        var found: (Int64, Int64?)?
        for try await row in try await connection.query(
            #"SELECT "id", "currentFormulationId" FROM "product" WHERE "supplierId" = \#(supplier) AND "sku" = \#(sku) FOR SHARE"#, logger: logger
        ).decode((Int64, Int64?).self) { found = row }
        guard let (product, formulation) = found else { throw StockRules.unknownProduct(supplier: supplier, sku: sku) }
        guard let formulation else { throw PatchTestRules.noFormulation(supplier: supplier, sku: sku) }
        return (product, formulation)
    }
}
