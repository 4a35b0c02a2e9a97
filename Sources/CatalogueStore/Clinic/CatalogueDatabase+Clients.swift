public import CatalogueCore
public import Foundation
import GRDB
import StoreInterface

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
    ///
    /// A client whose name another client has (letter case aside) is refused unless `sameName` says this is another
    /// person: a second record of one person would split their patch tests and allergies, and the second record
    /// would read safe where the first is blocked.
    public func addClient(
        name: String, conditions: [ConditionID], note: String?, actor: String, sameName: Bool = false, at date: Date = Date()
    ) throws -> Int64 {
        let name = TextHygiene.singleLine(name).trimmingWhitespace()
        let note = note.map(TextHygiene.multiLine)
        guard !name.isEmpty else {
            throw ClinicStoreError(code: "CLINIC-CLIENT-NAME", message: "a client needs a name (it held only spaces or invisible characters)")
        }
        return try write { db in
            if !sameName, let existing = try Self.client(named: name, db) {
                throw ClinicStoreError(
                    code: "CLINIC-CLIENT-EXISTS",
                    message: "a client named '\(name)' exists (client \(existing)); open that record, or confirm that this is "
                        + "another person of the same name"
                )
            }
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

    /// One line of a patch-test report, resolved: what the name means and the reading.
    public struct AllergyReportLine: Sendable, Hashable {
        public var target: AllergyTarget
        public var enteredName: String
        public var reading: PatchTestResult

        public init(target: AllergyTarget, enteredName: String, reading: PatchTestResult) {
            self.target = target
            self.enteredName = enteredName
            self.reading = reading
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
                detail: Self.json([
                    "report": report, "lines": String(lines.count),
                    "positive": String(lines.filter { $0.reading != .negative }.count),
                ]), at: date
            )
            return ids
        }
    }

    private static func insertAllergy(
        _ db: Database, client: Int64, target: AllergyTarget, enteredName: String, source: ClientAllergy.Source, note: String?,
        actor: String, reading: PatchTestResult?, at date: Date
    ) throws -> Int64 {
        let enteredName = TextHygiene.singleLine(enteredName).trimmingWhitespace()
        try db.execute(
            sql: """
                INSERT INTO clientAllergy (clientId, kind, targetId, enteredName, source, note, recordedBy, recordedAt, reading)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [client, target.kind, target.id, enteredName, source.rawValue, note, actor, date, reading.map(Self.storedReading)]
        )
        let id = db.lastInsertedRowID
        var detail = ["client": String(client), "target": "\(target.kind):\(target.id)", "source": source.rawValue]
        if let reading { detail["reading"] = Self.storedReading(reading) }
        try AuditEntry.append(db, actor: actor, action: "allergy.add", entity: "clientAllergy", entityId: String(id), detail: Self.json(detail), at: date)
        return id
    }

    /// The stored form of a reading: the ICDRG notation for positives, the word otherwise.
    static func storedReading(_ reading: PatchTestResult) -> String {
        switch reading {
        case .weakPositive, .strongPositive, .extremePositive: reading.notation
        case .negative, .doubtful, .irritant, .reported: reading.rawValue
        }
    }

    /// The first client whose name is `name` once letter case and runs of white space are set aside.
    static func client(named name: String, _ db: Database) throws -> Int64? {
        func key(_ text: String) -> String { text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        let wanted = key(name)
        let rows = try Row.fetchCursor(db, sql: "SELECT id, name FROM client ORDER BY id")
        while let row = try rows.next() {
            if key(row[1]) == wanted { return row[0] }
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
        let reason = TextHygiene.multiLine(reason).trimmingWhitespace()
        guard !TextHygiene.isBlank(reason) else {
            throw ClinicStoreError(code: "CLINIC-RETRACT-REASON", message: "say why the allergy is retracted (--reason); nothing was recorded")
        }
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
    static func json(_ fields: [String: String]) -> String { AuditDetail.json(fields) }
}
