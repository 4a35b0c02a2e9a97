@_spi(SQLite) import CatalogueStore
import Foundation
@testable import PostgresStore
import StoreInterface
import Testing

/// Suppliers, import runs and the import lock behave the same on every backend.
@Suite("Supplier and import run store contract")
struct SupplierStoreContractTests {
    @Test("suppliers are added once, changed under their audit line, listed by id with their products and last run", arguments: Backend.available)
    func suppliers(backend: Backend) async throws {
        try await backend.withStore { store async throws in
            let hostile = "Zoë's \u{202E}txt.exe'); DROP TABLE supplier;--"
            #expect(try await store.addSupplier(SupplierRecord(id: "naturalis", name: hostile, format: "google-merchant", source: "/feeds/n.xml"), actor: "ana"))
            #expect(try await !store.addSupplier(SupplierRecord(id: "naturalis", name: "again", format: "bmecat"), actor: "ana"))
            #expect(try await store.addSupplier(SupplierRecord(id: "Aroma", name: "Aroma", format: "shopify", currency: "EUR"), actor: "ana"))
            #expect(try await store.supplier(id: "naturalis")?.name == hostile)
            #expect(try await store.supplier(id: "NATURALIS") == nil)
            #expect(try await store.suppliers().map(\.id) == ["Aroma", "naturalis"])

            let changed = try await store.updateSupplier(id: "naturalis", actor: "ben") { $0.source = "https://example.com/feed.xml"; $0.id = "ignored" }
            #expect(changed?.id == "naturalis" && changed?.source == "https://example.com/feed.xml")
            #expect(try await store.updateSupplier(id: "nobody", actor: "ben") { $0.name = "x" } == nil)
            struct Refused: Error {}
            await #expect(throws: Refused.self) { _ = try await store.updateSupplier(id: "naturalis", actor: "ben") { _ in throw Refused() } }

            // Validators are kept only for the supplier's current source.
            try await store.storeFeedValidators(supplier: "naturalis", source: "/feeds/n.xml", etag: "\"old\"", lastModified: nil)
            #expect(try await store.supplier(id: "naturalis")?.etag == nil)
            try await store.storeFeedValidators(supplier: "naturalis", source: "https://example.com/feed.xml", etag: "\"v1\"", lastModified: "Tue, 01 Dec 2026 10:00:00 GMT")
            let stored = try await store.supplier(id: "naturalis")
            #expect(stored?.etag == "\"v1\"" && stored?.lastModified == "Tue, 01 Dec 2026 10:00:00 GMT")

            try await backend.addProduct(to: store, supplier: "naturalis", sku: "JOJ-1", name: "Jojoba")
            try await backend.addProduct(to: store, supplier: "naturalis", sku: "LAV-1", name: "Lavender")
            #expect(try await store.activeProductCount(supplier: "naturalis") == 2)
            #expect(try await store.activeProductCount(supplier: "Aroma") == 0)
            var run = ImportRunRecord(supplierId: "naturalis", source: "/feeds/n.xml", format: "google-merchant", dryRun: false)
            try await store.beginImportRun(&run)
            let overviews = try await store.supplierOverviews()
            #expect(overviews.map(\.supplier.id) == ["Aroma", "naturalis"])
            #expect(overviews.map(\.activeProducts) == [0, 2])
            #expect(overviews[0].lastRun == nil && overviews[1].lastRun?.id == run.id)

            let lines = try await backend.auditLines(of: store).map(\.description)
            #expect(lines == ["ana supplier.add supplier:naturalis ", "ana supplier.add supplier:Aroma ", "ben supplier.update supplier:naturalis "])

            let outcomes = await atOnce(6) { _ in
                guard try await store.addSupplier(SupplierRecord(id: "raced", name: "Raced", format: "bmecat"), actor: "t") else {
                    throw ClinicStoreError(code: "SUPPLIER-EXISTS", message: "exists")
                }
            }
            #expect(outcomes.sorted() == ["SUPPLIER-EXISTS", "SUPPLIER-EXISTS", "SUPPLIER-EXISTS", "SUPPLIER-EXISTS", "SUPPLIER-EXISTS", "done"])
        }
    }

    @Test("runs are stored as they start and as they end, with their audit line; listed newest first and filtered", arguments: Backend.available)
    func runs(backend: Backend) async throws {
        try await backend.withStore { store async throws in
            _ = try await store.addSupplier(SupplierRecord(id: "naturalis", name: "Naturalis", format: "google-merchant"), actor: "t")
            _ = try await store.addSupplier(SupplierRecord(id: "aroma", name: "Aroma", format: "shopify"), actor: "t")
            let start = Date(timeIntervalSince1970: 1_800_000_000)
            var first = ImportRunRecord(supplierId: "naturalis", source: "/feeds/n.xml", format: "google-merchant", dryRun: false, startedAt: start)
            try await store.beginImportRun(&first)
            #expect(first.id != nil)
            let firstID = try #require(first.id)
            #expect(try await store.importRun(id: firstID)?.status == .running)
            first.status = .succeeded
            first.added = 2
            first.recordsRead = 3
            first.rejected = 1
            first.bytes = 1_234
            first.feedSHA256 = "abc"
            first.fingerprint = "fp"
            first.report = #"{"status":"succeeded","note":"Zoë \u{202E}"}"#
            first.finishedAt = start + 5
            try await store.finishImportRun(&first, auditDetail: "added 2")
            #expect(try await store.importRun(id: firstID) == first)

            var failed = ImportRunRecord(supplierId: "naturalis", source: "https://example.com/x", format: nil, dryRun: false, startedAt: start + 10)
            failed.status = .failed
            failed.error = "IMPORT-FEED-UNREADABLE: cannot read"
            failed.finishedAt = start + 11
            try await store.finishImportRun(&failed, auditDetail: nil)
            #expect(failed.id != nil && failed.id != first.id)

            var other = ImportRunRecord(supplierId: "aroma", source: "/feeds/a.json", format: "shopify", dryRun: true, startedAt: start + 20)
            try await store.beginImportRun(&other)
            other.status = .dryRun
            try await store.finishImportRun(&other, auditDetail: nil)

            #expect(try await store.importRuns().map(\.id) == [other.id, failed.id, first.id])
            #expect(try await store.importRuns(supplier: "naturalis", failedOnly: false, limit: 0).map(\.id) == [failed.id, first.id])
            #expect(try await store.importRuns(supplier: nil, failedOnly: true, limit: 0).map(\.id) == [failed.id])
            #expect(try await store.importRuns(supplier: nil, failedOnly: false, limit: 1).map(\.id) == [other.id])
            #expect(try await store.importRuns(supplier: "' OR 1=1 --", failedOnly: false, limit: 0).isEmpty)
            #expect(try await store.lastAppliedImportRun(supplier: "naturalis")?.id == first.id)
            #expect(try await store.lastAppliedImportRun(supplier: "aroma") == nil)
            #expect(try await store.importRun(id: 999) == nil)
            let lines = try await backend.auditLines(of: store).map(\.description).suffix(3)
            #expect(Array(lines) == [
                "importer import.succeeded importRun:\(first.id!) added 2", "importer import.failed importRun:\(failed.id!) ",
                "importer import.dry-run importRun:\(other.id!) ",
            ])
        }
    }

    @Test("one run per supplier at a time: a second is told who holds it; a lock left by a holder that is gone is taken over", arguments: Backend.available)
    func importLock(backend: Backend) async throws {
        try await backend.withStore { store async throws in
            _ = try await store.addSupplier(SupplierRecord(id: "naturalis", name: "Naturalis", format: "google-merchant"), actor: "t")
            _ = try await store.addSupplier(SupplierRecord(id: "aroma", name: "Aroma", format: "shopify"), actor: "t")
            var first = ImportRunRecord(supplierId: "naturalis", source: "a", format: nil, dryRun: false)
            var second = ImportRunRecord(supplierId: "naturalis", source: "b", format: nil, dryRun: false)
            try await store.beginImportRun(&first)
            try await store.beginImportRun(&second)
            try await store.acquireImportLock(supplier: "naturalis", runId: try #require(first.id))
            let refused = await #expect(throws: ImportLockedError.self) {
                try await store.acquireImportLock(supplier: "naturalis", runId: try #require(second.id))
            }
            #expect(refused?.lock.runId == first.id && refused?.lock.holder == ImportLock.currentHolder)
            // Another supplier is not held up.
            try await store.acquireImportLock(supplier: "aroma", runId: try #require(second.id))
            try await store.releaseImportLock(supplier: "aroma", runId: try #require(second.id))
            // Released by another run's id: still held.
            try await store.releaseImportLock(supplier: "naturalis", runId: try #require(second.id))
            await #expect(throws: ImportLockedError.self) { try await store.acquireImportLock(supplier: "naturalis", runId: try #require(second.id)) }
            try await store.releaseImportLock(supplier: "naturalis", runId: try #require(first.id))
            try await store.acquireImportLock(supplier: "naturalis", runId: try #require(second.id))
            try await store.releaseImportLock(supplier: "naturalis", runId: try #require(second.id))

            // A process on this host that is gone left its row behind: the lock is taken over and its run failed.
            var orphan = ImportRunRecord(supplierId: "naturalis", source: "c", format: nil, dryRun: false)
            try await store.beginImportRun(&orphan)
            let gone = "\(ProcessInfo.processInfo.hostName):\(Int32.max - 7)"
            try await backend.leaveImportLock(in: store, supplier: "naturalis", runId: try #require(orphan.id), holder: gone)
            var third = ImportRunRecord(supplierId: "naturalis", source: "d", format: nil, dryRun: false)
            try await store.beginImportRun(&third)
            try await store.acquireImportLock(supplier: "naturalis", runId: try #require(third.id))
            let orphanID = try #require(orphan.id)
            let failed = try #require(try await store.importRun(id: orphanID))
            #expect(failed.status == .failed && failed.error == ImportRunRules.takenOver(holder: gone) && failed.finishedAt != nil)
            try await store.releaseImportLock(supplier: "naturalis", runId: try #require(third.id))
        }
    }

    @Test(
        "PostgreSQL: a server that dies holding the lock frees it with its connection; runs racing for one supplier get it one at a time",
        .enabled(if: PostgresTestDatabase.isAvailable, "set OILCAT_TEST_POSTGRES_URL (scripts/test-postgres.sh)")
    )
    func postgresLockAcrossServers() async throws {
        try await PostgresTestDatabase.withSchema { database in
            let first = try await PostgresCatalogue.open(database.location, schema: database.schema, logger: PostgresTestDatabase.logger)
            let second = try await PostgresCatalogue.open(database.location, schema: database.schema, logger: PostgresTestDatabase.logger)
            _ = try await first.addSupplier(SupplierRecord(id: "naturalis", name: "Naturalis", format: "google-merchant"), actor: "t")
            var runs: [ImportRunRecord] = []
            for index in 0..<6 {
                var run = ImportRunRecord(supplierId: "naturalis", source: "\(index)", format: nil, dryRun: false)
                try await first.beginImportRun(&run)
                runs.append(run)
            }
            let ids = runs.compactMap(\.id)
            // Six runs on two servers at once: exactly one holds the lock.
            let outcomes = await withTaskGroup(of: (Int, Bool).self) { group in
                for index in 0..<6 {
                    group.addTask {
                        do {
                            try await (index.isMultiple(of: 2) ? first : second).acquireImportLock(supplier: "naturalis", runId: ids[index])
                            return (index, true)
                        } catch {
                            return (index, false)
                        }
                    }
                }
                return await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
            }
            #expect(outcomes.values.filter { $0 }.count == 1, "\(outcomes)")
            let holder = try #require(outcomes.first { $0.value }?.key)
            let holding = holder.isMultiple(of: 2) ? first : second
            let other = holder.isMultiple(of: 2) ? second : first
            let waiting = ids[(holder + 1) % 6]
            await #expect(throws: ImportLockedError.self) { try await other.acquireImportLock(supplier: "naturalis", runId: waiting) }
            // The holder's server dies without releasing (its lock's session ends on the server's side, as when the process
            // is killed): the lock goes with the session.
            let ended = try await other.rows(
                #"""
                SELECT pg_terminate_backend(l."pid") FROM pg_locks l
                WHERE l."locktype" = 'advisory' AND l."objsubid" = 1
                  AND ((l."classid"::bigint << 32) | l."objid"::bigint) = hashtextextended('oilcat-import:' || current_schema() || ':naturalis', 0)
                """#
            ) { try $0.decode(Bool.self) }
            #expect(ended == [true])
            var taken = false
            for _ in 0..<50 where !taken {
                do {
                    try await other.acquireImportLock(supplier: "naturalis", runId: waiting)
                    taken = true
                } catch is ImportLockedError {
                    try await Task.sleep(for: .milliseconds(100))
                }
            }
            #expect(taken)
            await holding.close()
            let orphan = try #require(try await other.importRun(id: ids[holder]))
            #expect(orphan.status == .failed && orphan.error?.contains("lock was taken over") == true)
            try await other.releaseImportLock(supplier: "naturalis", runId: waiting)
            await other.close()
        }
    }
}

extension Backend {
    /// Leaves an import lock row as a process that stopped would.
    func leaveImportLock(in store: any Store, supplier: String, runId: Int64, holder: String) async throws {
        switch self {
        case .sqlite:
            let database = try #require(store as? CatalogueDatabase)
            try database.write { db in
                try db.execute(
                    sql: "INSERT INTO importLock (supplierId, runId, holder, acquiredAt) VALUES (?, ?, ?, ?)", arguments: [supplier, runId, holder, Date()]
                )
            }
        case .postgres:
            let catalogue = try #require(store as? PostgresCatalogue)
            try await catalogue.execute(
                #"INSERT INTO "importLock" ("supplierId", "runId", "holder", "acquiredAt") VALUES (\#(supplier), \#(runId), \#(holder), \#(Date()))"#
            )
        }
    }
}
