import Foundation
import Synchronization

/// The taxonomy's test allergens, decoded when first asked for: a command that reads the taxonomy from its cache
/// and never meets a test allergen (most `safe-oils` runs) does not pay for decoding them.
final class TestAllergenTable: Sendable {
    private struct Table: Sendable {
        var all: [TestAllergen]
        var byID: [TestAllergenID: TestAllergen]
    }

    private let state: Mutex<Table?>
    /// Where the JSON the cache stored is read from, when the table was made from a cache.
    private let source: (@Sendable () -> [UInt8]?)?

    /// A table of checked entries.
    init(_ allergens: [TestAllergen], byID: [TestAllergenID: TestAllergen]) {
        state = Mutex(Table(all: allergens, byID: byID))
        source = nil
    }

    /// A table from the JSON of ``encode(_:)``, read from `source` when first needed; the entries were checked
    /// before they were encoded.
    init(source: @escaping @Sendable () -> [UInt8]?) {
        state = Mutex(nil)
        self.source = source
    }

    /// The JSON of checked entries, for a cache.
    static func encode(_ allergens: [TestAllergen]) -> [UInt8]? {
        (try? JSONEncoder().encode(allergens)).map { [UInt8]($0) }
    }

    private var table: Table {
        state.withLock { table in
            if let table { return table }
            // Bytes the cache wrote itself. Missing or unreadable ones (a cache of another version) give no
            // entries: an allergy to one then names what the taxonomy does not have, and the engine makes every
            // product unknown rather than safe.
            let all = source?().flatMap { try? JSONDecoder().decode([TestAllergen].self, from: Data($0)) } ?? []
            let made = Table(all: all, byID: Dictionary(all.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }))
            table = made
            return made
        }
    }

    var all: [TestAllergen] { table.all }
    var byID: [TestAllergenID: TestAllergen] { table.byID }
}
