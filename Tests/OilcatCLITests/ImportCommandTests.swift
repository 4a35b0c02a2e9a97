import Foundation
import Testing

@Suite("oilcat supplier, import and products")
struct ImportCommandTests {
    static let samples = OilcatProcess.repository.appending(path: "Catalogue/suppliers")

    func json(_ result: OilcatProcess.Result) throws -> [String: Any] {
        try #require(try result.json() as? [String: Any], "stdout: \(result.stdout) stderr: \(result.stderr)")
    }

    @Test("the importer's journey: add a supplier, import its sample, search and show products")
    func journey() throws {
        let oilcat = try OilcatProcess()
        defer { oilcat.cleanUp() }
        let feed = Self.samples.appending(path: "google-merchant/feed.xml").path
        let added = try oilcat.run("supplier", "add", "naturalis", "--format", "google-merchant", "--source", feed)
        #expect(added.status == 0, "\(added.stderr)")
        let report = try json(try oilcat.run("import", "--supplier", "naturalis", "--json"))
        #expect(report["status"] as? String == "succeeded")
        #expect((report["counts"] as? [String: Any])?["added"] as? Int == 12)
        #expect((report["archivePath"] as? String).map { FileManager.default.fileExists(atPath: $0) } == true)

        let again = try oilcat.run("import", "--supplier", "naturalis")
        #expect(again.stdout.contains("unchanged"))

        let search = try oilcat.run("products", "search", "--property", "anti-inflammatory", "--ingredient", "lavender", "--json")
        let rows = try #require(try search.json() as? [[String: Any]])
        #expect(Set(rows.compactMap { $0["product"] as? String }) == ["naturalis:NAT-LAV-10", "naturalis:NAT-CALM-100"])
        let linalool = try #require(try oilcat.run("products", "search", "--ingredient", "linalool", "--json").json() as? [[String: Any]])
        #expect(linalool.count == 2)

        let show = try oilcat.run("products", "show", "naturalis:NAT-MYST-50")
        #expect(show.stdout.contains("Unobtainium Extract → UNRESOLVED"))
        #expect(show.stdout.contains("not known to be safe"))
        let blend = try oilcat.run("products", "show", "naturalis:NAT-CALM-100")
        #expect(blend.stdout.contains("anti-inflammatory (from Lavender oil)"))

        let list = try #require(try oilcat.run("supplier", "list", "--json").json() as? [[String: Any]])
        #expect(list.first?["activeProducts"] as? Int == 12)
    }

    @Test("a stale product says so in products search and products show, text and JSON")
    func staleShown() throws {
        let oilcat = try OilcatProcess()
        defer { oilcat.cleanUp() }
        let sample = Self.samples.appending(path: "google-merchant/feed.xml")
        try oilcat.run("supplier", "add", "naturalis", "--format", "google-merchant")
        #expect(try oilcat.run("import", sample.path, "--supplier", "naturalis").status == 0)
        let broken = oilcat.home.appending(path: "broken.xml")
        let text = try String(contentsOf: sample, encoding: .utf8)
            .replacingOccurrences(of: "<g:title>Lavender Essential Oil 10 ml</g:title>", with: "<g:title></g:title>")
        try text.write(to: broken, atomically: true, encoding: .utf8)
        let report = try json(try oilcat.run("import", broken.path, "--supplier", "naturalis", "--max-errors", "1", "--json"))
        #expect(report["stale"] as? [String] == ["NAT-LAV-10"])
        let search = try oilcat.run("products", "search", "lavender essential")
        #expect(search.stdout.contains("STALE (not known to be safe)"), "\(search.stdout)")
        let rows = try #require(try oilcat.run("products", "search", "--json").json() as? [[String: Any]])
        #expect(rows.first { $0["sku"] as? String == "NAT-LAV-10" }?["staleReason"] as? String != nil)
        let show = try oilcat.run("products", "show", "naturalis:NAT-LAV-10")
        #expect(show.stdout.contains("STALE: the supplier's latest record was rejected"), "\(show.stdout)")
        let detail = try json(try oilcat.run("products", "show", "naturalis:NAT-LAV-10", "--json"))
        #expect((detail["staleReason"] as? String)?.contains("rejected") == true)
    }

    @Test("a relative --source is stored as an absolute path, so a scheduled import from another folder finds it")
    func relativeSource() throws {
        let oilcat = try OilcatProcess()
        defer { oilcat.cleanUp() }
        let folder = oilcat.home.appending(path: "feeds-in")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.samples.appending(path: "google-merchant/feed.xml"), to: folder.appending(path: "feed.xml"))
        // The process runs in its home folder: the path is relative to it.
        let added = try json(try oilcat.run("supplier", "add", "naturalis", "--format", "google-merchant", "--source", "feeds-in/../feeds-in/feed.xml", "--json"))
        let stored = try #require(added["source"] as? String)
        #expect(stored.hasPrefix("/") && stored.hasSuffix("/feeds-in/feed.xml") && !stored.contains(".."), "\(stored)")
        #expect(FileManager.default.fileExists(atPath: stored))
        let missing = try oilcat.run("supplier", "update", "naturalis", "--source", "later/feed.xml")
        #expect(missing.status == 0 && missing.stderr.contains("no file at") && missing.stderr.contains("/later/feed.xml"), "\(missing.stderr)")
        let url = try json(try oilcat.run("supplier", "update", "naturalis", "--source", "https://feeds.example/naturalis.xml", "--json"))
        #expect(url["source"] as? String == "https://feeds.example/naturalis.xml")
    }

    @Test("--feeds archives the feed in the folder given, and a folder that does not exist fails the run on the record (a dry run needs none)")
    func feedsFolder() throws {
        let oilcat = try OilcatProcess()
        defer { oilcat.cleanUp() }
        let feed = Self.samples.appending(path: "google-merchant/feed.xml").path
        try oilcat.run("supplier", "add", "naturalis", "--format", "google-merchant")
        let missing = oilcat.home.appending(path: "no-such-folder").path
        // A dry run archives nothing, so it needs no folder.
        let dry = try oilcat.run("import", feed, "--supplier", "naturalis", "--feeds", missing, "--dry-run")
        #expect(dry.status == 0, "\(dry.stderr)")
        let refused = try oilcat.run("import", feed, "--supplier", "naturalis", "--feeds", missing)
        #expect(refused.status != 0 && refused.stderr.contains("IMPORT-ARCHIVE"), "\(refused.stderr)")
        #expect(refused.stderr.contains(missing) && !FileManager.default.fileExists(atPath: missing))
        // The failure is on the record, for 'import runs --failed' and the admin page.
        let failed = try #require(try oilcat.run("import", "runs", "--failed", "--json").json() as? [[String: Any]])
        #expect(failed.count == 1)
        let emptyName = try oilcat.run("import", feed, "--supplier", "naturalis", "--feeds", "")
        #expect(emptyName.status != 0 && emptyName.stderr.contains("--feeds needs a folder"), "\(emptyName.stderr)")

        let archive = oilcat.home.appending(path: "archive")
        try FileManager.default.createDirectory(at: archive, withIntermediateDirectories: true)
        let report = try json(try oilcat.run("import", feed, "--supplier", "naturalis", "--json", environment: ["OILCAT_FEEDS": archive.path]))
        let path = try #require(report["archivePath"] as? String)
        #expect(path.hasPrefix(archive.path + "/naturalis/") && FileManager.default.fileExists(atPath: path))
    }

    @Test("import from standard input, and a failing import exits 1 with the report and one error line")
    func standardInputAndFailure() throws {
        let oilcat = try OilcatProcess()
        defer { oilcat.cleanUp() }
        try oilcat.run("supplier", "add", "aroma", "--format", "ndjson")
        let feed = oilcat.home.appending(path: "feed.ndjson")
        try "{\"sku\":\"A\",\"price\":\"abc\",\"currency\":\"GBP\"}\n".write(to: feed, atomically: true, encoding: .utf8)
        let failed = try oilcat.run("import", feed.path, "--supplier", "aroma")
        #expect(failed.status == 1)
        #expect(failed.stdout.contains("field name"))
        #expect(failed.stderr.split(separator: "\n").count == 1)
        #expect(failed.stderr.contains("IMPORT-NO-VALID-RECORDS") || failed.stderr.contains("IMPORT-TOO-MANY-REJECTIONS"))

        let process = Process()
        process.executableURL = OilcatProcess.executable
        process.arguments = ["import", "-", "--supplier", "aroma", "--json"]
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = oilcat.home.path
        environment["XDG_DATA_HOME"] = oilcat.home.appending(path: "data").path
        process.environment = environment
        process.standardInput = try FileHandle(forReadingFrom: Self.samples.appending(path: "ndjson/feed.ndjson"))
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(report["source"] as? String == "standard input")
        #expect((report["counts"] as? [String: Any])?["added"] as? Int == 4)
    }

    @Test("a misspelt supplier gets a 'did you mean'; an update without options, an empty feed and a reading without its strength say what is wrong")
    func slips() throws {
        let oilcat = try OilcatProcess()
        defer { oilcat.cleanUp() }
        try oilcat.run("supplier", "add", "naturalis", "--format", "google-merchant")
        let misspelt = try oilcat.run("import", "--supplier", "naturalsi")
        #expect(misspelt.status == 1)
        #expect(misspelt.stderr.contains("no supplier 'naturalsi'; did you mean 'naturalis'?"), "\(misspelt.stderr)")
        let far = try oilcat.run("supplier", "update", "zzz", "--name", "Z")
        #expect(far.stderr.contains("no supplier 'zzz'; add it with 'oilcat supplier add'"), "\(far.stderr)")
        let nothing = try oilcat.run("supplier", "update", "naturalis")
        #expect(nothing.status == 1)
        #expect(nothing.stderr.contains("nothing to change") && nothing.stderr.contains("[CLI-NOTHING-TO-CHANGE]"), "\(nothing.stderr)")
        let empty = oilcat.home.appending(path: "empty.xml")
        try Data().write(to: empty)
        let failed = try oilcat.run("import", empty.path, "--supplier", "naturalis")
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("holds no XML element: the file is empty"), "\(failed.stderr)")
        // A reading of "positive" is asked for its strength.
        let positive = try oilcat.run("patch-test", "read", "1", "--result", "positive")
        #expect(positive.status == 1)
        #expect(positive.stderr.contains("recorded with its strength: + weak, ++ strong, +++ extreme"), "\(positive.stderr)")
    }

    @Test("an external oilcat-import-NAME plugin imports without rebuilding")
    func externalPlugin() throws {
        let oilcat = try OilcatProcess()
        defer { oilcat.cleanUp() }
        let plugins = ["OILCAT_PLUGINS": OilcatProcess.repository.appending(path: "Plugins/ExternalPluginExample").path]
        let added = try oilcat.run("supplier", "add", "clinic", "--format", "csv", environment: plugins)
        #expect(added.status == 0, "\(added.stderr)")
        let report = try json(try oilcat.run(
            "import", Self.samples.appending(path: "csv-plugin/feed.csv").path, "--supplier", "clinic", "--json", environment: plugins
        ))
        #expect((report["counts"] as? [String: Any])?["added"] as? Int == 3)
        let unknown = try oilcat.run("supplier", "add", "other", "--format", "dbase")
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("unknown format 'dbase'"))
    }

    @Test("an http feed is downloaded; unchanged, it costs one conditional request and writes only the run record")
    func httpConditionalGet() throws {
        let oilcat = try OilcatProcess()
        defer { oilcat.cleanUp() }
        let body = try Data(contentsOf: Self.samples.appending(path: "google-merchant/feed.xml"))
        let server = try LoopbackHTTPServer(body: body, etag: "\"v1\"")
        defer { server.stop() }
        try oilcat.run("supplier", "add", "naturalis", "--format", "google-merchant", "--source", server.url)
        let first = try json(try oilcat.run("import", "--supplier", "naturalis", "--json"))
        #expect(first["status"] as? String == "succeeded")
        let second = try json(try oilcat.run("import", "--supplier", "naturalis", "--json"))
        #expect(second["status"] as? String == "unchanged")
        #expect(server.requestHeaders.count == 2)
        #expect(server.requestHeaders.last?.lowercased().contains("if-none-match: \"v1\"") == true)
        let runs = try #require(try oilcat.run("db", "info", "--json").json() as? [String: Any])
        #expect(((runs["database"] as? [String: Any])?["counts"] as? [String: Int])?["importRun"] == 2)

        server.update(body: Data(String(decoding: body, as: UTF8.self).replacingOccurrences(of: "12.50 GBP", with: "13.00 GBP").utf8), etag: "\"v2\"")
        let third = try json(try oilcat.run("import", "--supplier", "naturalis", "--json"))
        #expect((third["counts"] as? [String: Any])?["changed"] as? Int == 1)
    }

    @Test("a download that fails says why, exits non-zero and leaves the catalogue as it was; redirects are followed")
    func httpFailures() throws {
        let oilcat = try OilcatProcess()
        defer { oilcat.cleanUp() }
        let body = try Data(contentsOf: Self.samples.appending(path: "google-merchant/feed.xml"))
        let server = try LoopbackHTTPServer(body: body, etag: "\"v1\"")
        try oilcat.run("supplier", "add", "naturalis", "--format", "google-merchant")
        let moved = try json(try oilcat.run("import", server.address("moved"), "--supplier", "naturalis", "--json"))
        #expect(moved["status"] as? String == "succeeded")
        let before = try #require(try oilcat.run("products", "search", "--json").json() as? [[String: Any]])
        #expect(!before.isEmpty)

        let missing = try oilcat.run("import", server.address("gone.xml"), "--supplier", "naturalis")
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("IMPORT-DOWNLOAD") && missing.stderr.contains("answered HTTP 404"), "\(missing.stderr)")
        let cut = try oilcat.run("import", server.address("cut"), "--supplier", "naturalis")
        #expect(cut.status != 0)
        #expect(cut.stderr.contains("IMPORT-DOWNLOAD"), "\(cut.stderr)")
        server.stop()
        let refused = try oilcat.run("import", server.url, "--supplier", "naturalis")
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("cannot download \(server.url)"), "\(refused.stderr)")
        let invalid = try oilcat.run("import", "http://", "--supplier", "naturalis")
        #expect(invalid.status != 0)
        #expect(invalid.stderr.contains("IMPORT-BAD-URL"), "\(invalid.stderr)")

        let after = try #require(try oilcat.run("products", "search", "--json").json() as? [[String: Any]])
        #expect(after.count == before.count)
        #expect(after.map { $0["product"] as? String } == before.map { $0["product"] as? String })
    }

    @Test("a dry run prints the report and writes nothing")
    func dryRun() throws {
        let oilcat = try OilcatProcess()
        defer { oilcat.cleanUp() }
        try oilcat.run("supplier", "add", "berger", "--format", "bmecat")
        let dry = try oilcat.run("import", Self.samples.appending(path: "bmecat/catalog-2005.xml").path, "--supplier", "berger", "--dry-run")
        #expect(dry.status == 0)
        #expect(dry.stdout.contains("added 3"))
        #expect(dry.stdout.contains("dry run: nothing was written"))
        let search = try #require(try oilcat.run("products", "search", "--json").json() as? [[String: Any]])
        #expect(search.isEmpty)
    }

    @Test("mapped suppliers need a valid mapping file")
    func mappings() throws {
        let oilcat = try OilcatProcess()
        defer { oilcat.cleanUp() }
        let missing = try oilcat.run("supplier", "add", "herbwell", "--format", "xml")
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("needs --mapping"))
        let bad = oilcat.home.appending(path: "bad.yaml")
        try "record: a\nfields:\n  colour: x\n".write(to: bad, atomically: true, encoding: .utf8)
        let invalid = try oilcat.run("supplier", "add", "herbwell", "--format", "xml", "--mapping", bad.path)
        #expect(invalid.stderr.contains("'colour'"))
        let good = try oilcat.run(
            "supplier", "add", "herbwell", "--format", "xml", "--mapping", Self.samples.appending(path: "mapped-xml/mapping.yaml").path
        )
        #expect(good.status == 0, "\(good.stderr)")
        let report = try json(try oilcat.run("import", Self.samples.appending(path: "mapped-xml/feed.xml").path, "--supplier", "herbwell", "--json"))
        #expect((report["counts"] as? [String: Any])?["added"] as? Int == 2)
    }
}

@Suite("External plugins that misbehave")
struct MisbehavingPluginTests {
    @Test("a plugin that exits without reading a large feed fails the run with its message; oilcat does not crash")
    func quitsEarly() throws {
        let oilcat = try OilcatProcess()
        defer { oilcat.cleanUp() }
        let plugins = oilcat.home.appending(path: "plugins")
        try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
        let plugin = plugins.appending(path: "oilcat-import-broken")
        try "#!/bin/sh\necho 'cannot read this feed' >&2\nexit 3\n".write(to: plugin, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: plugin.path)
        let environment = ["OILCAT_PLUGINS": plugins.path]
        try oilcat.run("supplier", "add", "odd", "--format", "broken", environment: environment)
        let feed = oilcat.home.appending(path: "big.csv")
        try String(repeating: "sku,name\n", count: 200_000).write(to: feed, atomically: true, encoding: .utf8)
        let result = try oilcat.run("import", feed.path, "--supplier", "odd", environment: environment)
        #expect(result.status == 1)
        #expect(result.stderr.contains("exited with status 3"))
        #expect(result.stderr.contains("cannot read this feed"))
    }

    @Test("a plugin writing something that is not the protocol fails the run with the line")
    func garbage() throws {
        let oilcat = try OilcatProcess()
        defer { oilcat.cleanUp() }
        let plugins = oilcat.home.appending(path: "plugins")
        try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
        let plugin = plugins.appending(path: "oilcat-import-chatty")
        try "#!/bin/sh\ncat >/dev/null\necho 'hello, I am a plugin'\n".write(to: plugin, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: plugin.path)
        let environment = ["OILCAT_PLUGINS": plugins.path]
        try oilcat.run("supplier", "add", "odd", "--format", "chatty", environment: environment)
        let feed = oilcat.home.appending(path: "feed.txt")
        try "anything".write(to: feed, atomically: true, encoding: .utf8)
        let result = try oilcat.run("import", feed.path, "--supplier", "odd", environment: environment)
        #expect(result.status == 1)
        #expect(result.stderr.contains("line 1 that is not a protocol object"))
    }
}
