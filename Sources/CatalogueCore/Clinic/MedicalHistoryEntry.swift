public import Foundation

/// One entry of a client's medical history: a history item with its date, source and status.
///
/// Entries are never edited or deleted. A change is a new entry that supersedes an older one: resolving an item
/// (status `resolved`), correcting it (the corrected facts, status `current`), or marking it entered in error.
/// The entries in force are those no later entry supersedes; only current ones feed the suitability engine.
public struct MedicalHistoryEntry: Sendable, Hashable, Identifiable, Codable {
    /// Whether the item applies.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case current
        case resolved
        case enteredInError = "entered-in-error"
    }

    /// Who says so.
    public enum Source: String, Sendable, Hashable, Codable, CaseIterable {
        case clientReported = "client-reported"
        case gpLetter = "gp-letter"
        case specialistLetter = "specialist-letter"
        case prescription
        case therapistObserved = "therapist-observed"
    }

    public var id: Int64
    public var item: HistoryItemID
    public var status: Status
    /// Since when ("2026-03-01"), as the client or the letter gives it.
    public var since: String?
    /// When it was resolved ("2026-11-02"), for a resolved entry.
    public var resolvedOn: String?
    public var source: Source
    public var note: String?
    /// The entry this one resolves, corrects or withdraws.
    public var supersedes: Int64?
    public var recordedBy: String
    public var recordedAt: Date

    public init(
        id: Int64, item: HistoryItemID, status: Status, since: String? = nil, resolvedOn: String? = nil, source: Source,
        note: String? = nil, supersedes: Int64? = nil, recordedBy: String, recordedAt: Date
    ) {
        self.id = id
        self.item = item
        self.status = status
        self.since = since
        self.resolvedOn = resolvedOn
        self.source = source
        self.note = note
        self.supersedes = supersedes
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }

    /// "pregnancy (client-reported, since 2026-05-01, entry 4)".
    public func described(_ taxonomy: Taxonomy) -> String {
        let name = taxonomy.historyItem(item)?.name.lowercased() ?? item.rawValue
        return "\(name) (\(source.rawValue)\(since.map { ", since \($0)" } ?? ""), history entry \(id))"
    }
}
