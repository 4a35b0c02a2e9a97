import CatalogueCore
import Foundation
import GRDB
import StoreInterface

/// Stated percentages per ingredient: the `percents` column of every formulation that states one is written again.
///
/// It used to hold one `id=percent` pair per label entry, and readers kept the last, so "Bergamot 2%, Bergamot 0.2%"
/// read as 0.2 % and "Bergamot 0.2%, Bergamot" as 0.2 % too. It now holds each ingredient once, at the highest
/// stated percentage, and leaves out an ingredient that any entry names without one (``StoredResolution``).
enum SchemaV5 {
    static func migrate(_ db: Database) throws {
        let decoder = JSONDecoder()
        let rows = try Row.fetchCursor(db, sql: "SELECT id, resolution FROM formulation WHERE percents <> ' '")
        var updates: [(Int64, String)] = []
        while let row = try rows.next() {
            let resolved = try decoder.decode(ResolvedFormulation.self, from: Data((row[1] as String).utf8))
            updates.append((
                row[0], StoredResolution.percentsColumn(resolved, ingredients: resolved.ingredientIDs.map(\.rawValue))
            ))
        }
        let update = try db.makeStatement(sql: "UPDATE formulation SET percents = ? WHERE id = ?")
        for (id, percents) in updates { try update.execute(arguments: [percents, id]) }
    }
}
