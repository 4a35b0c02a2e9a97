@_spi(SQLite) import CatalogueStore
import Foundation
import GRDB
import Testing

@testable import OilCatalogue

@Suite("A dry run's keys")
struct DryRunKeysTests {
    /// Short keys, long keys (kept outside the set's slots) and hostile Unicode, each met twice.
    static let keys = ["A-1", "a-1", "A-1 ", String(repeating: "LONG-SKU-", count: 40), "\u{202E}gnp.exe", "e\u{301}", "\u{E9}", "👩🏽‍⚕️"]

    @Test("a key met twice is refused the second time, in memory and after the keys move into the database",
        arguments: [DryRunKeys.byteLimit, 48 * 3, 0])
    func duplicatesFound(limit: Int) throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            let writer = ProductWriter(db, now: Date())
            var keys = DryRunKeys(byteLimit: limit)
            for key in Self.keys {
                let added = try keys.insert(key, writer: writer)
                #expect(added, "\(key) is new")
            }
            for key in Self.keys {
                let added = try keys.insert(key, writer: writer)
                #expect(!added, "\(key) was added")
            }
            // "é" as one code point and as two are two keys, as they are two products in the database; a key met
            // again is refused, and no key is lost when the keys move.
            #expect(keys.isInDatabase == (limit < DryRunKeys.byteLimit))
        }
    }

    @Test("a key met again just as the keys reach their limit is still refused, and the next new key moves them")
    func duplicateAtTheLimit() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            let writer = ProductWriter(db, now: Date())
            var keys = DryRunKeys(byteLimit: 48 * 2)
            for key in ["A-1", "a-1"] {
                let added = try keys.insert(key, writer: writer)
                #expect(added)
            }
            let again = try keys.insert("A-1", writer: writer)
            #expect(!again && !keys.isInDatabase)
            let third = try keys.insert("B-2", writer: writer)
            #expect(third && keys.isInDatabase)
            for key in ["A-1", "a-1", "B-2"] {
                let added = try keys.insert(key, writer: writer)
                #expect(!added, "\(key) was added before the keys moved")
            }
        }
    }
}
