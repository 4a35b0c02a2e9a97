import Foundation
import StoreInterface
import Testing

/// Stock behaves the same on every backend, changes arriving at once included.
@Suite("Stock store contract")
struct StockStoreContractTests {
    @Test("deliveries, adjustments and stocktakes per lot; refusals change nothing; lots listed by name then batch, low ones on request", arguments: Backend.available)
    func changes(backend: Backend) async throws {
        try await backend.withStore { store async throws in
            try await backend.addProduct(to: store, supplier: "naturalis", sku: "JOJ-1", name: "jojoba oil")
            try await backend.addProduct(to: store, supplier: "naturalis", sku: "ALM-1", name: "Almond Oil")
            try await backend.addProduct(to: store, supplier: "naturalis", sku: "ZED-1", name: "Émulsion")
            let now = Date()
            #expect(try await store.stockLocations().isEmpty)
            // A right-to-left override would make the location print as another name: it is removed.
            #expect(
                try await store.changeStock(
                    .receive, location: " front-desk\u{202E} ", supplier: "naturalis", sku: "JOJ-1", quantity: 4, batch: "L2", expires: "2027-01-31",
                    opened: nil, reorderLevel: nil, actor: "test", now: now
                ) == 4
            )
            try await store.changeStock(
                .receive, location: "front-desk", supplier: "naturalis", sku: "JOJ-1", quantity: 2.5, batch: "L1", expires: nil,
                opened: "2026-01-02", reorderLevel: 3, actor: "test", now: now
            )
            try await store.changeStock(.receive, location: "front-desk", supplier: "naturalis", sku: "ALM-1", quantity: 1, batch: nil, expires: nil, opened: nil, reorderLevel: nil, actor: "test", now: now)
            try await store.changeStock(.receive, location: "front-desk", supplier: "naturalis", sku: "ZED-1", quantity: 9, batch: nil, expires: nil, opened: nil, reorderLevel: nil, actor: "test", now: now)
            #expect(try await store.changeStock(.adjust, location: "front-desk", supplier: "naturalis", sku: "JOJ-1", quantity: -1.5, batch: "L2", expires: nil, opened: nil, reorderLevel: nil, actor: "test", now: now) == 2.5)
            #expect(try await store.changeStock(.set, location: "backroom", supplier: "naturalis", sku: "ALM-1", quantity: 0, batch: nil, expires: nil, opened: nil, reorderLevel: nil, actor: "test", now: now) == 0)

            let rows = try await store.stockRows(location: "front-desk")
            #expect(rows.map(\.product) == ["naturalis:ALM-1", "naturalis:JOJ-1", "naturalis:JOJ-1", "naturalis:ZED-1"])
            #expect(rows.map(\.batch) == ["", "L1", "L2", ""])
            #expect(rows.map(\.quantity) == [1, 2.5, 2.5, 9])
            #expect(rows[1].opened == "2026-01-02" && rows[1].reorderLevel == 3 && rows[2].expires == "2027-01-31" && rows[2].opened == nil)
            #expect(try await store.stockRows(location: "front-desk", lowOnly: true).map(\.product) == ["naturalis:ALM-1", "naturalis:JOJ-1"])
            // An empty lot without a reorder level is left out; its location is still known.
            #expect(try await store.stockRows(location: "backroom").isEmpty)
            #expect(try await store.stockLocations() == ["backroom", "front-desk"])
            try await store.requireStockLocation("front-desk ")
            let unknown = await #expect(throws: ClinicStoreError.self) { try await store.requireStockLocation("front-dsk") }
            #expect(unknown?.code == "STOCK-UNKNOWN-LOCATION")

            // Refused, and nothing changed.
            let refusals: [(String, @Sendable () async throws -> Void)] = [
                ("STOCK-BELOW-ZERO", { try await store.changeStock(.adjust, location: "front-desk", supplier: "naturalis", sku: "ALM-1", quantity: -2, batch: nil, expires: nil, opened: nil, reorderLevel: nil, actor: "test", now: now) }),
                ("CLINIC-UNKNOWN-PRODUCT", { try await store.changeStock(.receive, location: "front-desk", supplier: "naturalis", sku: "NOPE'; --", quantity: 1, batch: nil, expires: nil, opened: nil, reorderLevel: nil, actor: "test", now: now) }),
                ("STOCK-DAY", { try await store.changeStock(.receive, location: "front-desk", supplier: "naturalis", sku: "ALM-1", quantity: 1, batch: nil, expires: "2027-02-30", opened: nil, reorderLevel: nil, actor: "test", now: now) }),
                ("STOCK-OPENED-FUTURE", { try await store.changeStock(.receive, location: "front-desk", supplier: "naturalis", sku: "ALM-1", quantity: 1, batch: nil, expires: nil, opened: "2999-01-01", reorderLevel: nil, actor: "test", now: now) }),
                ("STOCK-QUANTITY", { try await store.changeStock(.receive, location: "front-desk", supplier: "naturalis", sku: "ALM-1", quantity: -1, batch: nil, expires: nil, opened: nil, reorderLevel: nil, actor: "test", now: now) }),
                ("STOCK-QUANTITY", { try await store.changeStock(.set, location: "front-desk", supplier: "naturalis", sku: "ALM-1", quantity: .nan, batch: nil, expires: nil, opened: nil, reorderLevel: nil, actor: "test", now: now) }),
                ("STOCK-LOCATION", { try await store.changeStock(.receive, location: "\u{200B}\u{2800}", supplier: "naturalis", sku: "ALM-1", quantity: 1, batch: nil, expires: nil, opened: nil, reorderLevel: nil, actor: "test", now: now) }),
                ("CLINIC-UNKNOWN-PRODUCT", { try await store.changeStock(.receive, location: "front-desk", supplier: "naturalis", sku: "ALM-1\u{0}", quantity: 1, batch: nil, expires: nil, opened: nil, reorderLevel: nil, actor: "test", now: now) }),
                ("STOCK-LOCATION", { try await store.changeStock(.receive, location: String(repeating: "é", count: 101), supplier: "naturalis", sku: "ALM-1", quantity: 1, batch: nil, expires: nil, opened: nil, reorderLevel: nil, actor: "test", now: now) }),
                ("STOCK-BATCH", { try await store.changeStock(.receive, location: "front-desk", supplier: "naturalis", sku: "ALM-1", quantity: 1, batch: "a" + String(repeating: "\u{301}", count: 3_000), expires: nil, opened: nil, reorderLevel: nil, actor: "test", now: now) }),
                ("STOCK-DAY", { try await store.changeStock(.receive, location: "front-desk", supplier: "naturalis", sku: "ALM-1", quantity: 1, batch: nil, expires: "1500-02-29", opened: nil, reorderLevel: nil, actor: "test", now: now) }),
                ("STOCK-REORDER-LEVEL", { try await store.changeStock(.receive, location: "front-desk", supplier: "naturalis", sku: "ALM-1", quantity: 1, batch: nil, expires: nil, opened: nil, reorderLevel: -1, actor: "test", now: now) }),
            ]
            for (code, change) in refusals {
                let error = await #expect(throws: ClinicStoreError.self) { try await change() }
                #expect(error?.code == code)
            }
            #expect(try await store.stockRows(location: "front-desk").map(\.quantity) == [1, 2.5, 2.5, 9])

            // One name from two suppliers, one batch: by supplier then SKU, on every backend.
            try await backend.addProduct(to: store, supplier: "zephyr", sku: "J", name: "JOJOBA OIL")
            try await backend.addProduct(to: store, supplier: "apex", sku: "J", name: "Jojoba Oil")
            for supplier in ["zephyr", "apex"] {
                try await store.changeStock(.receive, location: "shelf", supplier: supplier, sku: "J", quantity: 1, batch: "B1", expires: nil, opened: nil, reorderLevel: nil, actor: "test", now: now)
            }
            #expect(try await store.stockRows(location: "shelf").map(\.product) == ["apex:J", "zephyr:J"])
        }
    }

    @Test("twenty servers taking one unit each from a lot of ten at once: ten are taken, ten refused, none lost", arguments: Backend.available)
    func parallelTakes(backend: Backend) async throws {
        try await backend.withStore { store async throws in
            try await backend.addProduct(to: store, supplier: "naturalis", sku: "LAV-1", name: "Lavender")
            try await store.changeStock(.receive, location: "room-1", supplier: "naturalis", sku: "LAV-1", quantity: 10, batch: nil, expires: nil, opened: nil, reorderLevel: nil, actor: "test")
            let results = await atOnce(20) { _ in
                _ = try await store.changeStock(
                    .adjust, location: "room-1", supplier: "naturalis", sku: "LAV-1", quantity: -1, batch: nil, expires: nil, opened: nil,
                    reorderLevel: nil, actor: "test"
                )
            }
            #expect(results.filter { $0 == "done" }.count == 10)
            #expect(results.filter { $0 == "STOCK-BELOW-ZERO" }.count == 10)
            // Empty and without a reorder level: not listed.
            #expect(try await store.stockRows(location: "room-1").isEmpty)
            try await store.changeStock(.receive, location: "room-1", supplier: "naturalis", sku: "LAV-1", quantity: 1, batch: nil, expires: nil, opened: nil, reorderLevel: nil, actor: "test")
            #expect(try await store.stockRows(location: "room-1").map(\.quantity) == [1])
        }
    }
}
