public import CatalogueCore
public import Foundation

/// Clients' medical history and intake reviews, shared by every server on one database: what intake, the client page
/// and `oilcat client history` need of a backend. Nothing is edited or deleted: a resolution, a correction or a
/// withdrawal is a new entry that supersedes the one in force, with its audit line in the same transaction. The rules
/// (which entry is in force, which change is allowed) are ``HistoryRules``, the same on every backend.
public protocol HistoryStore: Sendable {
    /// The client a history entry belongs to, or `nil` when there is no such entry.
    func client(ofHistoryEntry id: Int64) async throws -> Int64?

    /// Records a history item for a client, or a correction of the client's entry in force `corrects`; returns the new
    /// entry's id. `since` is a calendar day no later than today; the item is resolved by the caller.
    /// - Throws: ``ClinicStoreError`` `CLINIC-UNKNOWN-CLIENT`, `CLINIC-HISTORY-DAY`, or one of
    ///   ``HistoryRules/entryInForce(_:owner:client:entries:)``'s refusals.
    func addHistoryEntry(
        client: Int64, item: HistoryItemID, since: String?, source: MedicalHistoryEntry.Source, note: String?, corrects: Int64?,
        actor: String, at date: Date
    ) async throws -> Int64

    /// Resolves a current entry (on `day`, today when `nil`): a new, resolved entry supersedes it. Returns its id.
    /// - Throws: ``ClinicStoreError`` `CLINIC-HISTORY-NOT-CURRENT`, `CLINIC-HISTORY-DAY`, or a refusal of
    ///   ``HistoryRules/entryInForce(_:owner:client:entries:)``.
    func resolveHistoryEntry(_ entry: Int64, on day: String?, note: String?, actor: String, at date: Date) async throws -> Int64

    /// Withdraws an entry recorded in error: a new entry with status `entered-in-error` supersedes it. Returns its id.
    /// - Throws: ``ClinicStoreError`` `CLINIC-HISTORY-REASON`, `CLINIC-HISTORY-WITHDRAW-REPLACEMENT`, or a refusal of
    ///   ``HistoryRules/entryInForce(_:owner:client:entries:)``.
    func withdrawHistoryEntry(_ entry: Int64, reason: String, actor: String, at date: Date) async throws -> Int64

    /// Every history entry of a client, oldest first, each with the entry that superseded it.
    /// - Throws: ``ClinicStoreError`` `CLINIC-UNKNOWN-CLIENT`.
    func historyListings(client: Int64) async throws -> [MedicalHistoryListing]

    /// Records that a therapist reviewed the client's intake; returns the review's id.
    /// - Throws: ``ClinicStoreError`` `CLINIC-UNKNOWN-CLIENT`.
    func recordIntakeReview(client: Int64, note: String?, actor: String, at date: Date) async throws -> Int64

    /// The client's latest intake review, or `nil` when the intake was never reviewed.
    func lastIntakeReview(client: Int64) async throws -> IntakeReview?
}

/// One entry of a client's medical history as listed: the entry, and the later entry that superseded it, if any.
public struct MedicalHistoryListing: Sendable, Equatable {
    public var entry: MedicalHistoryEntry
    public var supersededBy: Int64?

    /// Whether the entry is in force (no later entry supersedes it).
    public var inForce: Bool { supersededBy == nil }

    public init(entry: MedicalHistoryEntry, supersededBy: Int64?) {
        self.entry = entry
        self.supersededBy = supersededBy
    }
}

/// A therapist's review of a client's intake (medical history).
public struct IntakeReview: Sendable, Equatable {
    public var id: Int64
    public var reviewedBy: String
    public var reviewedAt: Date
    public var note: String?

    public init(id: Int64, reviewedBy: String, reviewedAt: Date, note: String?) {
        self.id = id
        self.reviewedBy = reviewedBy
        self.reviewedAt = reviewedAt
        self.note = note
    }
}

/// The rules of the medical history every backend applies, over a client's entries read oldest first.
public enum HistoryRules {
    /// Which entry supersedes which (superseded id → the entry that supersedes it). A withdrawal (entered in error)
    /// supersedes the entry it withdraws; a withdrawn entry never happened, so what *it* superseded stands again:
    /// withdrawing a resolution or a correction recorded in error puts back the entry it replaced.
    public static func supersession(_ entries: [MedicalHistoryEntry]) -> [Int64: Int64] {
        let withdrawn = Set(entries.filter { $0.status == .enteredInError }.compactMap(\.supersedes))
        var supersededBy: [Int64: Int64] = [:]
        for entry in entries {
            guard let old = entry.supersedes, entry.status == .enteredInError || !withdrawn.contains(entry.id) else { continue }
            supersededBy[old] = entry.id
        }
        return supersededBy
    }

    /// The entries in force (not superseded; entered-in-error ones left out), oldest first: for the engine.
    public static func inForce(_ entries: [MedicalHistoryEntry]) -> [MedicalHistoryEntry] {
        let superseded = supersession(entries)
        return entries.filter { superseded[$0.id] == nil && $0.status != .enteredInError }
    }

    /// Every entry with the one that superseded it.
    public static func listings(_ entries: [MedicalHistoryEntry]) -> [MedicalHistoryListing] {
        let supersededBy = supersession(entries)
        return entries.map { MedicalHistoryListing(entry: $0, supersededBy: supersededBy[$0.id]) }
    }

    /// Entry `id` of client `owner` (whose entries are `entries`), if it may be replaced: in force, not a withdrawal;
    /// `client`, when given, must be its client.
    /// - Throws: ``ClinicStoreError`` `CLINIC-HISTORY-CLIENT`, `CLINIC-UNKNOWN-HISTORY-ENTRY`, `CLINIC-HISTORY-WITHDRAWN`,
    ///   `CLINIC-HISTORY-SUPERSEDED`.
    public static func entryInForce(_ id: Int64, owner: Int64, client: Int64?, entries: [MedicalHistoryEntry]) throws -> MedicalHistoryEntry {
        if let client, owner != client {
            throw ClinicStoreError(code: "CLINIC-HISTORY-CLIENT", message: "history entry \(id) belongs to client \(owner), not to client \(client)")
        }
        guard let entry = entries.first(where: { $0.id == id }) else {
            throw ClinicStoreError(code: "CLINIC-UNKNOWN-HISTORY-ENTRY", message: "history entry \(id) cannot be read")
        }
        if entry.status == .enteredInError {
            throw ClinicStoreError(code: "CLINIC-HISTORY-WITHDRAWN", message: "history entry \(id) records a withdrawal; there is nothing to change")
        }
        let supersededBy = supersession(entries)
        if supersededBy[id] == nil, let replacement = entries.first(where: { $0.supersedes == id }) {
            // Recorded before withdrawals of replacements were refused: the replacement was withdrawn, so this entry
            // holds again, and the store keeps one successor per entry.
            throw ClinicStoreError(
                code: "CLINIC-HISTORY-SUPERSEDED",
                message: "history entry \(id) holds again since its replacement (entry \(replacement.id)) was withdrawn, and it cannot be "
                    + "replaced twice; record a new entry for the item instead"
            )
        }
        if let later = supersededBy[id], let laterEntry = entries.first(where: { $0.id == later }) {
            if laterEntry.status == .enteredInError {
                throw ClinicStoreError(
                    code: "CLINIC-HISTORY-WITHDRAWN",
                    message: "history entry \(id) was withdrawn by entry \(later) (recorded in error); there is nothing to change"
                )
            }
            throw superseded(id, by: later)
        }
        return entry
    }

    /// The refusal of a change to an entry another entry already replaced: `later`, or one recorded meanwhile (by
    /// another server) when `nil`.
    public static func superseded(_ id: Int64, by later: Int64?) -> ClinicStoreError {
        guard let later else {
            return ClinicStoreError(
                code: "CLINIC-HISTORY-SUPERSEDED",
                message: "history entry \(id) was replaced meanwhile by another change; reload the history and change the entry in force"
            )
        }
        return ClinicStoreError(
            code: "CLINIC-HISTORY-SUPERSEDED",
            message: "history entry \(id) was superseded by entry \(later); correct or resolve the entry in force (\(later))"
        )
    }

    /// The refusal of an entry id the database does not hold.
    public static func unknownEntry(_ id: Int64) -> ClinicStoreError {
        ClinicStoreError(code: "CLINIC-UNKNOWN-HISTORY-ENTRY", message: "no history entry \(id); list them with 'oilcat client history list --client C'")
    }

    /// Refuses to resolve an entry that is not current.
    public static func requireCurrent(_ entry: MedicalHistoryEntry) throws {
        guard entry.status == .current else {
            throw ClinicStoreError(
                code: "CLINIC-HISTORY-NOT-CURRENT",
                message: "history entry \(entry.id) is \(entry.status.rawValue), not current; only a current entry can be resolved"
            )
        }
    }

    /// Refuses to withdraw a resolution or a correction: it would leave the entry it replaced nowhere, and the item
    /// would vanish with its rules. Such a mistake is put right by a correction, which states what holds.
    public static func requireWithdrawable(_ entry: MedicalHistoryEntry, client: Int64) throws {
        guard let replaced = entry.supersedes else { return }
        throw ClinicStoreError(
            code: "CLINIC-HISTORY-WITHDRAW-REPLACEMENT",
            message: "history entry \(entry.id) replaces entry \(replaced) (a resolution or a correction), so it cannot be "
                + "withdrawn; record what holds as a correction of it instead: 'oilcat client history add --client "
                + "\(client) --item \(entry.item.rawValue) --corrects \(entry.id)' (the client page's Correct)"
        )
    }

    /// A withdrawal's reason as stored.
    /// - Throws: ``ClinicStoreError`` `CLINIC-HISTORY-REASON` when it holds no letter or digit once cleaned.
    public static func withdrawalReason(_ typed: String) throws -> String {
        let reason = TextHygiene.multiLine(typed).trimmingWhitespace()
        guard !TextHygiene.isBlank(reason) else {
            throw ClinicStoreError(code: "CLINIC-HISTORY-REASON", message: "say why the entry is withdrawn (--reason)")
        }
        return reason
    }

    /// A note as stored: cleaned, `nil` when nothing is left.
    public static func note(_ typed: String?) -> String? {
        typed.map { TextHygiene.multiLine($0).trimmingWhitespace() }.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A calendar day from input: canonical, and not after `now`'s UTC day.
    /// - Throws: ``ClinicStoreError`` `CLINIC-HISTORY-DAY`.
    public static func day(_ text: String?, field: String, now: Date) throws -> String? {
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
    public static func today(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    /// The audit detail of an added or corrected entry.
    public static func addDetail(client: Int64, item: HistoryItemID, source: MedicalHistoryEntry.Source, since: String?, corrects: Int64?) -> String {
        AuditDetail.json([
            "client": String(client), "item": item.rawValue, "source": source.rawValue, "since": since ?? "",
            "corrects": corrects.map(String.init) ?? "",
        ])
    }
}
