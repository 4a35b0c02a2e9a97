import Foundation

/// The import benchmark's PostgreSQL side: each round empties the database, adds the supplier, imports the feed and
/// imports it again unchanged, with `oilcat --db ADDRESS`.
enum PostgresBench {
    /// The address without its password, to print.
    static func shown(_ address: String) -> String {
        guard var parts = URLComponents(string: address) else { return "(an address that does not parse)" }
        parts.password = nil
        return parts.string ?? "(an address)"
    }

    /// One round: the full import and the unchanged one.
    static func round(_ address: String, feed: URL, oilcat: String, work: URL) throws -> (full: Measurement, again: Measurement) {
        try empty(address)
        // The archive goes to a folder of the round's own, emptied each time (a 200,000-product feed is 80 MB).
        let archive = work.appending(path: "feeds-postgres")
        try? FileManager.default.removeItem(at: archive)
        try FileManager.default.createDirectory(at: archive, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: archive) }
        let store = ["--db", address]
        let add = try Measurement.run(oilcat, ["supplier", "add", "bench", "--format", "google-merchant"] + store)
        guard add.status == 0 else { throw BenchError("supplier add on PostgreSQL failed: \(add.output)") }
        let importing = ["import", feed.path, "--supplier", "bench", "--feeds", archive.path] + store
        let full = try Measurement.run(oilcat, importing)
        guard full.status == 0 else { throw BenchError("import into PostgreSQL failed: \(full.output)") }
        let again = try Measurement.run(oilcat, importing)
        guard again.status == 0 else { throw BenchError("re-import into PostgreSQL failed: \(again.output)") }
        return (full, again)
    }

    /// Drops the database's `public` schema with everything in it and makes it again, empty.
    static func empty(_ address: String) throws {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        let psql = versions.sorted { $0.compare($1, options: .numeric) == .orderedDescending }
            .map { "/usr/lib/postgresql/\($0)/bin/psql" }.first { FileManager.default.isExecutableFile(atPath: $0) } ?? "psql"
        let wiped = try Measurement.run(
            psql, ["--no-psqlrc", "-q", "-v", "ON_ERROR_STOP=1", "-d", address, "-c", "DROP SCHEMA public CASCADE; CREATE SCHEMA public"]
        )
        guard wiped.status == 0 else { throw BenchError("could not empty the PostgreSQL database (psql): \(wiped.output)") }
    }
}
