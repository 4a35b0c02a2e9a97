import CatalogueStore
import Foundation
import OilCatalogue
import Testing

/// A run hashes its feed while it parses: the hash must still decide "unchanged", name the archive, and be recorded,
/// whatever the run's outcome.
@Suite("Feed hashes and archives")
struct FeedIdentityTests {
    @Test("a feed of the same size with one digit changed is applied, not taken as unchanged")
    func sameSizeChanged() async throws {
        let (harness, _) = try await ImportHarness.withThreeProducts()
        let changed = GoogleFeed.numbered(3, price: "11.00 GBP")
        #expect(changed.utf8.count == GoogleFeed.numbered(3).utf8.count)
        let report = try await harness.importFeed(changed)
        #expect(report.status == "succeeded")
        #expect(report.counts.changed == 3)
        let again = try await harness.importFeed(changed)
        #expect(again.status == "unchanged")
    }

    @Test("every run records its feed's SHA-256: applied, unchanged, dry run and failed")
    func hashRecorded() async throws {
        let (harness, _) = try await ImportHarness.withThreeProducts()
        let feed = GoogleFeed.numbered(3)
        let expected = Hashing.sha256(feed)
        _ = try await harness.importFeed(feed)
        _ = try await harness.importFeed(feed, dryRun: true)
        _ = try? await harness.importFeed("<rss><channel><item>")
        let runs = try harness.runs()
        #expect(runs.map(\.status) == [.succeeded, .unchanged, .dryRun, .failed])
        #expect(runs.prefix(3).allSatisfy { $0.feedSHA256 == expected })
        #expect(runs.last?.feedSHA256 == Hashing.sha256("<rss><channel><item>"))
        #expect(runs.allSatisfy { $0.report?.contains($0.feedSHA256 ?? "-") == true })
    }

    @Test("a failed run's feed is archived too, for a look at what the supplier sent")
    func failedRunArchived() async throws {
        let (harness, before) = try await ImportHarness.withThreeProducts()
        let broken = GoogleFeed.numbered(2) + "<item>"
        let error = await #expect(throws: ImportError.self) { try await harness.importFeed(broken) }
        let path = try #require(error?.report?.archivePath)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == broken)
        #expect(try harness.catalogueSnapshot() == before)
    }

    @Test("a run that cannot archive its feed changes nothing")
    func archiveFailureRollsBack() async throws {
        let (harness, before) = try await ImportHarness.withThreeProducts()
        let feeds = harness.folder.appending(path: "feeds")
        try FileManager.default.removeItem(at: feeds)
        try Data("not a folder".utf8).write(to: feeds)
        let error = await #expect(throws: ImportError.self) { try await harness.importFeed(GoogleFeed.numbered(4)) }
        #expect(error?.code == "IMPORT-ARCHIVE")
        #expect(try harness.catalogueSnapshot() == before)
        #expect(try harness.runs().last?.status == .failed)
    }
}
