import CatalogueCore
import Foundation
import ImporterAPI
import OilCatalogue

/// Times the import pipeline's stages in-process on one feed, to show where the time goes: parsing alone, then
/// with record validation, then with ingredient resolution.
enum Phases {
    static func run(feed: URL, catalogue: URL) throws -> [(String, Double)] {
        let taxonomy = try ReferenceCatalogueLoader.load(from: catalogue)
        let importer = BuiltInImporters.registry.importer(forFormat: "google-merchant")!
        func time(_ body: (ProductRecord) -> Void) throws -> Double {
            let source = try FileFeedSource(path: feed.path)
            let start = DispatchTime.now()
            try importer.read(source, context: FeedContext(documentName: feed.path)) { event in
                if case .record(let record) = event { body(record) }
            }
            return Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        }
        var sink = 0
        let parse = try time { sink &+= $0.sku.utf8.count }
        let resolver = IngredientResolver(taxonomy: taxonomy)
        var memo = NameMemo()
        let resolve = try time { record in
            sink &+= resolver.resolveFormulation(list: record.ingredients ?? "", memo: &memo).propertyIDs(in: taxonomy).count
        }
        if sink == 42 { print("") }
        return [("parse feed (plugin)", parse), ("+ resolve and tag (memoised)", resolve)]
    }
}
