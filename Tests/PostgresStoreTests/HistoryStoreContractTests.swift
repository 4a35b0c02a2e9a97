import CatalogueCore
import Foundation
import StoreInterface
import Testing

/// Medical history and intake reviews behave the same on every backend.
@Suite("History store contract")
struct HistoryStoreContractTests {
    @Test("entries are added, corrected, resolved and withdrawn by new entries only, with every refusal the same", arguments: Backend.available)
    func history(backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let now = Date()
            let client = try await store.addClient(name: "Ines", conditions: [], note: nil, actor: "test", sameName: false, at: now)
            let other = try await store.addClient(name: "Rui", conditions: [], note: nil, actor: "test", sameName: false, at: now)
            let diabetes = HistoryItemID(rawValue: "diabetes")
            let first = try await store.addHistoryEntry(
                client: client, item: diabetes, since: " 2020-01-01 ", source: .clientReported, note: "type 2\u{0}\u{202E}", corrects: nil,
                actor: "test", at: now
            )
            let pregnancy = try await store.addHistoryEntry(
                client: client, item: HistoryItemID(rawValue: "pregnancy"), since: nil, source: .therapistObserved, note: "  ", corrects: nil,
                actor: "test", at: now
            )
            let correction = try await store.addHistoryEntry(
                client: client, item: diabetes, since: "2019-06-30", source: .gpLetter, note: nil, corrects: first, actor: "test", at: now
            )
            #expect(try await store.client(ofHistoryEntry: correction) == client)
            #expect(try await store.client(ofHistoryEntry: 999_999) == nil)

            #expect(await refusalCode { _ = try await store.addHistoryEntry(client: client, item: diabetes, since: nil, source: .gpLetter, note: nil, corrects: first, actor: "test", at: now) } == "CLINIC-HISTORY-SUPERSEDED")
            #expect(await refusalCode { _ = try await store.addHistoryEntry(client: other, item: diabetes, since: nil, source: .gpLetter, note: nil, corrects: correction, actor: "test", at: now) } == "CLINIC-HISTORY-CLIENT")
            #expect(await refusalCode { _ = try await store.addHistoryEntry(client: 999_999, item: diabetes, since: nil, source: .gpLetter, note: nil, corrects: nil, actor: "test", at: now) } == "CLINIC-UNKNOWN-CLIENT")
            #expect(await refusalCode { _ = try await store.addHistoryEntry(client: client, item: diabetes, since: "2999-01-01", source: .gpLetter, note: nil, corrects: nil, actor: "test", at: now) } == "CLINIC-HISTORY-DAY")
            #expect(await refusalCode { _ = try await store.resolveHistoryEntry(pregnancy, on: "2026-02-30", note: nil, actor: "test", at: now) } == "CLINIC-HISTORY-DAY")
            #expect(await refusalCode { _ = try await store.resolveHistoryEntry(999_999, on: nil, note: nil, actor: "test", at: now) } == "CLINIC-UNKNOWN-HISTORY-ENTRY")

            let resolved = try await store.resolveHistoryEntry(pregnancy, on: "2021-03-04", note: nil, actor: "test", at: now)
            #expect(await refusalCode { _ = try await store.resolveHistoryEntry(resolved, on: nil, note: nil, actor: "test", at: now) } == "CLINIC-HISTORY-NOT-CURRENT")
            #expect(await refusalCode { _ = try await store.withdrawHistoryEntry(correction, reason: "typo", actor: "test", at: now) } == "CLINIC-HISTORY-WITHDRAW-REPLACEMENT")

            let medication = try await store.addHistoryEntry(
                client: client, item: HistoryItemID(rawValue: "anticoagulants"), since: nil, source: .prescription, note: nil, corrects: nil,
                actor: "test", at: now
            )
            #expect(await refusalCode { _ = try await store.withdrawHistoryEntry(medication, reason: " \u{200B}.", actor: "test", at: now) } == "CLINIC-HISTORY-REASON")
            let withdrawal = try await store.withdrawHistoryEntry(medication, reason: "wrong client's letter", actor: "test", at: now)
            #expect(await refusalCode { _ = try await store.withdrawHistoryEntry(medication, reason: "again", actor: "test", at: now) } == "CLINIC-HISTORY-WITHDRAWN")
            #expect(await refusalCode { _ = try await store.withdrawHistoryEntry(withdrawal, reason: "again", actor: "test", at: now) } == "CLINIC-HISTORY-WITHDRAWN")

            let listings = try await store.historyListings(client: client)
            #expect(listings.map(\.entry.id) == [first, pregnancy, correction, resolved, medication, withdrawal])
            #expect(listings.map(\.supersededBy) == [correction, resolved, nil, nil, withdrawal, nil])
            #expect(listings.map(\.entry.status) == [.current, .current, .current, .resolved, .current, .enteredInError])
            #expect(listings[0].entry.note == "type 2" && listings[0].entry.since == "2020-01-01" && listings[1].entry.note == nil)
            #expect(listings[3].entry.resolvedOn == "2021-03-04" && listings[3].entry.supersedes == pregnancy)
            #expect(listings[5].entry.note == "wrong client's letter")
            #expect(abs(listings[0].entry.recordedAt.timeIntervalSince(now)) < 0.01 && listings[0].entry.recordedBy == "test")
            #expect(try await store.historyListings(client: other).isEmpty)
            #expect(await refusalCode { _ = try await store.historyListings(client: 999_999) } == "CLINIC-UNKNOWN-CLIENT")
        }
    }

    @Test("intake reviews: the latest is the one shown; an empty note is none", arguments: Backend.available)
    func reviews(backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let now = Date()
            let client = try await store.addClient(name: "Ines", conditions: [], note: nil, actor: "test", sameName: false, at: now)
            #expect(try await store.lastIntakeReview(client: client) == nil)
            _ = try await store.recordIntakeReview(client: client, note: "first", actor: "ana", at: now - 60)
            let latest = try await store.recordIntakeReview(client: client, note: " \u{0}\n ", actor: "rui", at: now)
            let review = try #require(try await store.lastIntakeReview(client: client))
            #expect(review.id == latest && review.reviewedBy == "rui" && review.note == nil && abs(review.reviewedAt.timeIntervalSince(now)) < 0.01)
            #expect(await refusalCode { _ = try await store.recordIntakeReview(client: 999_999, note: nil, actor: "x", at: now) } == "CLINIC-UNKNOWN-CLIENT")
        }
    }

    @Test("eight corrections of one entry at once: one is recorded, the others are refused as superseded", arguments: Backend.available)
    func parallelCorrections(backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let client = try await store.addClient(name: "Ines", conditions: [], note: nil, actor: "test", sameName: false, at: Date())
            let entry = try await store.addHistoryEntry(
                client: client, item: HistoryItemID(rawValue: "diabetes"), since: nil, source: .clientReported, note: nil, corrects: nil,
                actor: "test", at: Date()
            )
            let results = await atOnce(8) { _ in
                _ = try await store.addHistoryEntry(
                    client: client, item: HistoryItemID(rawValue: "diabetes"), since: nil, source: .gpLetter, note: nil, corrects: entry,
                    actor: "test", at: Date()
                )
            }
            #expect(results.filter { $0 == "done" }.count == 1)
            #expect(results.filter { $0 == "CLINIC-HISTORY-SUPERSEDED" }.count == 7)
            #expect(try await store.historyListings(client: client).filter(\.inForce).count == 1)
        }
    }
}
