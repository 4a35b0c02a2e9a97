public import CatalogueCore
public import Foundation
import GRDB
public import StoreInterface

extension CatalogueDatabase: HistoryStore {
    /// The client a history entry belongs to, or `nil` when there is no such entry.
    public func client(ofHistoryEntry id: Int64) throws -> Int64? {
        try read { try Int64.fetchOne($0, sql: "SELECT clientId FROM clientHistoryEntry WHERE id = ?", arguments: [id]) }
    }

    /// Records a history item for a client, or a correction of an entry in force (`corrects`): the new entry
    /// supersedes it, and nothing is edited or deleted. Returns the new entry's id. The audit line commits with it.
    ///
    /// `since` is a calendar day ("2026-03-01") no later than today. The item id is not checked here: the caller
    /// resolves it through the taxonomy.
    public func addHistoryEntry(
        client: Int64, item: HistoryItemID, since: String?, source: MedicalHistoryEntry.Source, note: String?,
        corrects: Int64? = nil, actor: String, at date: Date = Date()
    ) throws -> Int64 {
        let since = try HistoryRules.day(since, field: "since", now: date)
        return try write { db in
            try Self.requireClient(client, db)
            if let corrects { _ = try Self.entryInForce(corrects, client: client, db) }
            let id = try Self.insertHistoryEntry(
                db, client: client, item: item, status: .current, since: since, resolvedOn: nil, source: source, note: note,
                supersedes: corrects, actor: actor, at: date
            )
            try AuditEntry.append(
                db, actor: actor, action: corrects == nil ? "history.add" : "history.correct", entity: "clientHistoryEntry",
                entityId: String(id),
                detail: HistoryRules.addDetail(client: client, item: item, source: source, since: since, corrects: corrects), at: date
            )
            return id
        }
    }

    /// Resolves a current entry: a new entry with the same item, status `resolved` and the day it ended, superseding
    /// it. Returns the new entry's id.
    public func resolveHistoryEntry(_ entry: Int64, on day: String?, note: String?, actor: String, at date: Date = Date()) throws -> Int64 {
        let resolvedOn = try HistoryRules.day(day, field: "on", now: date) ?? HistoryRules.today(date)
        return try write { db in
            let old = try Self.entryInForce(entry, client: nil, db)
            try HistoryRules.requireCurrent(old.entry)
            let id = try Self.insertHistoryEntry(
                db, client: old.client, item: old.entry.item, status: .resolved, since: old.entry.since, resolvedOn: resolvedOn,
                source: old.entry.source, note: note ?? old.entry.note, supersedes: entry, actor: actor, at: date
            )
            try AuditEntry.append(
                db, actor: actor, action: "history.resolve", entity: "clientHistoryEntry", entityId: String(id),
                detail: Self.json(["client": String(old.client), "resolves": String(entry), "on": resolvedOn]), at: date
            )
            return id
        }
    }

    /// Withdraws an entry recorded in error: a new entry with status `entered-in-error` supersedes it. Returns its id.
    public func withdrawHistoryEntry(_ entry: Int64, reason: String, actor: String, at date: Date = Date()) throws -> Int64 {
        let reason = try HistoryRules.withdrawalReason(reason)
        return try write { db in
            let old = try Self.entryInForce(entry, client: nil, db)
            try HistoryRules.requireWithdrawable(old.entry, client: old.client)
            let id = try Self.insertHistoryEntry(
                db, client: old.client, item: old.entry.item, status: .enteredInError, since: old.entry.since, resolvedOn: nil,
                source: old.entry.source, note: reason, supersedes: entry, actor: actor, at: date
            )
            try AuditEntry.append(
                db, actor: actor, action: "history.withdraw", entity: "clientHistoryEntry", entityId: String(id),
                detail: Self.json(["client": String(old.client), "withdraws": String(entry), "reason": reason]), at: date
            )
            return id
        }
    }

    /// Every history entry of a client, oldest first, each with the entry that superseded it.
    public func historyListings(client: Int64) throws -> [MedicalHistoryListing] {
        try read { db in
            try Self.requireClient(client, db)
            return HistoryRules.listings(try Self.historyEntries(db, client: client))
        }
    }

    /// Records that a therapist reviewed the client's intake; returns the review's id.
    public func recordIntakeReview(client: Int64, note: String?, actor: String, at date: Date = Date()) throws -> Int64 {
        let note = HistoryRules.note(note)
        return try write { db in
            try Self.requireClient(client, db)
            try db.execute(
                sql: "INSERT INTO clientIntakeReview (clientId, reviewedBy, reviewedAt, note) VALUES (?, ?, ?, ?)",
                arguments: [client, actor, date, note]
            )
            let id = db.lastInsertedRowID
            try AuditEntry.append(
                db, actor: actor, action: "intake.review", entity: "client", entityId: String(client),
                detail: Self.json(["review": String(id)]), at: date
            )
            return id
        }
    }

    /// The client's latest intake review, or `nil` when the intake was never reviewed.
    public func lastIntakeReview(client: Int64) throws -> IntakeReview? {
        try read { db in
            try Row.fetchOne(
                db, sql: "SELECT id, reviewedBy, reviewedAt, note FROM clientIntakeReview WHERE clientId = ? ORDER BY reviewedAt DESC, id DESC LIMIT 1",
                arguments: [client]
            ).map { IntakeReview(id: $0[0], reviewedBy: $0[1], reviewedAt: $0[2], note: $0[3]) }
        }
    }

    /// The entries in force (not superseded; entered-in-error ones left out), oldest first: for the engine.
    static func historyInForce(_ db: Database, client: Int64) throws -> [MedicalHistoryEntry] {
        HistoryRules.inForce(try historyEntries(db, client: client))
    }

    private static func historyEntries(_ db: Database, client: Int64) throws -> [MedicalHistoryEntry] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT id, itemId, status, since, resolvedOn, source, note, supersedesId, recordedBy, recordedAt
                FROM clientHistoryEntry WHERE clientId = ? ORDER BY id
                """,
            arguments: [client]
        ).compactMap { row in
            guard let status = MedicalHistoryEntry.Status(rawValue: row[2]), let source = MedicalHistoryEntry.Source(rawValue: row[5])
            else { return nil }
            return MedicalHistoryEntry(
                id: row[0], item: HistoryItemID(rawValue: row[1]), status: status, since: row[3], resolvedOn: row[4], source: source,
                note: row[6], supersedes: row[7], recordedBy: row[8], recordedAt: row[9]
            )
        }
    }

    /// An entry that no later entry supersedes, with its client; `client`, when given, must be its client.
    private static func entryInForce(_ id: Int64, client: Int64?, _ db: Database) throws -> (entry: MedicalHistoryEntry, client: Int64) {
        guard let owner = try Int64.fetchOne(db, sql: "SELECT clientId FROM clientHistoryEntry WHERE id = ?", arguments: [id]) else {
            throw HistoryRules.unknownEntry(id)
        }
        return (try HistoryRules.entryInForce(id, owner: owner, client: client, entries: try historyEntries(db, client: owner)), owner)
    }

    private static func insertHistoryEntry(
        _ db: Database, client: Int64, item: HistoryItemID, status: MedicalHistoryEntry.Status, since: String?, resolvedOn: String?,
        source: MedicalHistoryEntry.Source, note: String?, supersedes: Int64?, actor: String, at date: Date
    ) throws -> Int64 {
        let note = HistoryRules.note(note)
        try db.execute(
            sql: """
                INSERT INTO clientHistoryEntry (clientId, itemId, status, since, resolvedOn, source, note, supersedesId, recordedBy, recordedAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [client, item.rawValue, status.rawValue, since, resolvedOn, source.rawValue, note, supersedes, actor, date]
        )
        return db.lastInsertedRowID
    }
}
