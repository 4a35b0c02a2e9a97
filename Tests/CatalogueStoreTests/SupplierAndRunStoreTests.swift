import CatalogueStore
import Foundation
import Testing

/// Suppliers and import runs through the store's named methods only: what any backend must do.
@Suite("Suppliers and import runs through the store's interface")
struct SupplierAndRunStoreTests {
    @Test("a supplier is added once, changed in one step with its time stamp, and an error in the change keeps it as it was")
    func suppliers() throws {
        let database = try CatalogueDatabase.inMemory()
        let hostile = "Naturalis \u{202E}gnp.exe 'quote\" 👩🏽‍⚕️ Z̸̢͔a̵l̷g̶o"
        let created = Date(timeIntervalSince1970: 1_790_000_000)
        let supplier = SupplierRecord(id: "naturalis", name: hostile, format: "google-merchant", at: created)
        #expect(try database.addSupplier(supplier, actor: "test"))
        #expect(try !database.addSupplier(SupplierRecord(id: "naturalis", name: "Other", format: "bmecat"), actor: "test"))
        #expect(try database.supplier(id: "naturalis")?.name == hostile)

        let updated = try #require(try database.updateSupplier(id: "naturalis", actor: "test") { $0.currency = "EUR" })
        #expect(updated.currency == "EUR" && updated.name == hostile && updated.updatedAt > created)

        struct Refused: Error {}
        #expect(throws: Refused.self) {
            _ = try database.updateSupplier(id: "naturalis", actor: "test") { supplier in
                supplier.format = "bmecat"
                throw Refused()
            }
        }
        #expect(try database.supplier(id: "naturalis")?.format == "google-merchant")
        #expect(try database.updateSupplier(id: "missing", actor: "test") { $0.name = "x" } == nil)

        try database.storeFeedValidators(supplier: "naturalis", etag: "\"v2\"", lastModified: "Tue, 01 Dec 2026 10:00:00 GMT")
        let stored = try #require(try database.supplier(id: "naturalis"))
        #expect(stored.etag == "\"v2\"" && stored.currency == "EUR")
        #expect(try database.suppliers().map(\.id) == ["naturalis"])
    }

    @Test("runs begin with an id, finish with their outcome, and are listed newest first, by supplier and by failure")
    func runs() throws {
        let database = try CatalogueDatabase.inMemory()
        for id in ["acme", "naturalis"] {
            _ = try database.addSupplier(SupplierRecord(id: id, name: id, format: "google-merchant"), actor: "test")
        }
        var ids: [Int64] = []
        for (supplier, status) in [("acme", ImportRunRecord.Status.succeeded), ("naturalis", .failed), ("acme", .unchanged), ("acme", .failed)] {
            var run = ImportRunRecord(supplierId: supplier, source: "feed.xml", format: "google-merchant", dryRun: false)
            if status != .failed || supplier == "acme" { try database.beginImportRun(&run) }
            run.status = status
            run.finishedAt = Date()
            try database.finishImportRun(&run, auditDetail: nil)
            ids.append(try #require(run.id))
        }
        #expect(try database.importRuns().map(\.id) == ids.reversed())
        #expect(try database.importRuns(supplier: "acme").map(\.status) == [.failed, .unchanged, .succeeded])
        #expect(try database.importRuns(failedOnly: true, limit: 1).map(\.id) == [ids[3]])
        #expect(try database.importRun(id: ids[1])?.supplierId == "naturalis")
        #expect(try database.importRun(id: 999) == nil)
        #expect(try database.lastAppliedImportRun(supplier: "acme")?.id == ids[2])
        #expect(try database.lastAppliedImportRun(supplier: "naturalis") == nil)
        #expect(try database.activeProductCount(supplier: "acme") == 0)
    }
}
