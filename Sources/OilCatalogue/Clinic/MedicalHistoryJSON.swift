public import CatalogueCore
public import StoreInterface
public import Foundation

/// One medical-history entry as `oilcat client history list --json`, `client show --json` and the web app show it.
public struct MedicalHistoryJSON: Encodable, Sendable, Equatable {
    public var id: Int64
    public var item: String
    public var item_name: String
    /// current, resolved or entered-in-error.
    public var status: String
    public var since: String?
    public var resolved_on: String?
    public var source: String
    public var note: String?
    /// The entry this one resolves, corrects or withdraws.
    public var supersedes: Int64?
    /// The later entry that replaced this one; `nil` while it is in force.
    public var superseded_by: Int64?
    public var in_force: Bool
    public var recorded_by: String
    public var recorded_at: Date

    public init(_ listing: MedicalHistoryListing, taxonomy: Taxonomy) {
        let entry = listing.entry
        id = entry.id
        item = entry.item.rawValue
        item_name = taxonomy.historyItem(entry.item)?.name ?? "\(entry.item.rawValue) (not in the reference data)"
        status = entry.status.rawValue
        since = entry.since
        resolved_on = entry.resolvedOn
        source = entry.source.rawValue
        note = entry.note
        supersedes = entry.supersedes
        superseded_by = listing.supersededBy
        in_force = listing.inForce
        recorded_by = entry.recordedBy
        recorded_at = entry.recordedAt
    }

    /// "#4 Pregnancy — current, since 2026-05-01 (client-reported)".
    public var line: String {
        var text = "#\(id) \(item_name) — \(status)"
        if let resolved_on { text += " on \(resolved_on)" }
        if let since { text += ", since \(since)" }
        text += " (\(source))"
        if let supersedes { text += status == "entered-in-error" ? ", withdraws #\(supersedes)" : ", replaces #\(supersedes)" }
        if let superseded_by { text += " — superseded by #\(superseded_by)" }
        if let note { text += " — \(note)" }
        return text
    }
}

/// A treatment note of one of the client's current history items, with its source: for the therapist only.
public struct TreatmentNoteJSON: Encodable, Sendable, Equatable {
    public var item: String
    public var item_name: String
    public var text: String
    public var source: String

    /// The notes of the client's current history items.
    public static func notes(for client: ClientProfile, taxonomy: Taxonomy) -> [TreatmentNoteJSON] {
        taxonomy.treatmentNotes(for: client).map {
            TreatmentNoteJSON(item: $0.item.id.rawValue, item_name: $0.item.name, text: $0.note.text, source: $0.note.source)
        }
    }
}

/// Whether a client's intake review is due: never reviewed, or reviewed longer ago than the clinic's period.
public struct IntakeReviewStatus: Encodable, Sendable, Equatable {
    /// The day of the last review ("2026-11-03"), if any.
    public var last_reviewed: String?
    public var reviewed_by: String?
    public var period_days: Int
    public var due: Bool

    public init(last: IntakeReview?, periodDays: Int, now: Date = Date()) {
        last_reviewed = last.map { Self.day($0.reviewedAt) }
        reviewed_by = last?.reviewedBy
        period_days = periodDays
        due = last.map { now.timeIntervalSince($0.reviewedAt) > Double(periodDays) * 86_400 } ?? true
    }

    /// `date`'s UTC calendar day ("2026-11-03").
    public static func day(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
