import CatalogueCore
import CatalogueStore
import Foundation
import GRDB
import OilCatalogue

/// The suitability benchmark: a catalogue of N products imported from a synthetic feed, C clients with 5 patch
/// tests each, then `oilcat safe-oils` for one client (wall time, process included) and the engine's evaluation of
/// one client against the whole catalogue (in-process).
enum SuitabilityBenchmark {
    static func run(products: Int, clients: Int, work: URL, oilcat: String, catalogue: URL, line: (String) -> Void) throws {
        let database = work.appending(path: "suitability-\(products).sqlite")
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database.path + suffix) }
        let feed = work.appending(path: "suitability-feed-\(products).xml")
        _ = try FeedGenerator(count: products, seed: 7).write(to: feed)
        for arguments in [["supplier", "add", "bench", "--format", "google-merchant"], ["import", feed.path, "--supplier", "bench"]] {
            let step = try Measurement.run(oilcat, arguments + ["--db", database.path, "--catalogue", catalogue.path])
            guard step.status == 0 else { throw BenchError("\(arguments[0]) failed: \(step.output)") }
        }
        try? FileManager.default.removeItem(at: feed)

        // Clients with 5 patch tests each: about 1 in 8 positive, 1 in 8 pending, the rest negative.
        let store = try CatalogueDatabase.open(at: database.path)
        let started = Date()
        try store.write { db in
            let productRows = try Row.fetchAll(db, sql: "SELECT id, currentFormulationId FROM product")
            var random = SplitMix64(seed: 99)
            let applied = started.addingTimeInterval(-5 * 86_400)
            for index in 1...clients {
                try db.execute(
                    sql: "INSERT INTO client (name, createdAt, updatedAt) VALUES (?, ?, ?)",
                    arguments: ["Client \(index)", started, started]
                )
                let client = db.lastInsertedRowID
                if index % 3 == 0 {
                    try db.execute(sql: "INSERT INTO clientCondition (clientId, conditionId) VALUES (?, 'sensitive-skin')", arguments: [client])
                }
                for _ in 0..<5 {
                    let product = productRows[random.next(productRows.count)]
                    try db.execute(
                        sql: "INSERT INTO patchTest (clientId, productId, formulationId, occluded, appliedAt, recordedBy, createdAt) VALUES (?, ?, ?, 1, ?, 'bench', ?)",
                        arguments: [client, product[0] as Int64, product[1] as Int64, applied, started]
                    )
                    let test = db.lastInsertedRowID
                    let roll = random.next(8)
                    guard roll != 0 else { continue }  // pending: no reading
                    try db.execute(
                        sql: "INSERT INTO patchTestReading (patchTestId, readAt, result, recordedBy, createdAt) VALUES (?, ?, ?, 'bench', ?)",
                        arguments: [test, applied.addingTimeInterval(72 * 3600), roll == 1 ? "++" : "negative", started]
                    )
                }
            }
        }
        let client = Int64(clients / 2)
        line(String(format: "  %d products, %d clients × 5 patch tests (set-up %.1f s)", products, clients, Date().timeIntervalSince(started)))

        var walls: [Double] = []
        for _ in 0..<7 {
            let run = try Measurement.run(
                oilcat, ["safe-oils", "--client", "\(client)", "--json", "--db", database.path, "--catalogue", catalogue.path]
            )
            guard run.status == 0 else { throw BenchError("safe-oils failed: \(run.output)") }
            walls.append(run.seconds)
        }
        let taxonomy = try ReferenceCatalogueLoader.load(from: catalogue)
        let catalogueProducts = try store.catalogueProducts(taxonomy: taxonomy)
        let profile = try store.clientProfile(client)!
        let keys = catalogueProducts.map(\.facts.key)
        var evaluations: [Double] = []
        var statuses: [SuitabilityStatus: Int] = [:]
        for round in 0..<21 {
            let start = DispatchTime.now()
            let engine = SuitabilityEngine(taxonomy: taxonomy, client: profile)
            var counts: [SuitabilityStatus: Int] = [:]
            var tally = [Int](repeating: 0, count: SuitabilityStatus.allCases.count)
            for index in catalogueProducts.indices {
                let status = engine.status(of: keys[index]) ?? engine.status(of: catalogueProducts[index].facts)
                tally[SuitabilityStatus.allCases.firstIndex(of: status)!] += 1
            }
            for (offset, status) in SuitabilityStatus.allCases.enumerated() { counts[status] = tally[offset] }
            evaluations.append(Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e6)
            if round == 0 { statuses = counts }
        }
        let loadStart = DispatchTime.now()
        _ = try store.catalogueProducts(taxonomy: taxonomy)
        let loadMS = Double(DispatchTime.now().uptimeNanoseconds - loadStart.uptimeNanoseconds) / 1e6
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        line(String(format: "  oilcat safe-oils (one client, whole process): median %.0f ms (min %.0f ms) — target < 50 ms: %@",
            median(walls) * 1000, walls.min()! * 1000, median(walls) < 0.05 ? "met" : "NOT met"))
        line(String(format: "  engine, one client against %d products: median %.2f ms — target < 5 ms: %@",
            catalogueProducts.count, median(evaluations), median(evaluations) < 5 ? "met" : "NOT met"))
        line(String(format: "  loading the catalogue's facts from SQLite: %.0f ms", loadMS))
        line("  statuses for the client: " + SuitabilityStatus.allCases.map { "\($0.rawValue) \(statuses[$0] ?? 0)" }.joined(separator: ", "))
    }
}
