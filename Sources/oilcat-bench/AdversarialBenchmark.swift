import Foundation

/// `oilcat-bench --adversarial [--sizes 1,4]`: writes every ``AdversarialFeed`` at each size (MB) and times
/// `oilcat import --dry-run` on it, each on a fresh database, printing wall time, peak RSS and the outcome. The
/// targets: every case under 1 s at 1 MB and under 4 s at 4 MB, peak RSS under 100 MB.
enum AdversarialBenchmark {
    static func run(sizes: [Int], work: URL, oilcat: String, line: (String) -> Void) throws {
        let folder = work.appending(path: "adversarial")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        line("  " + "case".padding(toLength: 48, withPad: " ", startingAt: 0) + "format           "
            + sizes.map { "\($0) MB: s     RSS MB   " }.joined() + "outcome")
        var slowest: [Int: Double] = [:]
        var largest = 0.0
        for (number, feed) in AdversarialFeed.all.enumerated() {
            var cells = ""
            var outcome = ""
            for size in sizes {
                let file = folder.appending(path: "case-\(number)-\(size)mb.feed")
                try Data(feed.make(size << 20).utf8).write(to: file)
                let database = folder.appending(path: "case-\(number)-\(size)mb.sqlite")
                var add = ["supplier", "add", "adv", "--format", feed.format, "--currency", "GBP", "--db", database.path]
                if let mapping = feed.mapping {
                    let mappingFile = folder.appending(path: "mapping-\(number).yaml")
                    try Data(mapping.utf8).write(to: mappingFile)
                    add += ["--mapping", mappingFile.path]
                }
                let added = try Measurement.run(oilcat, add)
                guard added.status == 0 else { throw BenchError("supplier add failed for '\(feed.name)': \(added.output)") }
                let measured = try Measurement.run(
                    oilcat, ["import", file.path, "--supplier", "adv", "--dry-run", "--db", database.path]
                )
                cells += String(format: "%8.2f  %8.1f   ", measured.seconds, measured.peakRSSMegabytes)
                slowest[size] = max(slowest[size] ?? 0, measured.seconds)
                largest = max(largest, measured.peakRSSMegabytes)
                outcome = measured.status == 0 ? "imported" : "refused: " + Self.reason(measured.output)
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database.path + suffix) }
                try? FileManager.default.removeItem(at: file)
            }
            line("  " + feed.name.padding(toLength: 48, withPad: " ", startingAt: 0)
                + feed.format.padding(toLength: 17, withPad: " ", startingAt: 0) + cells + outcome)
        }
        let timing = sizes.map { size in
            let met = (slowest[size] ?? 0) < Double(size)
            return String(format: "%d MB under %d s: %@ (slowest %.2f s)", size, size, met ? "met" : "NOT met", slowest[size] ?? 0)
        }
        line("  targets: " + timing.joined(separator: " · ")
            + String(format: " · peak RSS < 100 MB: %@ (highest %.1f MB)", largest < 100 ? "met" : "NOT met", largest))
    }

    /// The error line of a refused run, shortened for the table.
    private static func reason(_ output: String) -> String {
        let line = output.split(separator: "\n").first { $0.contains("error") } ?? output.split(separator: "\n").first ?? ""
        return String(line.prefix(90))
    }
}
