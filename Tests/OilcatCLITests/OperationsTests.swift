import Foundation
import Testing

/// Running it for real: backups taken while an import runs, restores, and a server that stops cleanly.
@Suite("oilcat db backup, restore and check; oilcat serve's health, readiness and shutdown")
struct OperationsTests {
    /// The product table's rows, as `db info` counts them.
    func productRows(_ oilcat: OilcatProcess) throws -> Int {
        let info = try #require(try oilcat.run("db", "info", "--json").json() as? [String: Any])
        return try #require(((info["database"] as? [String: Any])?["counts"] as? [String: Int])?["product"])
    }

    func lastRunStatus(_ oilcat: OilcatProcess, supplier: String) throws -> String? {
        let suppliers = try #require(try oilcat.run("supplier", "list", "--json").json() as? [[String: Any]])
        let row = suppliers.first { $0["id"] as? String == supplier }
        return (row?["lastRun"] as? [String: Any])?["status"] as? String
    }

    /// An external importer that sends `first` records, then holds its run open (the import's transaction with them)
    /// until the file `release` exists, then sends `second` more. It creates `holding` once the first are sent. It
    /// also stops waiting when its folder is gone (a test that failed half-way and cleaned up).
    static func holdingPlugin(in folder: URL, first: Int, second: Int, holding: URL, release: URL) throws -> URL {
        let plugins = folder.appending(path: "plugins")
        try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
        let plugin = plugins.appending(path: "oilcat-import-held")
        // A line of the plugin protocol, as an awk format (its quotes escaped for awk's string).
        let record = #"{\"type\":\"record\",\"line\":%d,\"sku\":\"HELD-%d\",\"name\":\"Held oil %d\",\"price\":\"9.50\",\"currency\":\"GBP\",\"ingredients\":\"Simmondsia Chinensis Seed Oil\"}\n"#
        try """
            #!/bin/sh
            cat >/dev/null
            echo '{"type":"feed","kind":"full-snapshot"}'
            seq 1 \(first) | awk '{ printf "\(record)", $1, $1, $1 }'
            : > '\(holding.path)'
            while [ ! -e '\(release.path)' ] && [ -d '\(plugins.path)' ]; do sleep 0.05; done
            seq \(first + 1) \(first + second) | awk '{ printf "\(record)", $1, $1, $1 }'

            """.write(to: plugin, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: plugin.path)
        return plugins
    }

    @Test("a backup taken while an import's transaction is open holds the catalogue before it; restoring it gives the same safe-oils")
    func backupDuringImport() throws {
        let (oilcat, client) = try ClinicCommandTests().prepared()
        defer { oilcat.cleanUp() }
        let before = try oilcat.run("safe-oils", "--client", client, "--json", "--limit", "0", "--include-blocked")
        #expect(before.status == 0)
        let sampleProducts = try productRows(oilcat)
        let holding = oilcat.home.appending(path: "holding"), release = oilcat.home.appending(path: "release")
        let plugins = ["OILCAT_PLUGINS": try Self.holdingPlugin(in: oilcat.home, first: 2_000, second: 2_000, holding: holding, release: release).path]
        let feed = oilcat.home.appending(path: "held.txt")
        try "the plugin writes its own records\n".write(to: feed, atomically: true, encoding: .utf8)
        try oilcat.run("supplier", "add", "held", "--format", "held", "--source", feed.path, environment: plugins)

        // The plugin has sent 2,000 records and waits: the run is open, and cannot commit until it is released.
        let importing = try oilcat.start("import", "--supplier", "held", environment: plugins)
        defer { try? Data().write(to: release) }
        for _ in 0..<1_200 where importing.process.isRunning && !FileManager.default.fileExists(atPath: holding.path) {
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(
            FileManager.default.fileExists(atPath: holding.path),
            "the plugin did not start: \((try? String(contentsOf: importing.stderr, encoding: .utf8)) ?? "")"
        )
        #expect(try lastRunStatus(oilcat, supplier: "held") == "running")
        let backupPath = oilcat.home.appending(path: "backup.sqlite").path
        let backup = try oilcat.run("db", "backup", backupPath, "--json")
        try Data().write(to: release)
        let imported = importing.finish()
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(backup.status == 0, "\(backup.stderr)")
        let check = try #require(try backup.json() as? [String: Any])
        #expect(check["integrity"] as? [String] == ["ok"])
        #expect(check["schema"] as? String == "current")
        // The catalogue as it was before the run: none of the run's products, though it had read most of the first 2,000.
        #expect((check["rows"] as? [String: Any])?["product"] as? Int == sampleProducts)
        #expect(try productRows(oilcat) == sampleProducts + 4_000)

        #expect(try oilcat.run("db", "check", backupPath).status == 0)
        let restored = try oilcat.run("db", "restore", backupPath, "--json")
        #expect(restored.status == 0, "\(restored.stderr)")
        let replaced = try #require((try restored.json() as? [String: Any])?["replacedFile"] as? String)
        #expect(FileManager.default.fileExists(atPath: replaced))
        let after = try oilcat.run("safe-oils", "--client", client, "--json", "--limit", "0", "--include-blocked")
        #expect(after.stdout == before.stdout)
        // The backup is never overwritten.
        let again = try oilcat.run("db", "backup", backupPath)
        #expect(again.status != 0)
        #expect(again.stderr.contains("DB-BACKUP-EXISTS"))
    }

    @Test("a damaged backup is refused and the database is left as it was")
    func damagedBackupRefused() throws {
        let oilcat = try OilcatProcess()
        defer { oilcat.cleanUp() }
        try oilcat.run("client", "add", "--name", "Grace Hopper")
        let damaged = oilcat.home.appending(path: "damaged.sqlite")
        try Data("this is not a database at all".utf8).write(to: damaged)
        let restore = try oilcat.run("db", "restore", damaged.path)
        #expect(restore.status != 0)
        #expect(restore.stderr.contains("DB-CHECK-UNREADABLE"))
        #expect(try oilcat.run("client", "list").stdout.contains("Grace Hopper"))
        #expect(try oilcat.run("db", "check").status == 0)
        #expect(try oilcat.run("db", "check", damaged.path).status != 0)
    }

    /// Starts `oilcat serve` on a free port; returns the process and its base URL.
    func serve(_ oilcat: OilcatProcess, _ extra: String..., environment: [String: String] = [:]) throws -> (OilcatProcess.Running, String) {
        let server = try oilcat.start(arguments: ["serve", "--port", "0"] + extra, environment: environment)
        for _ in 0..<300 {
            if let match = server.printed.firstMatch(of: /Open http:\/\/127\.0\.0\.1:(\d+)\//) { return (server, "http://127.0.0.1:\(match.1)") }
            Thread.sleep(forTimeInterval: 0.05)
        }
        server.process.terminate()
        Issue.record("the server did not start: \(server.finish().stderr)")
        throw CancellationError()
    }

    func curl(_ arguments: String...) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["-s", "--max-time", "60"] + arguments
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test("SIGTERM lets a request in flight finish and exits 0; restore is refused while the server runs", .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/curl")))
    func gracefulShutdown() throws {
        let oilcat = try OilcatProcess()
        defer { oilcat.cleanUp() }
        try oilcat.run("db", "migrate")
        let backupPath = oilcat.home.appending(path: "backup.sqlite").path
        try oilcat.run("db", "backup", backupPath)
        let (server, base) = try serve(oilcat)
        #expect(try curl("-o", "/dev/null", "-w", "%{http_code}", base + "/health").output == "200")
        #expect(try curl("-o", "/dev/null", "-w", "%{http_code}", base + "/ready").output == "200")
        // Metrics answer a client on this machine.
        _ = try curl(base + "/login")
        let metrics = try curl(base + "/metrics").output
        #expect(metrics.contains("hb_requests"))
        #expect(metrics.contains("http_route=\"/login\""))
        #expect(metrics.contains("http_server_request_duration_seconds_bucket"))

        let restore = try oilcat.run("db", "restore", backupPath)
        #expect(restore.status != 0)
        #expect(restore.stderr.contains("DB-RESTORE-BUSY"))

        // A sign-in is slow on purpose (bcrypt): send one, and SIGTERM while it is being checked.
        let jar = oilcat.home.appending(path: "cookies").path
        let page = try curl("-c", jar, base + "/login").output
        let token = String(try #require(page.firstMatch(of: /name="_csrf" value="([^"]+)"/)?.1))
        let signIn = Process()
        signIn.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        signIn.arguments = [
            "-s", "-o", "/dev/null", "-w", "%{http_code}", "-b", jar, "--data", "_csrf=\(token)&name=nobody&password=guess+one+two", base + "/login",
        ]
        let out = Pipe()
        signIn.standardOutput = out
        try signIn.run()
        // SIGTERM once the server is handling it (its metrics count the POST as active), however slowly curl starts.
        for _ in 0..<600 where signIn.isRunning {
            if try curl(base + "/metrics").output.contains(#"http_server_active_requests{http_request_method="POST"} 1"#) { break }
            Thread.sleep(forTimeInterval: 0.02)
        }
        server.process.terminate()  // SIGTERM
        let answered = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        signIn.waitUntilExit()
        let stopped = server.finish()
        #expect(answered == "401", "the request in flight got \(answered)")
        #expect(stopped.status == 0, "\(stopped.stderr)")
        #expect(server.process.terminationReason == .exit)
        // Stopped: the restore goes ahead now.
        #expect(try oilcat.run("db", "restore", backupPath).status == 0)
    }
}
