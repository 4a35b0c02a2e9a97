import CatalogueCore
@_spi(SQLite) import CatalogueStore
import Foundation
import GRDB
import OilCatalogue
import StoreInterface

/// The suitability benchmark: a catalogue of N products imported from a synthetic feed, C clients with 5 patch
/// tests each, then `oilcat safe-oils` for one client (wall time, process included) and the engine's evaluation of
/// one client against the whole catalogue (in-process).
enum SuitabilityBenchmark {
    static func run(
        products: Int, clients: Int, work: URL, oilcat: String, catalogue: URL, reuse: Bool, line: (String) -> Void
    ) async throws {
        let database = work.appending(path: "suitability-\(products).sqlite")
        if reuse, FileManager.default.fileExists(atPath: database.path) {
            line("  reusing \(database.path) (--reuse)")
            return try await measure(database: database, clients: clients, oilcat: oilcat, catalogue: catalogue, line: line)
        }
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
                // Most clients had their intake; one in ten has not (every product a caution for them). The client the
                // server benchmark asks for again and again (the middle one) had it.
                if index % 10 != 7 {
                    try db.execute(
                        sql: "INSERT INTO clientIntakeReview (clientId, reviewedBy, reviewedAt) VALUES (?, 'bench', ?)",
                        arguments: [client, started]
                    )
                }
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
        line(String(format: "  %d products, %d clients × 5 patch tests (set-up %.1f s)", products, clients, Date().timeIntervalSince(started)))
        try await measure(database: database, clients: clients, oilcat: oilcat, catalogue: catalogue, line: line)
    }

    /// `oilcat safe-oils` for the client in the middle, as a process and phase by phase in-process, and the engine.
    static func measure(database: URL, clients: Int, oilcat: String, catalogue: URL, line: (String) -> Void) async throws {
        let store = try CatalogueDatabase.open(at: database.path)
        let client = Int64(clients / 2)

        var walls: [Double] = []
        for _ in 0..<15 {
            let run = try Measurement.run(
                oilcat, ["safe-oils", "--client", "\(client)", "--json", "--db", database.path, "--catalogue", catalogue.path]
            )
            guard run.status == 0 else { throw BenchError("safe-oils failed: \(run.output)") }
            walls.append(run.seconds)
        }
        let taxonomy = try ReferenceCatalogueLoader.load(from: catalogue)
        let catalogueProducts = try await store.catalogueProducts(taxonomy: taxonomy)
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
        _ = try await store.catalogueProducts(taxonomy: taxonomy)
        let loadMS = Double(DispatchTime.now().uptimeNanoseconds - loadStart.uptimeNanoseconds) / 1e6
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        line(String(format: "  oilcat safe-oils (one client, whole process): median %.0f ms (min %.0f ms) — target < 50 ms: %@",
            median(walls) * 1000, walls.min()! * 1000, median(walls) < 0.05 ? "met" : "NOT met"))
        line("    where the time goes (the process's start, then each step warm, in-process):")
        let phases = try await phases(database: database, client: client, oilcat: oilcat, catalogue: catalogue)
        for (name, milliseconds) in phases {
            line("      " + name.padding(toLength: 44, withPad: " ", startingAt: 0) + String(format: "%6.1f ms", milliseconds))
        }
        let rest = median(walls) * 1000 - phases.reduce(0) { $0 + $1.1 }
        line("      " + "the rest (arguments, first use of each type)".padding(toLength: 44, withPad: " ", startingAt: 0)
            + String(format: "%6.1f ms", rest))
        line(String(format: "  engine, one client against %d products: median %.2f ms — target < 5 ms: %@",
            catalogueProducts.count, median(evaluations), median(evaluations) < 5 ? "met" : "NOT met"))
        line(String(format: "  loading the catalogue's facts from SQLite: %.0f ms", loadMS))
        line("  statuses for the client: " + SuitabilityStatus.allCases.map { "\($0.rawValue) \(statuses[$0] ?? 0)" }.joined(separator: ", "))
    }

    /// Where a `safe-oils` process spends its time: the start of a process that does nothing, then each step the
    /// command takes, in-process (medians of 15).
    static func phases(database: URL, client: Int64, oilcat: String, catalogue: URL) async throws -> [(String, Double)] {
        func median(_ body: () async throws -> Void) async rethrows -> Double {
            var times: [Double] = []
            for _ in 0..<15 {
                let start = DispatchTime.now()
                try await body()
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e6)
            }
            return times.sorted()[times.count / 2]
        }
        var starts: [Double] = []
        for _ in 0..<15 { starts.append(try Measurement.run(oilcat, ["--version"]).seconds * 1000) }
        var loaded = try ReferenceCatalogueLoader.loadWithFingerprint(from: catalogue)
        let taxonomy = try await median { loaded = try ReferenceCatalogueLoader.loadWithFingerprint(from: catalogue) }
        var store = try CatalogueDatabase.open(at: database.path)
        let open = try await median { store = try CatalogueDatabase.open(at: database.path) }
        var profile = try store.clientProfile(client)!
        let clientTime = try await median { profile = try store.clientProfile(client)! }
        var snapshot = try store.suitabilitySnapshot(taxonomy: loaded.taxonomy, fingerprint: loaded.fingerprint)
        let snapshotTime = try await median { snapshot = try store.suitabilitySnapshot(taxonomy: loaded.taxonomy, fingerprint: loaded.fingerprint) }
        var rows: [SuitabilityRow] = []
        let listing = try await median {
            rows = try await SuitabilityListing.rows(
                taxonomy: loaded.taxonomy, fingerprint: loaded.fingerprint, client: profile, database: store, properties: [],
                stock: [:], checksStock: false, includeBlocked: false, limit: 50, snapshot: snapshot
            ).rows
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let encoding = try await median { _ = try encoder.encode(rows) }
        return [
            ("start of a process (oilcat --version)", starts.sorted()[starts.count / 2]),
            ("reference taxonomy (through its cache)", taxonomy),
            ("open the database", open),
            ("the client's profile and patch tests", clientTime),
            ("read the suitability snapshot", snapshotTime),
            ("statuses of every product, first 50 rows", listing),
            ("JSON of the rows", encoding),
        ]
    }
}
