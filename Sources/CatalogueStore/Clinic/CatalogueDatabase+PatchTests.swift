public import CatalogueCore
public import Foundation
import GRDB
public import StoreInterface

extension CatalogueDatabase: PatchTestStore {
    /// Applies a patch test of a product's current formulation (pinned) to a client; returns the test id.
    public func applyPatchTest(
        client: Int64, supplier: String, sku: String, site: String?, concentration: String?, carrier: String?,
        occluded: Bool, at appliedAt: Date, actor: String, now: Date = Date()
    ) throws -> Int64 {
        try PatchTestRules.refuseFuture(appliedAt, now: now, what: "application")
        try StockRules.requireStorable(supplier: supplier, sku: sku)
        let (site, concentration, carrier) = (PatchTestRules.detail(site), PatchTestRules.detail(concentration), PatchTestRules.detail(carrier))
        return try write { db in
            try Self.requireClient(client, db)
            let (productID, formulationID) = try Self.currentFormulation(supplier: supplier, sku: sku, db)
            try db.execute(
                sql: """
                    INSERT INTO patchTest (clientId, productId, formulationId, site, concentration, carrier, occluded, appliedAt,
                      recordedBy, createdAt)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [client, productID, formulationID, site, concentration, carrier, occluded, appliedAt, actor, now]
            )
            let id = db.lastInsertedRowID
            try AuditEntry.append(
                db, actor: actor, action: "patch-test.apply", entity: "patchTest", entityId: String(id),
                detail: Self.json(["client": String(client), "product": "\(supplier):\(sku)", "formulation": String(formulationID)]), at: now
            )
            return id
        }
    }

    /// Records a reaction the client reports to a product (no test): it blocks the product pending review.
    public func recordReportedReaction(
        client: Int64, supplier: String, sku: String, at date: Date, note: String?, actor: String, now: Date = Date()
    ) throws -> Int64 {
        try PatchTestRules.refuseFuture(date, now: now, what: "reaction")
        try StockRules.requireStorable(supplier: supplier, sku: sku)
        return try write { db in
            try Self.requireClient(client, db)
            let (productID, formulationID) = try Self.currentFormulation(supplier: supplier, sku: sku, db)
            try db.execute(
                sql: """
                    INSERT INTO patchTest (clientId, productId, formulationId, site, occluded, appliedAt, recordedBy, createdAt)
                    VALUES (?, ?, ?, ?, 0, ?, ?, ?)
                    """,
                arguments: [client, productID, formulationID, PatchTestRules.reportedSite(note: note), date, actor, now]
            )
            let id = db.lastInsertedRowID
            try db.execute(
                sql: "INSERT INTO patchTestReading (patchTestId, readAt, result, relevance, recordedBy, createdAt) VALUES (?, ?, 'reported', 'current', ?, ?)",
                arguments: [id, date, actor, now]
            )
            try AuditEntry.append(
                db, actor: actor, action: "reaction.report", entity: "patchTest", entityId: String(id),
                detail: Self.json(["client": String(client), "product": "\(supplier):\(sku)"]), at: now
            )
            return id
        }
    }

    /// Records a reading; several per test. Returns the reading id.
    public func recordReading(
        test: Int64, result: PatchTestResult, at readAt: Date, relevance: Relevance?, actor: String, now: Date = Date()
    ) throws -> Int64 {
        try PatchTestRules.refuseFuture(readAt, now: now, what: "reading")
        return try write { db in
            guard let appliedAt = try Date.fetchOne(db, sql: "SELECT appliedAt FROM patchTest WHERE id = ?", arguments: [test]) else {
                throw PatchTestRules.unknownTest(test)
            }
            try PatchTestRules.checkReading(test: test, result: result, readAt: readAt, appliedAt: appliedAt, corrected: try Self.testCorrection(test, db) != nil)
            try db.execute(
                sql: "INSERT INTO patchTestReading (patchTestId, readAt, result, relevance, recordedBy, createdAt) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [test, readAt, result.rawValue, relevance?.rawValue, actor, now]
            )
            let id = db.lastInsertedRowID
            try AuditEntry.append(
                db, actor: actor, action: "patch-test.read", entity: "patchTestReading", entityId: String(id),
                detail: Self.json(["test": String(test), "result": result.rawValue]), at: now
            )
            return id
        }
    }

    /// A correction entry: the test (or one reading) refuted or entered in error. Nothing is edited or deleted.
    /// The reason is cleaned (``TextHygiene``); one without a letter or digit once cleaned (``TextHygiene/isBlank(_:)``) is refused.
    public func correctPatchTest(test: Int64, reading: Int64?, kind: String, reason: String, actor: String, now: Date = Date()) throws {
        let reason = try PatchTestRules.correction(kind: kind, reason: reason)
        try write { db in
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM patchTest WHERE id = ?", arguments: [test]) != nil else {
                throw PatchTestRules.unknownTest(test, hint: false)
            }
            if let reading, try Int.fetchOne(db, sql: "SELECT 1 FROM patchTestReading WHERE id = ? AND patchTestId = ?", arguments: [reading, test]) == nil {
                throw PatchTestRules.unknownReading(reading, test: test)
            }
            try db.execute(
                sql: "INSERT INTO patchTestCorrection (patchTestId, patchTestReadingId, kind, reason, recordedBy, createdAt) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [test, reading, kind, reason, actor, now]
            )
            try AuditEntry.append(
                db, actor: actor, action: "patch-test.correct", entity: "patchTest", entityId: String(test),
                detail: Self.json(["reading": reading.map(String.init) ?? "", "kind": kind, "reason": reason]), at: now
            )
        }
    }

    /// The client, with conditions, allergies in force, patch tests in force (readings in force), medical-history
    /// entries in force and whether the history was taken (an intake review or an entry), for the engine. `nil` when
    /// there is no such client.
    public func clientProfile(_ id: Int64) throws -> ClientProfile? {
        try read { db in
            guard let name = try String.fetchOne(db, sql: "SELECT name FROM client WHERE id = ?", arguments: [id]) else { return nil }
            let conditions = try String.fetchAll(db, sql: "SELECT conditionId FROM clientCondition WHERE clientId = ? ORDER BY conditionId", arguments: [id])
            let records = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, kind, targetId, enteredName, source, note, recordedAt, reading FROM clientAllergy
                    WHERE clientId = ? AND retractedAt IS NULL ORDER BY id
                    """,
                arguments: [id]
            ).compactMap { row in
                PatchTestRules.allergy(
                    id: row[0], kind: row[1], target: row[2], enteredName: row[3], source: row[4], note: row[5], recordedAt: row[6], reading: row[7]
                )
            }
            let allergies = records.filter(\.isAllergy)
            let testedNegative = records.filter { !$0.isAllergy }
            let tests = try Self.patchTests(db, whereSQL: "pt.clientId = ?", arguments: [id]).filter { $0.correction == nil }.map(\.test)
            let reviewed = try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM clientIntakeReview WHERE clientId = ?)", arguments: [id]
            ) ?? false
            return ClientProfile(
                id: id, name: name, conditions: conditions.map { ConditionID(rawValue: $0) }, allergies: allergies, patchTests: tests,
                medicalHistory: try Self.historyInForce(db, client: id), testedNegative: testedNegative, historyOnRecord: reviewed
            )
        }
    }

    /// Every client's profile, for checking a reformulation against all of them.
    public func allClientProfiles() throws -> [ClientProfile] {
        let ids = try read { try Int64.fetchAll($0, sql: "SELECT id FROM client ORDER BY id") }
        return try ids.compactMap(clientProfile)
    }

    /// Engine facts for one formulation version (current or not).
    public func formulationFacts(_ formulation: Int64, taxonomy: Taxonomy) throws -> ProductFacts? {
        try read { db in
            guard let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT p.id, p.supplierId, p.sku, p.name, f.id, f.version, f.resolution, f.ingredientText IS NOT NULL
                    FROM formulation f JOIN product p ON p.id = f.productId WHERE f.id = ?
                    """,
                arguments: [formulation]
            ) else { return nil }
            let resolution = try JSONDecoder().decode(ResolvedFormulation.self, from: Data((row[6] as String).utf8))
            return ProductFacts(
                productID: row[0], reference: "\(row[1] as String):\(row[2] as String)", name: row[3], formulationID: row[4],
                version: row[5], resolution: resolution, hasIngredientList: row[7], taxonomy: taxonomy
            )
        }
    }

    /// A client's patch tests (corrected ones included, marked), newest first.
    public func patchTestListings(client: Int64) throws -> [PatchTestListing] {
        try read { db in
            try Self.requireClient(client, db)
            return try Self.patchTests(db, whereSQL: "pt.clientId = ?", arguments: [client]).reversed()
        }
    }

    /// One test, with its readings in force.
    public func patchTestListing(_ test: Int64) throws -> PatchTestListing? {
        try read { db in try Self.patchTests(db, whereSQL: "pt.id = ?", arguments: [test]).first }
    }

    /// Tests in force whose outcome is still pending, applied at least `minimumHours` before `now`: the readings due.
    public func dueReadings(now: Date, minimumHours: Int = 24) throws -> [PatchTestListing] {
        try read { db in
            try Self.patchTests(db, whereSQL: "pt.appliedAt <= ?", arguments: [now.addingTimeInterval(-Double(minimumHours) * 3600)])
                .filter(\.isDue)
        }
    }

    static func patchTests(_ db: Database, whereSQL: String, arguments: StatementArguments) throws -> [PatchTestListing] {
        let decoder = JSONDecoder()
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT pt.id, pt.clientId, c.name, pt.productId, p.supplierId, p.sku, p.name, pt.formulationId, f.version,
                  f.resolution, pt.appliedAt, pt.site, pt.concentration, pt.carrier, pt.occluded
                FROM patchTest pt
                JOIN client c ON c.id = pt.clientId
                JOIN product p ON p.id = pt.productId
                JOIN formulation f ON f.id = pt.formulationId
                WHERE \(whereSQL)
                ORDER BY pt.appliedAt, pt.id
                """,
            arguments: arguments
        )
        return try rows.map { row in
            let testID: Int64 = row[0]
            let resolution = try decoder.decode(ResolvedFormulation.self, from: Data((row[9] as String).utf8))
            let readings = try Row.fetchAll(
                db,
                sql: """
                    SELECT r.id, r.result, r.readAt, r.relevance FROM patchTestReading r
                    WHERE r.patchTestId = ? AND NOT EXISTS (SELECT 1 FROM patchTestCorrection k WHERE k.patchTestReadingId = r.id)
                    ORDER BY r.readAt, r.id
                    """,
                arguments: [testID]
            ).compactMap { reading -> PatchTest.Reading? in
                guard let result = PatchTestResult(rawValue: reading[1]) else { return nil }
                return PatchTest.Reading(
                    id: reading[0], result: result, readAt: reading[2], relevance: (reading[3] as String?).flatMap(Relevance.init(rawValue:))
                )
            }
            let test = PatchTest(
                id: testID, productID: row[3], productReference: "\(row[4] as String):\(row[5] as String)", productName: row[6],
                formulationID: row[7], formulationVersion: row[8], ingredients: resolution.ingredientIDs,
                allergens: resolution.allergenIDs, unresolvedNames: resolution.unresolved, appliedAt: row[10], site: row[11], concentration: row[12],
                carrier: row[13], occluded: row[14], readings: readings
            )
            return PatchTestListing(test: test, clientID: row[1], clientName: row[2], correction: try testCorrection(testID, db))
        }
    }

    /// "refuted: <reason>" when the whole test was corrected.
    static func testCorrection(_ test: Int64, _ db: Database) throws -> String? {
        try Row.fetchOne(
            db, sql: "SELECT kind, reason FROM patchTestCorrection WHERE patchTestId = ? AND patchTestReadingId IS NULL ORDER BY id LIMIT 1",
            arguments: [test]
        ).map { PatchTestRules.correctionText(kind: $0[0], reason: $0[1]) }
    }

    static func currentFormulation(supplier: String, sku: String, _ db: Database) throws -> (Int64, Int64) {
        guard let row = try Row.fetchOne(
            db, sql: "SELECT id, currentFormulationId FROM product WHERE supplierId = ? AND sku = ?", arguments: [supplier, sku]
        ) else {
            throw StockRules.unknownProduct(supplier: supplier, sku: sku)
        }
        guard let formulation = row[1] as Int64? else {
            throw PatchTestRules.noFormulation(supplier: supplier, sku: sku)
        }
        return (row[0], formulation)
    }
}
