public import CatalogueCore
public import Foundation
import GRDB
import StoreInterface

/// One entry of a client's medical history as listed: the entry, and the later entry that superseded it, if any.
public struct MedicalHistoryListing: Sendable, Equatable {
    public var entry: MedicalHistoryEntry
    public var supersededBy: Int64?

    /// Whether the entry is in force (no later entry supersedes it).
    public var inForce: Bool { supersededBy == nil }
}

/// A therapist's review of a client's intake (medical history).
public struct IntakeReview: Sendable, Equatable {
    public var id: Int64
    public var reviewedBy: String
    public var reviewedAt: Date
    public var note: String?
}

extension CatalogueDatabase {
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
        let since = try Self.historyDay(since, field: "since", now: date)
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
                detail: Self.json([
                    "client": String(client), "item": item.rawValue, "source": source.rawValue, "since": since ?? "",
                    "corrects": corrects.map(String.init) ?? "",
                ]), at: date
            )
            return id
        }
    }

    /// Resolves a current entry: a new entry with the same item, status `resolved` and the day it ended, superseding
    /// it. Returns the new entry's id.
    public func resolveHistoryEntry(_ entry: Int64, on day: String?, note: String?, actor: String, at date: Date = Date()) throws -> Int64 {
        let resolvedOn = try Self.historyDay(day, field: "on", now: date) ?? Self.today(date)
        return try write { db in
            let old = try Self.entryInForce(entry, client: nil, db)
            guard old.entry.status == .current else {
                throw ClinicStoreError(
                    code: "CLINIC-HISTORY-NOT-CURRENT",
                    message: "history entry \(entry) is \(old.entry.status.rawValue), not current; only a current entry can be resolved"
                )
            }
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
        let reason = TextHygiene.multiLine(reason).trimmingWhitespace()
        guard !TextHygiene.isBlank(reason) else {
            throw ClinicStoreError(code: "CLINIC-HISTORY-REASON", message: "say why the entry is withdrawn (--reason)")
        }
        return try write { db in
            let old = try Self.entryInForce(entry, client: nil, db)
            // Withdrawing a resolution or a correction would leave the entry it replaced nowhere: the item would
            // vanish with its rules. Such a mistake is put right by a correction, which states what holds.
            if let replaced = old.entry.supersedes {
                throw ClinicStoreError(
                    code: "CLINIC-HISTORY-WITHDRAW-REPLACEMENT",
                    message: "history entry \(entry) replaces entry \(replaced) (a resolution or a correction), so it cannot be "
                        + "withdrawn; record what holds as a correction of it instead: 'oilcat client history add --client "
                        + "\(old.client) --item \(old.entry.item.rawValue) --corrects \(entry)' (the client page's Correct)"
                )
            }
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
            let entries = try Self.historyEntries(db, client: client)
            let supersededBy = Self.supersession(entries)
            return entries.map { MedicalHistoryListing(entry: $0, supersededBy: supersededBy[$0.id]) }
        }
    }

    /// Records that a therapist reviewed the client's intake; returns the review's id.
    public func recordIntakeReview(client: Int64, note: String?, actor: String, at date: Date = Date()) throws -> Int64 {
        let note = note.map { TextHygiene.multiLine($0).trimmingWhitespace() }.flatMap { $0.isEmpty ? nil : $0 }
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
        let entries = try historyEntries(db, client: client)
        let superseded = supersession(entries)
        return entries.filter { superseded[$0.id] == nil && $0.status != .enteredInError }
    }

    /// Which entry supersedes which (superseded id → the entry that supersedes it). A withdrawal (entered in error)
    /// supersedes the entry it withdraws; a withdrawn entry never happened, so what *it* superseded stands again:
    /// withdrawing a resolution or a correction recorded in error puts back the entry it replaced.
    static func supersession(_ entries: [MedicalHistoryEntry]) -> [Int64: Int64] {
        let withdrawn = Set(entries.filter { $0.status == .enteredInError }.compactMap(\.supersedes))
        var supersededBy: [Int64: Int64] = [:]
        for entry in entries {
            guard let old = entry.supersedes, entry.status == .enteredInError || !withdrawn.contains(entry.id) else { continue }
            supersededBy[old] = entry.id
        }
        return supersededBy
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
            throw ClinicStoreError(
                code: "CLINIC-UNKNOWN-HISTORY-ENTRY", message: "no history entry \(id); list them with 'oilcat client history list --client C'"
            )
        }
        if let client, owner != client {
            throw ClinicStoreError(code: "CLINIC-HISTORY-CLIENT", message: "history entry \(id) belongs to client \(owner), not to client \(client)")
        }
        let entries = try historyEntries(db, client: owner)
        guard let entry = entries.first(where: { $0.id == id }) else {
            throw ClinicStoreError(code: "CLINIC-UNKNOWN-HISTORY-ENTRY", message: "history entry \(id) cannot be read")
        }
        if entry.status == .enteredInError {
            throw ClinicStoreError(code: "CLINIC-HISTORY-WITHDRAWN", message: "history entry \(id) records a withdrawal; there is nothing to change")
        }
        if supersession(entries)[id] == nil, let replacement = entries.first(where: { $0.supersedes == id }) {
            // Recorded before withdrawals of replacements were refused: the replacement was withdrawn, so this entry
            // holds again, and the store keeps one successor per entry.
            throw ClinicStoreError(
                code: "CLINIC-HISTORY-SUPERSEDED",
                message: "history entry \(id) holds again since its replacement (entry \(replacement.id)) was withdrawn, and it cannot be "
                    + "replaced twice; record a new entry for the item instead"
            )
        }
        if let later = supersession(entries)[id], let laterEntry = entries.first(where: { $0.id == later }) {
            if laterEntry.status == .enteredInError {
                throw ClinicStoreError(
                    code: "CLINIC-HISTORY-WITHDRAWN",
                    message: "history entry \(id) was withdrawn by entry \(later) (recorded in error); there is nothing to change"
                )
            }
            throw ClinicStoreError(
                code: "CLINIC-HISTORY-SUPERSEDED",
                message: "history entry \(id) was superseded by entry \(later); correct or resolve the entry in force (\(later))"
            )
        }
        return (entry, owner)
    }

    private static func insertHistoryEntry(
        _ db: Database, client: Int64, item: HistoryItemID, status: MedicalHistoryEntry.Status, since: String?, resolvedOn: String?,
        source: MedicalHistoryEntry.Source, note: String?, supersedes: Int64?, actor: String, at date: Date
    ) throws -> Int64 {
        let note = note.map { TextHygiene.multiLine($0).trimmingWhitespace() }.flatMap { $0.isEmpty ? nil : $0 }
        try db.execute(
            sql: """
                INSERT INTO clientHistoryEntry (clientId, itemId, status, since, resolvedOn, source, note, supersedesId, recordedBy, recordedAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [client, item.rawValue, status.rawValue, since, resolvedOn, source.rawValue, note, supersedes, actor, date]
        )
        return db.lastInsertedRowID
    }

    /// A calendar day from input: canonical, and not after `now`'s UTC day.
    static func historyDay(_ text: String?, field: String, now: Date) throws -> String? {
        guard let text = text?.trimmingWhitespace(), !text.isEmpty else { return nil }
        guard let day = CalendarDay.canonical(text) else {
            throw ClinicStoreError(code: "CLINIC-HISTORY-DAY", message: "'\(text)' (\(field)) is not a date; write it as 2026-03-01")
        }
        guard day <= today(now) else {
            throw ClinicStoreError(code: "CLINIC-HISTORY-DAY", message: "'\(day)' (\(field)) is in the future; record what is known today")
        }
        return day
    }

    /// `date`'s UTC calendar day.
    static func today(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
