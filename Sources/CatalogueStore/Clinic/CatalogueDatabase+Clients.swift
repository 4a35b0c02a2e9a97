public import CatalogueCore
public import Foundation
import GRDB
public import StoreInterface

extension CatalogueDatabase: ClientStore {
    /// Adds a client; returns the new id. The audit line commits with it. The name and note are stored in NFC
    /// without control or invisible format characters (``TextHygiene``).
    ///
    /// A client whose name another client has (letter case aside) is refused unless `sameName` says this is another
    /// person: a second record of one person would split their patch tests and allergies, and the second record
    /// would read safe where the first is blocked.
    public func addClient(
        name: String, conditions: [ConditionID], note: String?, actor: String, sameName: Bool = false, at date: Date = Date()
    ) throws -> Int64 {
        let name = try ClientRules.name(name)
        let note = note.map(TextHygiene.multiLine)
        return try write { db in
            if !sameName, let existing = try Self.client(named: name, db) { throw ClientRules.nameExists(name, existing: existing) }
            try db.execute(
                sql: "INSERT INTO client (name, note, createdAt, updatedAt) VALUES (?, ?, ?, ?)",
                arguments: [name, note, date, date]
            )
            let id = db.lastInsertedRowID
            for condition in conditions {
                try db.execute(sql: "INSERT OR IGNORE INTO clientCondition (clientId, conditionId) VALUES (?, ?)", arguments: [id, condition.rawValue])
            }
            try AuditEntry.append(
                db, actor: actor, action: "client.add", entity: "client", entityId: String(id),
                detail: Self.json(["conditions": conditions.map(\.rawValue).joined(separator: ",")]), at: date
            )
            return id
        }
    }

    /// Changes a client's name, note or conditions.
    public func updateClient(
        id: Int64, name: String?, note: String?, addConditions: [ConditionID], removeConditions: [ConditionID], actor: String,
        at date: Date = Date()
    ) throws {
        let name = try name.map(ClientRules.name)
        let note = note.map(TextHygiene.multiLine)
        try write { db in
            try Self.requireClient(id, db)
            if let name { try db.execute(sql: "UPDATE client SET name = ? WHERE id = ?", arguments: [name, id]) }
            if let note { try db.execute(sql: "UPDATE client SET note = ? WHERE id = ?", arguments: [note, id]) }
            for condition in addConditions {
                try db.execute(sql: "INSERT OR IGNORE INTO clientCondition (clientId, conditionId) VALUES (?, ?)", arguments: [id, condition.rawValue])
            }
            for condition in removeConditions {
                try db.execute(sql: "DELETE FROM clientCondition WHERE clientId = ? AND conditionId = ?", arguments: [id, condition.rawValue])
            }
            try db.execute(sql: "UPDATE client SET updatedAt = ? WHERE id = ?", arguments: [date, id])
            try AuditEntry.append(
                db, actor: actor, action: "client.update", entity: "client", entityId: String(id),
                detail: ClientRules.updateDetail(name: name, noteChanged: note != nil, add: addConditions, remove: removeConditions), at: date
            )
        }
    }

    /// Every client whose name contains `text` (every client without it), by name; at most `limit`. Names and
    /// the search are compared in NFC and without regard to case in any script: "Zoë", "ZOË" and "Zoe\u{308}" find
    /// each other.
    public func clients(matching text: String? = nil, limit: Int? = nil) throws -> [ClientSummary] {
        let key = text.map { ClientRules.searchKey(TextHygiene.singleLine($0).trimmingWhitespace()) } ?? ""
        if let limit, limit <= 0 { return [] }
        guard !key.isEmpty else {
            var sql = "SELECT id, name, note, createdAt FROM client ORDER BY name COLLATE NOCASE, id"
            if let limit { sql += " LIMIT \(max(0, limit))" }
            return try read { db in try Self.clientSummaries(db, sql: sql, arguments: []) }
        }
        return try read { db in
            // SQLite's LIKE folds ASCII only: names are matched here, then read in full.
            var ids: [Int64] = []
            let rows = try Row.fetchCursor(db, sql: "SELECT id, name FROM client ORDER BY name COLLATE NOCASE, id")
            while let row = try rows.next() {
                let name: String = row[1]
                if ClientRules.searchKey(name).contains(key) { ids.append(row[0]) }
                if let limit, ids.count >= limit { break }
            }
            guard !ids.isEmpty else { return [] }
            let placeholders = Array(repeating: "?", count: ids.count).joined(separator: ",")
            return try Self.clientSummaries(
                db, sql: "SELECT id, name, note, createdAt FROM client WHERE id IN (\(placeholders)) ORDER BY name COLLATE NOCASE, id",
                arguments: StatementArguments(ids)
            )
        }
    }

    /// One client, or `nil`.
    public func clientSummary(_ id: Int64) throws -> ClientSummary? {
        try read { db in
            try Self.clientSummaries(db, sql: "SELECT id, name, note, createdAt FROM client WHERE id = ?", arguments: [id]).first
        }
    }

    private static func clientSummaries(_ db: Database, sql: String, arguments: StatementArguments) throws -> [ClientSummary] {
        try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            ClientSummary(
                id: row[0], name: row[1],
                conditions: try String.fetchAll(db, sql: "SELECT conditionId FROM clientCondition WHERE clientId = ? ORDER BY conditionId", arguments: [row[0] as Int64]),
                note: row[2], createdAt: row[3]
            )
        }
    }

    /// Records an externally diagnosed or client-reported allergy, with the reading a patch-test report gave if any;
    /// returns its id.
    public func addAllergy(
        client: Int64, target: AllergyTarget, enteredName: String, source: ClientAllergy.Source, note: String?, actor: String,
        reading: PatchTestResult? = nil, at date: Date = Date()
    ) throws -> Int64 {
        try write { db in
            try Self.requireClient(client, db)
            return try Self.insertAllergy(
                db, client: client, target: target, enteredName: enteredName, source: source, note: note, actor: actor,
                reading: reading, at: date
            )
        }
    }

    /// Records a whole patch-test report in one transaction: every line or none. Returns the new ids in line order.
    public func addAllergyReport(
        client: Int64, lines: [AllergyReportLine], source: ClientAllergy.Source, note: String?, report: String, actor: String,
        at date: Date = Date()
    ) throws -> [Int64] {
        try write { db in
            try Self.requireClient(client, db)
            var ids: [Int64] = []
            for line in lines {
                ids.append(
                    try Self.insertAllergy(
                        db, client: client, target: line.target, enteredName: line.enteredName, source: source, note: note,
                        actor: actor, reading: line.reading, at: date
                    )
                )
            }
            try AuditEntry.append(
                db, actor: actor, action: "allergy.report", entity: "client", entityId: String(client),
                detail: ClientRules.reportDetail(report: report, lines: lines), at: date
            )
            return ids
        }
    }

    private static func insertAllergy(
        _ db: Database, client: Int64, target: AllergyTarget, enteredName: String, source: ClientAllergy.Source, note: String?,
        actor: String, reading: PatchTestResult?, at date: Date
    ) throws -> Int64 {
        let enteredName = TextHygiene.singleLine(enteredName).trimmingWhitespace()
        let note = note.map(TextHygiene.multiLine)
        try db.execute(
            sql: """
                INSERT INTO clientAllergy (clientId, kind, targetId, enteredName, source, note, recordedBy, recordedAt, reading)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [client, target.kind, target.id, enteredName, source.rawValue, note, actor, date, reading.map(ClientRules.storedReading)]
        )
        let id = db.lastInsertedRowID
        try AuditEntry.append(
            db, actor: actor, action: "allergy.add", entity: "clientAllergy", entityId: String(id),
            detail: ClientRules.allergyDetail(client: client, target: target, source: source, reading: reading), at: date
        )
        return id
    }

    /// The first client whose name is `name` once letter case and runs of white space are set aside.
    static func client(named name: String, _ db: Database) throws -> Int64? {
        let wanted = ClientRules.sameNameKey(name)
        let rows = try Row.fetchCursor(db, sql: "SELECT id, name FROM client ORDER BY id")
        while let row = try rows.next() {
            if ClientRules.sameNameKey(row[1]) == wanted { return row[0] }
        }
        return nil
    }

    /// The client an allergy line belongs to, or `nil` when there is no such line.
    public func client(ofAllergy id: Int64) throws -> Int64? {
        try read { try Int64.fetchOne($0, sql: "SELECT clientId FROM clientAllergy WHERE id = ?", arguments: [id]) }
    }

    /// Retracts an allergy entered in error: a correction entry, never an edit or a delete.
    /// The reason is cleaned (``TextHygiene``); one without a letter or digit once cleaned (``TextHygiene/isBlank(_:)``) is refused.
    public func retractAllergy(_ id: Int64, reason: String, actor: String, at date: Date = Date()) throws {
        let reason = try ClientRules.retractionReason(reason)
        try write { db in
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM clientAllergy WHERE id = ? AND retractedAt IS NULL", arguments: [id]) != nil else {
                throw ClientRules.unknownAllergy(id)
            }
            try db.execute(sql: "UPDATE clientAllergy SET retractedAt = ?, retractionReason = ? WHERE id = ?", arguments: [date, reason, id])
            try AuditEntry.append(db, actor: actor, action: "allergy.retract", entity: "clientAllergy", entityId: String(id), detail: Self.json(["reason": reason]), at: date)
        }
    }

    static func requireClient(_ id: Int64, _ db: Database) throws {
        guard try Int.fetchOne(db, sql: "SELECT 1 FROM client WHERE id = ?", arguments: [id]) != nil else { throw ClientRules.unknownClient(id) }
    }

    /// A small JSON object of strings for audit details.
    static func json(_ fields: [String: String]) -> String { AuditDetail.json(fields) }
}
