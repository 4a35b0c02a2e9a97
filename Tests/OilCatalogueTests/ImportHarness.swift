import CatalogueCore
@_spi(SQLite) import CatalogueStore
import Foundation
import GRDB
import ImporterAPI
import OilCatalogue
import StoreInterface

/// A real database in a temporary folder, the repository's taxonomy, and helpers to import feeds given as text.
final class ImportHarness {
    let folder: URL
    let database: CatalogueDatabase
    var runner: ImportRunner

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appending(path: "Fixtures")
    static let samples = RepositoryCatalogue.folder.appending(path: "suppliers")

    init() throws {
        folder = FileManager.default.temporaryDirectory.appending(path: "oilcat-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        database = try CatalogueDatabase.open(at: folder.appending(path: "catalogue.sqlite").path)
        runner = ImportRunner(database: database, taxonomy: RepositoryCatalogue.taxonomy, taxonomyFingerprint: "test")
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// A harness whose Google Merchant supplier "acme" has three products, and the catalogue as it then is (to
    /// compare with after a run that must change nothing).
    static func withThreeProducts() async throws -> (ImportHarness, String) {
        let harness = try ImportHarness()
        try harness.addSupplier(format: "google-merchant")
        try await harness.importFeed(GoogleFeed.numbered(3))
        return (harness, try harness.catalogueSnapshot())
    }

    func addSupplier(
        _ id: String = "acme", format: String, mapping: FeedMapping? = nil, currency: String? = nil, source: String? = nil
    ) throws {
        let mappingJSON = try mapping.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        try database.write { db in
            try SupplierRecord(id: id, name: id, format: format, mapping: mappingJSON, source: source, currency: currency).insert(db)
        }
    }

    /// Writes `text` to a feed file and imports it.
    @discardableResult
    func importFeed(
        _ text: String, supplier: String = "acme", name: String = "feed.xml", dryRun: Bool = false, maxErrors: Int? = 0,
        maxRejectedPercent: Double? = nil, allowLargeRemoval: Bool = false
    ) async throws(ImportError) -> ImportReport {
        let file = folder.appending(path: "\(UUID().uuidString)-\(name)")
        do { try Data(text.utf8).write(to: file) } catch { fatalError("\(error)") }
        return try await importFile(
            file.path, supplier: supplier, dryRun: dryRun, maxErrors: maxErrors, maxRejectedPercent: maxRejectedPercent,
            allowLargeRemoval: allowLargeRemoval
        )
    }

    @discardableResult
    func importBytes(_ bytes: [UInt8], supplier: String = "acme", name: String = "feed.xml") async throws(ImportError) -> ImportReport {
        let file = folder.appending(path: "\(UUID().uuidString)-\(name)")
        do { try Data(bytes).write(to: file) } catch { fatalError("\(error)") }
        return try await importFile(file.path, supplier: supplier)
    }

    @discardableResult
    func importFile(
        _ path: String, supplier: String = "acme", dryRun: Bool = false, maxErrors: Int? = 0, maxRejectedPercent: Double? = nil,
        allowLargeRemoval: Bool = false
    ) async throws(ImportError) -> ImportReport {
        try await runner.run(
            ImportRequest(
                supplier: supplier, feed: path, dryRun: dryRun, maxErrors: maxErrors, maxRejectedPercent: maxRejectedPercent,
                allowLargeRemoval: allowLargeRemoval,
                archiveFolder: folder.appending(path: "feeds")
            )
        )
    }

    /// Every row of the catalogue tables, as text: two equal snapshots mean nothing changed.
    func catalogueSnapshot() throws -> String {
        try database.read { db in
            var lines: [String] = []
            for table in ["supplier", "product", "formulation"] {
                for row in try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY rowid") {
                    lines.append("\(table): \(row)")
                }
            }
            return lines.joined(separator: "\n")
        }
    }

    func product(_ sku: String, supplier: String = "acme") throws -> ProductDetail? {
        try database.productDetail(supplier: supplier, sku: sku)
    }

    func runs() throws -> [ImportRunRecord] {
        try database.read { try ImportRunRecord.order(Column("id")).fetchAll($0) }
    }

    func activeSKUs(supplier: String = "acme") throws -> [String] {
        try database.read { try String.fetchAll($0, sql: "SELECT sku FROM product WHERE supplierId = ? AND status = 'active' ORDER BY sku", arguments: [supplier]) }
    }
}

/// A small Google Merchant feed built from (sku, price, ingredients).
enum GoogleFeed {
    static func make(_ items: [(sku: String, price: String, ingredients: String?)], extra: String = "") -> String {
        var xml = #"<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:g="http://base.google.com/ns/1.0"><channel>"#
        for item in items {
            xml += "\n<item><g:id>\(item.sku)</g:id><g:title>Product \(item.sku)</g:title><g:price>\(item.price)</g:price>"
            xml += "<g:availability>in stock</g:availability><g:brand>Acme</g:brand>"
            if let ingredients = item.ingredients {
                xml += "<g:product_detail><g:attribute_name>INCI</g:attribute_name><g:attribute_value>\(ingredients)</g:attribute_value></g:product_detail>"
            }
            xml += "</item>"
        }
        return xml + extra + "\n</channel></rss>\n"
    }

    static func numbered(_ count: Int, price: String = "10.00 GBP") -> String {
        make((1...count).map { ("SKU-\($0)", price, "Simmondsia Chinensis Seed Oil") })
    }
}
