public import CatalogueCore
public import Foundation
import GRDB

/// A client in lists.
public struct ClientSummary: Sendable, Codable, Equatable {
    public var id: Int64
    public var name: String
    public var conditions: [String]
    public var note: String?
    public var createdAt: Date
}

extension CatalogueDatabase {
    /// Adds a client; returns the new id. The audit line commits with it. The name and note are stored in NFC
    /// without control or invisible format characters (``TextHygiene``).
    public func addClient(name: String, conditions: [ConditionID], note: String?, actor: String, at date: Date = Date()) throws -> Int64 {
        let name = TextHygiene.singleLine(name).trimmingWhitespace()
        let note = note.map(TextHygiene.multiLine)
        guard !name.isEmpty else {
            throw ClinicStoreError(code: "CLINIC-CLIENT-NAME", message: "a client needs a name (it held only spaces or invisible characters)")
        }
        return try write { db in
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
        let name = name.map { TextHygiene.singleLine($0).trimmingWhitespace() }
        let note = note.map(TextHygiene.multiLine)
        if name?.isEmpty == true {
            throw ClinicStoreError(code: "CLINIC-CLIENT-NAME", message: "a client needs a name (it held only spaces or invisible characters)")
        }
        try write { db in
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM client WHERE id = ?", arguments: [id]) != nil else {
                throw ClinicStoreError(code: "CLINIC-UNKNOWN-CLIENT", message: "no client \(id); list clients with 'oilcat client list'")
            }
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
                detail: Self.json([
                    "name": name ?? "", "note": note == nil ? "" : "changed",
                    "addConditions": addConditions.map(\.rawValue).joined(separator: ","),
                    "removeConditions": removeConditions.map(\.rawValue).joined(separator: ","),
                ]), at: date
            )
        }
    }

    /// Every client whose name contains `text` (every client without it), by name; at most `limit`. Names and
    /// the search are compared in NFC and without regard to case in any script: "Zoë", "ZOË" and "Zoe\u{308}" find
    /// each other.
    public func clients(matching text: String? = nil, limit: Int? = nil) throws -> [ClientSummary] {
        let key = text.map { TextHygiene.singleLine($0).trimmingWhitespace().lowercased() } ?? ""
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
                if TextHygiene.nfc(name).lowercased().contains(key) { ids.append(row[0]) }
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

    /// Records an externally diagnosed or client-reported allergy; returns its id.
    public func addAllergy(
        client: Int64, target: AllergyTarget, enteredName: String, source: ClientAllergy.Source, note: String?, actor: String,
        at date: Date = Date()
    ) throws -> Int64 {
        try write { db in
            try Self.requireClient(client, db)
            try db.execute(
                sql: """
                    INSERT INTO clientAllergy (clientId, kind, targetId, enteredName, source, note, recordedBy, recordedAt)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [client, target.kind, target.id, enteredName, source.rawValue, note, actor, date]
            )
            let id = db.lastInsertedRowID
            try AuditEntry.append(
                db, actor: actor, action: "allergy.add", entity: "clientAllergy", entityId: String(id),
                detail: Self.json(["client": String(client), "target": "\(target.kind):\(target.id)", "source": source.rawValue]), at: date
            )
            return id
        }
    }

    /// Retracts an allergy entered in error: a correction entry, never an edit or a delete.
    public func retractAllergy(_ id: Int64, reason: String, actor: String, at date: Date = Date()) throws {
        try write { db in
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM clientAllergy WHERE id = ? AND retractedAt IS NULL", arguments: [id]) != nil else {
                throw ClinicStoreError(code: "CLINIC-UNKNOWN-ALLERGY", message: "no allergy \(id) in force")
            }
            try db.execute(sql: "UPDATE clientAllergy SET retractedAt = ?, retractionReason = ? WHERE id = ?", arguments: [date, reason, id])
            try AuditEntry.append(db, actor: actor, action: "allergy.retract", entity: "clientAllergy", entityId: String(id), detail: Self.json(["reason": reason]), at: date)
        }
    }

    static func requireClient(_ id: Int64, _ db: Database) throws {
        guard try Int.fetchOne(db, sql: "SELECT 1 FROM client WHERE id = ?", arguments: [id]) != nil else {
            throw ClinicStoreError(code: "CLINIC-UNKNOWN-CLIENT", message: "no client \(id); list clients with 'oilcat client list'")
        }
    }

    /// A small JSON object of strings for audit details.
    static func json(_ fields: [String: String]) -> String {
        "{" + fields.sorted { $0.key < $1.key }.map { key, value in
            var text = ""
            ResolvedFormulation.appendJSONString(value, to: &text)
            return "\"\(key)\":\(text)"
        }.joined(separator: ",") + "}"
    }
}
