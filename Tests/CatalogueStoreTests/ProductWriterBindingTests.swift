import CatalogueCore
@_spi(SQLite) @testable import CatalogueStore
import Foundation
import GRDB
import Testing
import StoreInterface

@Suite("The import's writer binds text exactly")
struct ProductWriterBindingTests {
    @Test("empty, very long and hostile text reads back byte for byte, row after row through the same statements")
    func textReadsBack() throws {
        let folder = try TemporaryFolder()
        let queue = try DatabaseQueue(path: folder.path("catalogue.sqlite"))
        try CatalogueDatabase.migrator.migrate(queue)
        let long = String(repeating: "Simmondsia Chinensis Seed Oil, ", count: 4_000)  // past the writer's 64 KB arena
        // (No NUL: the importer refuses control characters before anything is written.)
        let hostile = "<script>alert(1)</script> \u{202E}gnp.exe 'quote\" Z̸̢͔̈́a̵l̷g̶o 👩🏽‍⚕️ \u{FEFF} \u{10FFFF}"
        let names = ["", "Aqua", hostile, long, "x"]
        try queue.write { db in
            let now = "2026-12-01 05:00:00"
            try db.execute(
                sql: "INSERT INTO supplier (id, name, format, createdAt, updatedAt) VALUES ('acme', 'Acme', 'json', ?, ?)",
                arguments: [now, now]
            )
            let writer = ProductWriter(db, now: Date(timeIntervalSince1970: 1_796_000_000))
            let resolution = StoredResolution(
                json: #"{"e":[]}"#, ingredientIds: " ", allergenIds: " ", propertyIds: " ", unresolvedCount: 0,
                unresolvedNames: "", percents: " "
            )
            for (index, name) in names.enumerated() {
                var data = ProductData(name: name)
                data.description = index % 2 == 0 ? long : hostile
                data.brand = index == 0 ? "" : nil
                let id = try writer.insert(
                    supplier: "acme", sku: "sku-\(index)", data: data, contentHash: "hash-\(index)",
                    formulation: NewFormulation(text: index == 1 ? "" : long + hostile, ingredientHash: "i\(index)", resolution: resolution, runId: nil)
                )
                #expect(id != nil)
            }
            #expect(try writer.insert(
                supplier: "acme", sku: "sku-1", data: ProductData(name: "again"), contentHash: "h",
                formulation: NewFormulation(text: nil, ingredientHash: "i", resolution: resolution, runId: nil)
            ) == nil)
        }
        try queue.read { db in
            for (index, name) in names.enumerated() {
                let row = try #require(try Row.fetchOne(db, sql: """
                    SELECT p.name, p.description, p.brand, p.contentHash, f.ingredientText, f.ingredientHash
                    FROM product p JOIN formulation f ON f.id = p.currentFormulationId WHERE p.sku = ?
                    """, arguments: ["sku-\(index)"]))
                // Compared as booleans: a failure must not print 120 KB.
                let expected: [String?] = [
                    name, index % 2 == 0 ? long : hostile, index == 0 ? "" : nil, "hash-\(index)",
                    index == 1 ? "" : long + hostile, "i\(index)",
                ]
                for column in expected.indices {
                    let stored: String? = row[column]
                    let same = stored == expected[column]
                    #expect(same, "sku-\(index), column \(column): \(stored?.utf8.count ?? -1) bytes stored")
                }
            }
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM product") == names.count)
        }
    }
}
