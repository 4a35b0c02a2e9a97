import CatalogueCore
import CatalogueStore
import Foundation
import Testing
import StoreInterface

/// Suppliers and import runs through the store's named methods only: what any backend must do.
@Suite("Suppliers and import runs through the store's interface")
struct SupplierAndRunStoreTests {
    @Test("a supplier is added once, changed in one step with its time stamp, and an error in the change keeps it as it was")
    func suppliers() throws {
        let database = try CatalogueDatabase.inMemory()
        let hostile = "Naturalis \u{202E}gnp.exe 'quote\" 👩🏽‍⚕️ Z̸̢͔a̵l̷g̶o"
        let created = Date().addingTimeInterval(-86_400)
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

        // Validators are kept for the source they came from only.
        _ = try database.updateSupplier(id: "naturalis", actor: "test") { $0.source = "https://feeds.example/naturalis.xml" }
        try database.storeFeedValidators(
            supplier: "naturalis", source: "https://feeds.example/other.xml", etag: "\"v1\"", lastModified: "Mon, 30 Nov 2026 10:00:00 GMT"
        )
        #expect(try database.supplier(id: "naturalis")?.etag == nil)
        try database.storeFeedValidators(
            supplier: "naturalis", source: "https://feeds.example/naturalis.xml", etag: "\"v2\"", lastModified: "Tue, 01 Dec 2026 10:00:00 GMT"
        )
        let stored = try #require(try database.supplier(id: "naturalis"))
        #expect(stored.etag == "\"v2\"" && stored.lastModified == "Tue, 01 Dec 2026 10:00:00 GMT")
        #expect(stored.currency == "EUR" && stored.name == hostile && stored.format == "google-merchant")
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

    @Test("an import transaction commits what its body wrote, a rollback or an error in the body leaves nothing")
    func importTransaction() throws {
        let database = try CatalogueDatabase.inMemory()
        _ = try database.addSupplier(SupplierRecord(id: "acme", name: "Acme", format: "google-merchant"), actor: "test")
        let taxonomy = try Taxonomy(
            ingredients: [], allergens: [], foodAllergenClasses: [], crossReactivityGroups: [], properties: [], conditions: []
        )
        func add(_ sku: String, _ writer: any ImportWriter) throws {
            _ = try writer.insert(
                supplier: "acme", sku: sku, data: ProductData(name: "Jojoba \(sku)"), contentHash: "h-\(sku)",
                formulation: NewFormulation(
                    text: "Simmondsia Chinensis Seed Oil", ingredientHash: "i",
                    resolution: StoredResolution(ResolvedFormulation(entries: []), taxonomy: taxonomy), runId: nil
                )
            )
        }
        try database.withImportTransaction(now: Date()) { writer in
            try add("A", writer)
            return .commit
        }
        try database.withImportTransaction(now: Date()) { writer in
            try add("B", writer)
            return .rollback
        }
        struct Refused: Error {}
        #expect(throws: Refused.self) {
            try database.withImportTransaction(now: Date()) { writer in
                try add("C", writer)
                throw Refused()
            }
        }
        #expect(try database.activeProductCount(supplier: "acme") == 1)
    }

    @Test("the server's look-ups find a line's client, and the list generation moves with an audited change only")
    func serverLookUps() throws {
        let database = try CatalogueDatabase.inMemory()
        let client = try database.addClient(name: "Ada", conditions: [], note: nil, actor: "test")
        let allergy = try database.addAllergy(
            client: client, target: .ingredient("lavender-oil"), enteredName: "lavender oil", source: .dermatologist,
            note: nil, actor: "test"
        )
        let entry = try database.addHistoryEntry(
            client: client, item: HistoryItemID(rawValue: "pregnant"), since: nil, source: .clientReported, note: nil,
            actor: "test"
        )
        #expect(try database.client(ofAllergy: allergy) == client)
        #expect(try database.client(ofAllergy: allergy + 1_000) == nil)
        #expect(try database.client(ofHistoryEntry: entry) == client)
        #expect(try database.client(ofHistoryEntry: entry + 1_000) == nil)

        let before = try database.listGeneration()
        #expect(try database.listGeneration() == before)
        _ = try database.supplier(id: "none")
        #expect(try database.listGeneration() == before)
        try database.retractAllergy(allergy, reason: "entered for the wrong client", actor: "test")
        #expect(try database.listGeneration() != before)
    }
}
