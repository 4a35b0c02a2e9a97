public import CatalogueCore
public import Foundation
import Logging
import PostgresNIO
public import StoreInterface

extension PostgresCatalogue: ClientStore {
    public func addClient(name: String, conditions: [ConditionID], note: String?, actor: String, sameName: Bool, at date: Date) async throws -> Int64 {
        let name = try ClientRules.name(name)
        let note = note.map(TextHygiene.multiLine)
        return try await transaction { connection in
            // One client added at a time per schema, whichever server adds it: two receptionists adding one person at
            // once must not both pass the same-name check.
            try await connection.query("SET LOCAL lock_timeout = '10s'", logger: logger)
            try await connection.query(#"SELECT pg_advisory_xact_lock(hashtext('oilcat-client-add:' || current_schema()))"#, logger: logger)
            if !sameName {
                let wanted = ClientRules.sameNameKey(name)
                var existing: Int64?
                for try await (id, stored) in try await connection.query(#"SELECT "id", "name" FROM "client" ORDER BY "id""#, logger: logger)
                    .decode((Int64, String).self)
                where existing == nil && ClientRules.sameNameKey(stored) == wanted {
                    existing = id
                }
                if let existing { throw ClientRules.nameExists(name, existing: existing) }
            }
            var id: Int64 = 0
            for try await value in try await connection.query(
                #"INSERT INTO "client" ("name", "note", "createdAt", "updatedAt") VALUES (\#(name), \#(note), \#(date), \#(date)) RETURNING "id""#,
                logger: logger
            ).decode(Int64.self) { id = value }
            for condition in conditions {
                try await connection.query(
                    #"INSERT INTO "clientCondition" ("clientId", "conditionId") VALUES (\#(id), \#(condition.rawValue)) ON CONFLICT DO NOTHING"#,
                    logger: logger
                )
            }
            try await Self.appendAudit(
                connection, logger: logger, actor: actor, action: "client.add", entity: "client", entityId: String(id),
                detail: AuditDetail.json(["conditions": conditions.map(\.rawValue).joined(separator: ",")]), at: date
            )
            return id
        }
    }

    public func updateClient(
        id: Int64, name: String?, note: String?, addConditions: [ConditionID], removeConditions: [ConditionID], actor: String, at date: Date
    ) async throws {
        let name = try name.map(ClientRules.name)
        let note = note.map(TextHygiene.multiLine)
        try await transaction { connection in
            let updated = try await Self.count(
                try await connection.query(
                    #"""
                    UPDATE "client" SET "name" = COALESCE(\#(name), "name"), "note" = CASE WHEN \#(note != nil) THEN \#(note) ELSE "note" END,
                      "updatedAt" = \#(date)
                    WHERE "id" = \#(id) RETURNING 1
                    """#,
                    logger: logger
                )
            )
            guard updated == 1 else { throw ClientRules.unknownClient(id) }
            for condition in addConditions {
                try await connection.query(
                    #"INSERT INTO "clientCondition" ("clientId", "conditionId") VALUES (\#(id), \#(condition.rawValue)) ON CONFLICT DO NOTHING"#,
                    logger: logger
                )
            }
            for condition in removeConditions {
                try await connection.query(
                    #"DELETE FROM "clientCondition" WHERE "clientId" = \#(id) AND "conditionId" = \#(condition.rawValue)"#, logger: logger
                )
            }
            try await Self.appendAudit(
                connection, logger: logger, actor: actor, action: "client.update", entity: "client", entityId: String(id),
                detail: ClientRules.updateDetail(name: name, noteChanged: note != nil, add: addConditions, remove: removeConditions), at: date
            )
        }
    }

    public func clients(matching text: String?, limit: Int?) async throws -> [ClientSummary] {
        let key = text.map { ClientRules.searchKey(TextHygiene.singleLine($0).trimmingWhitespace()) } ?? ""
        if let limit, limit <= 0 { return [] }
        let order = #"ORDER BY \#(Self.caseBlind(#""name""#)) COLLATE "C", "id""#
        guard !key.isEmpty else {
            var sql = #"SELECT "id", "name", "note", "createdAt" FROM "client" \#(order)"#
            if let limit { sql += " LIMIT \(max(0, limit))" }
            return try await summaries(PostgresQuery(unsafeSQL: sql))
        }
        // Names are matched here, in NFC and without case in any script (as on SQLite), then read in full.
        var ids: [Int64] = []
        let names = try await rows(PostgresQuery(unsafeSQL: #"SELECT "id", "name" FROM "client" \#(order)"#)) { try $0.decode((Int64, String).self) }
        for (id, name) in names where ClientRules.searchKey(name).contains(key) {
            ids.append(id)
            if let limit, ids.count >= limit { break }
        }
        guard !ids.isEmpty else { return [] }
        var query = PostgresQuery(unsafeSQL: #"SELECT "id", "name", "note", "createdAt" FROM "client" WHERE "id" = ANY($1) \#(order)"#)
        query.binds.append(ids, context: .default)
        return try await summaries(query)
    }

    public func clientSummary(_ id: Int64) async throws -> ClientSummary? {
        try await summaries(#"SELECT "id", "name", "note", "createdAt" FROM "client" WHERE "id" = \#(id)"#).first
    }

    /// The clients `query` selects (id, name, note, created), in its order, with their conditions.
    private func summaries(_ query: PostgresQuery) async throws -> [ClientSummary] {
        let found = try await rows(query) { try $0.decode((Int64, String, String?, Date).self) }
        guard !found.isEmpty else { return [] }
        var conditions: [Int64: [String]] = [:]
        var conditionQuery = PostgresQuery(
            unsafeSQL: #"SELECT "clientId", "conditionId" FROM "clientCondition" WHERE "clientId" = ANY($1) ORDER BY "conditionId" COLLATE "C""#
        )
        conditionQuery.binds.append(found.map(\.0), context: .default)
        for (client, condition) in try await rows(conditionQuery, { try $0.decode((Int64, String).self) }) {
            conditions[client, default: []].append(condition)
        }
        return found.map { ClientSummary(id: $0.0, name: $0.1, conditions: conditions[$0.0] ?? [], note: $0.2, createdAt: $0.3) }
    }

    public func addAllergy(
        client: Int64, target: AllergyTarget, enteredName: String, source: ClientAllergy.Source, note: String?, actor: String,
        reading: PatchTestResult?, at date: Date
    ) async throws -> Int64 {
        try await transaction { connection in
            try await Self.requireClient(client, connection, logger: logger)
            return try await Self.insertAllergy(
                connection, logger: logger, client: client, target: target, enteredName: enteredName, source: source, note: note, actor: actor,
                reading: reading, at: date
            )
        }
    }

    public func addAllergyReport(
        client: Int64, lines: [AllergyReportLine], source: ClientAllergy.Source, note: String?, report: String, actor: String, at date: Date
    ) async throws -> [Int64] {
        try await transaction { connection in
            try await Self.requireClient(client, connection, logger: logger)
            var ids: [Int64] = []
            for line in lines {
                ids.append(
                    try await Self.insertAllergy(
                        connection, logger: logger, client: client, target: line.target, enteredName: line.enteredName, source: source,
                        note: note, actor: actor, reading: line.reading, at: date
                    )
                )
            }
            try await Self.appendAudit(
                connection, logger: logger, actor: actor, action: "allergy.report", entity: "client", entityId: String(client),
                detail: ClientRules.reportDetail(report: report, lines: lines), at: date
            )
            return ids
        }
    }

    public func client(ofAllergy id: Int64) async throws -> Int64? {
        try await rows(#"SELECT "clientId" FROM "clientAllergy" WHERE "id" = \#(id)"#) { try $0.decode(Int64.self) }.first
    }

    public func retractAllergy(_ id: Int64, reason: String, actor: String, at date: Date) async throws {
        let reason = try ClientRules.retractionReason(reason)
        try await transaction { connection in
            let retracted = try await Self.count(
                try await connection.query(
                    #"""
                    UPDATE "clientAllergy" SET "retractedAt" = \#(date), "retractionReason" = \#(reason)
                    WHERE "id" = \#(id) AND "retractedAt" IS NULL RETURNING 1
                    """#,
                    logger: logger
                )
            )
            guard retracted == 1 else { throw ClientRules.unknownAllergy(id) }
            try await Self.appendAudit(
                connection, logger: logger, actor: actor, action: "allergy.retract", entity: "clientAllergy", entityId: String(id),
                detail: AuditDetail.json(["reason": reason]), at: date
            )
        }
    }

    /// Refuses an unknown client; the client's row is held until the transaction ends, so it cannot go meanwhile.
    static func requireClient(_ id: Int64, _ connection: PostgresConnection, logger: Logger) async throws {
        let found = try await count(try await connection.query(#"SELECT 1 FROM "client" WHERE "id" = \#(id) FOR SHARE"#, logger: logger))
        guard found == 1 else { throw ClientRules.unknownClient(id) }
    }

    private static func insertAllergy(
        _ connection: PostgresConnection, logger: Logger, client: Int64, target: AllergyTarget, enteredName: String,
        source: ClientAllergy.Source, note: String?, actor: String, reading: PatchTestResult?, at date: Date
    ) async throws -> Int64 {
        let enteredName = TextHygiene.singleLine(enteredName).trimmingWhitespace()
        let note = note.map(TextHygiene.multiLine)
        var id: Int64 = 0
        for try await value in try await connection.query(
            #"""
            INSERT INTO "clientAllergy" ("clientId", "kind", "targetId", "enteredName", "source", "note", "recordedBy", "recordedAt", "reading")
            VALUES (\#(client), \#(target.kind), \#(target.id), \#(enteredName), \#(source.rawValue), \#(note), \#(actor), \#(date),
              \#(reading.map(ClientRules.storedReading)))
            RETURNING "id"
            """#,
            logger: logger
        ).decode(Int64.self) { id = value }
        try await appendAudit(
            connection, logger: logger, actor: actor, action: "allergy.add", entity: "clientAllergy", entityId: String(id),
            detail: ClientRules.allergyDetail(client: client, target: target, source: source, reading: reading), at: date
        )
        return id
    }
}
