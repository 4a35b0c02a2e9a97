import Foundation
import Testing

/// Running it for real: backups taken while an import runs, restores, and a server that stops cleanly.
@Suite("oilcat db backup, restore and check; oilcat serve's health, readiness and shutdown")
struct OperationsTests {
    /// A Google Merchant feed of `count` products.
    static func feed(count: Int) -> String {
        var xml = #"<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:g="http://base.google.com/ns/1.0"><channel>"#
        let lists = ["Simmondsia Chinensis Seed Oil", "Lavandula Angustifolia Oil, Linalool", "Cocos Nucifera Oil", "Helianthus Annuus Seed Oil"]
        xml.reserveCapacity(count * 360)
        for index in 1...count {
            xml += "\n<item><g:id>BULK-\(index)</g:id><g:title>Bulk oil \(index)</g:title><g:price>9.50 GBP</g:price>"
            xml += "<g:availability>in stock</g:availability><g:brand>Bulk</g:brand>"
            xml += "<g:product_detail><g:attribute_name>INCI</g:attribute_name><g:attribute_value>\(lists[index % lists.count])</g:attribute_value></g:product_detail></item>"
        }
        return xml + "\n</channel></rss>\n"
    }

    func lastRunStatus(_ oilcat: OilcatProcess, supplier: String) throws -> String? {
        let suppliers = try #require(try oilcat.run("supplier", "list", "--json").json() as? [[String: Any]])
        let row = suppliers.first { $0["id"] as? String == supplier }
        return (row?["lastRun"] as? [String: Any])?["status"] as? String
    }

    @Test("a backup taken while 50,000 products import holds one whole catalogue; restoring it gives the same safe-oils")
    func backupDuringImport() throws {
        let (oilcat, client) = try ClinicCommandTests().prepared()
        defer { oilcat.cleanUp() }
        let before = try oilcat.run("safe-oils", "--client", client, "--json", "--limit", "0", "--include-blocked")
        #expect(before.status == 0)
        let feed = oilcat.home.appending(path: "bulk.xml")
        try Self.feed(count: 50_000).write(to: feed, atomically: true, encoding: .utf8)
        try oilcat.run("supplier", "add", "bulk", "--format", "google-merchant", "--source", feed.path)

        let importing = try oilcat.start("import", "--supplier", "bulk")
        var sawRunning = false
        for _ in 0..<600 where importing.process.isRunning {
            if try lastRunStatus(oilcat, supplier: "bulk") == "running" {
                sawRunning = true
                break
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        let backupPath = oilcat.home.appending(path: "backup.sqlite").path
        let backup = try oilcat.run("db", "backup", backupPath, "--json")
        let imported = importing.finish()
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(backup.status == 0, "\(backup.stderr)")
        let check = try #require(try backup.json() as? [String: Any])
        #expect(check["integrity"] as? [String] == ["ok"])
        #expect(check["schema"] as? String == "current")
        let products = try #require((check["rows"] as? [String: Any])?["product"] as? Int)
        // One whole catalogue: the sample's products alone, or with all 50,000 — never part of the run.
        let sample = products < 50_000 ? products : products - 50_000
        #expect(sample > 0 && sample < 100)
        if sawRunning { #expect(products < 50_000, "the backup was taken while the run was open, so it holds the old catalogue") }

        #expect(try oilcat.run("db", "check", backupPath).status == 0)
        let restored = try oilcat.run("db", "restore", backupPath, "--json")
        #expect(restored.status == 0, "\(restored.stderr)")
        let replaced = try #require((try restored.json() as? [String: Any])?["replacedFile"] as? String)
        #expect(FileManager.default.fileExists(atPath: replaced))
        let after = try oilcat.run("safe-oils", "--client", client, "--json", "--limit", "0", "--include-blocked")
        if products < 50_000 { #expect(after.stdout == before.stdout) }
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
    func serve(_ oilcat: OilcatProcess, _ extra: String...) throws -> (OilcatProcess.Running, String) {
        let server = try oilcat.start(arguments: ["serve", "--port", "0"] + extra)
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
        Thread.sleep(forTimeInterval: 0.05)
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
