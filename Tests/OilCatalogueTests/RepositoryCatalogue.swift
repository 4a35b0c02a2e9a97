import CatalogueCore
import Foundation
import OilCatalogue

/// The repository's own `Catalogue/` folder, loaded once for the tests that need the real reference data.
enum RepositoryCatalogue {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "Catalogue")

    static let taxonomy: Taxonomy = {
        do { return try ReferenceCatalogueLoader.loadYAML(from: folder) } catch { fatalError("\(error)") }
    }()
}
