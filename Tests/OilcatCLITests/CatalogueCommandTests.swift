import Foundation
import Testing

@Suite("oilcat catalogue")
struct CatalogueCommandTests {
    func ids(_ result: OilcatProcess.Result) throws -> Set<String> {
        let rows = try #require(try result.json() as? [[String: Any]])
        return Set(rows.compactMap { $0["id"] as? String })
    }

    @Test("ingredients --property hydrating lists jojoba and coconut; anti-inflammatory lists lavender and both chamomiles")
    func propertyFilter() throws {
        let oilcat = try OilcatProcess()
        defer { oilcat.cleanUp() }
        let hydrating = try oilcat.run("catalogue", "ingredients", "--property", "hydrating", "--json")
        #expect(hydrating.status == 0)
        #expect(try ids(hydrating).isSuperset(of: ["jojoba-oil", "coconut-oil"]))
        let antiInflammatory = try oilcat.run("catalogue", "ingredients", "--property", "anti-inflammatory", "--json")
        #expect(
            try ids(antiInflammatory).isSuperset(of: ["lavender-oil", "german-chamomile-oil", "roman-chamomile-oil"])
        )
        #expect(try !ids(antiInflammatory).contains("jojoba-oil"))
    }

    @Test("output into a pipe nobody reads (`oilcat … | head`) ends the command quietly with 141, never a crash")
    func closedPipe() throws {
        let oilcat = try OilcatProcess()
        defer { oilcat.cleanUp() }
        for arguments in [["catalogue", "ingredients"], ["catalogue", "ingredients", "--json"]] {
            let result = try oilcat.runIntoClosedPipe(arguments)
            #expect(result.status == 141, "\(arguments): \(result.stderr)")
            #expect(!result.stderr.contains("Fatal error"), "\(result.stderr)")
        }
    }

    @Test("ingredients --kind filters, and the table ends with a count")
    func kindFilterAndTable() throws {
        let oilcat = try OilcatProcess()
        defer { oilcat.cleanUp() }
        let butters = try oilcat.run("catalogue", "ingredients", "--kind", "butter", "--json")
        #expect(try ids(butters) == ["shea-butter", "cocoa-butter", "mango-butter"])
        let table = try oilcat.run("catalogue", "ingredients", "--kind", "essential-oil")
        #expect(table.stdout.hasPrefix("ID"))
        #expect(table.stdout.contains("Lavandula Angustifolia Oil"))
        #expect(table.stdout.contains("essential oil"))
        let unknown = try oilcat.run("catalogue", "ingredients", "--kind", "potion")
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("unknown kind 'potion'"))
    }

    @Test("resolve: the issue's label resolves all but Unobtainium Extract")
    func resolveIssueExample() throws {
        let oilcat = try OilcatProcess()
        defer { oilcat.cleanUp() }
        let result = try oilcat.run(
            "catalogue", "resolve",
            "Aqua, Simmondsia Chinensis (Jojoba) Seed Oil, Lavandula Angustifolia Oil, Linalool*, Limonene*, Parfum, Unobtainium Extract",
            "--json"
        )
        #expect(result.status == 0)
        let report = try #require(try result.json() as? [String: Any])
        #expect(report["unresolved"] as? [String] == ["Unobtainium Extract"])
        let entries = try #require(report["entries"] as? [[String: Any]])
        #expect(entries.count == 7)
        #expect(entries.prefix(6).allSatisfy { $0["status"] as? String == "resolved" })
        #expect(entries.last?["status"] as? String == "unresolved")
        #expect(report["ingredients"] as? [String] == ["water", "jojoba-oil", "lavender-oil", "parfum"])
        #expect(report["allergens"] as? [String] == ["linalool", "limonene"])
        let human = try oilcat.run("catalogue", "resolve", "Jojoba Oil, Unobtainium Extract")
        #expect(human.stdout.contains("1 of 2 resolved"))
        #expect(human.stdout.contains("not known to be safe"))
    }

    @Test("resolve: a list beginning with '-' is the list, not an option; --file gives one JSON object a line")
    func resolveLeadingDashAndFile() throws {
        let oilcat = try OilcatProcess()
        defer { oilcat.cleanUp() }
        let dashed = try oilcat.run("catalogue", "resolve", "-Retinol, Aqua, Butylene Glycol", "--json")
        #expect(dashed.status == 0, "\(dashed.stderr)")
        let report = try #require(try dashed.json() as? [String: Any])
        #expect(report["ingredients"] as? [String] == ["retinol", "water", "butylene-glycol"])

        let file = FileManager.default.temporaryDirectory.appending(path: "labels-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data("-Retinol, Aqua\n\nLinalool**, Citral <18907>\n".utf8).write(to: file)
        let batch = try oilcat.run("catalogue", "resolve", "--file", file.path, "--json")
        #expect(batch.status == 0, "\(batch.stderr)")
        let lines = batch.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        let second = try #require(try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
        #expect(second["allergens"] as? [String] == ["linalool", "citral"])
        let neither = try oilcat.run("catalogue", "resolve")
        #expect(neither.status == 64)
    }

    @Test("reread: every product read again against the reference data; an unknown supplier is refused")
    func reread() throws {
        let oilcat = try OilcatProcess()
        defer { oilcat.cleanUp() }
        let feed = OilcatProcess.repository.appending(path: "Catalogue/suppliers/google-merchant/feed.xml").path
        try oilcat.run("supplier", "add", "naturalis", "--format", "google-merchant")
        #expect(try oilcat.run("import", feed, "--supplier", "naturalis").status == 0)
        let outcome = try #require(try oilcat.run("catalogue", "reread", "--dry-run", "--json").json() as? [String: Any])
        #expect((outcome["read"] as? Int ?? 0) > 0)
        #expect(outcome["changed"] as? Int == 0, "read with the data it was imported with, nothing changes")
        #expect(outcome["dryRun"] as? Bool == true)
        let text = try oilcat.run("catalogue", "reread", "--supplier", "naturalis")
        #expect(text.status == 0)
        #expect(text.stdout.contains("read again; 0 read differently"), "\(text.stdout)")
        let unknown = try oilcat.run("catalogue", "reread", "--supplier", "nobody")
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("no supplier 'nobody'"), "\(unknown.stderr)")

        // Other reference data (a comment line added): the first command that gives verdicts reads the catalogue
        // again, and says so; the next does not.
        let catalogue = oilcat.home.appending(path: "catalogue-updated")
        try FileManager.default.copyItem(at: OilcatProcess.repository.appending(path: "Catalogue"), to: catalogue)
        let properties = catalogue.appending(path: "taxonomy/properties.yaml")
        try (try String(contentsOf: properties, encoding: .utf8) + "\n# updated\n").write(to: properties, atomically: true, encoding: .utf8)
        let client = try #require((try oilcat.run("client", "add", "--name", "Ada", "--json").json() as? [String: Any])?["id"] as? Int)
        let first = try oilcat.run("safe-oils", "--client", String(client), "--catalogue", catalogue.path)
        #expect(first.status == 0)
        #expect(first.stderr.contains("the reference data changed since the catalogue was last read"), "\(first.stderr)")
        let second = try oilcat.run("safe-oils", "--client", String(client), "--catalogue", catalogue.path)
        #expect(!second.stderr.contains("reference data changed"), "\(second.stderr)")
        // The data it replaced is older: a command still using it is refused and changes nothing.
        let older = try oilcat.run("safe-oils", "--client", String(client))
        #expect(older.status != 0)
        #expect(older.stderr.contains("REFERENCE-DATA-CHANGED") && older.stderr.contains("older than"), "\(older.stderr)")
        // Going back on purpose (an edit undone) is a reading by hand, and says so; then the older data is current.
        let back = try oilcat.run("catalogue", "reread")
        #expect(back.status == 0)
        #expect(back.stderr.contains("this reference data was replaced since"), "\(back.stderr)")
        #expect(try oilcat.run("safe-oils", "--client", String(client)).status == 0)
    }

    @Test("show: an inventory ingredient has its CAS and functions")
    func showInventory() throws {
        let oilcat = try OilcatProcess()
        defer { oilcat.cleanUp() }
        let detail = try #require(try oilcat.run("catalogue", "show", "Butylene Glycol", "--json").json() as? [String: Any])
        #expect(detail["id"] as? String == "butylene-glycol")
        #expect(detail["tier"] as? String == "inventory")
        #expect(detail["cas"] as? String == "107-88-0")
        #expect((detail["functions"] as? [String])?.contains("Humectant") == true)
    }

    @Test("show: by common name, with properties, cautions and cross-reactivity")
    func show() throws {
        let oilcat = try OilcatProcess()
        defer { oilcat.cleanUp() }
        let result = try oilcat.run("catalogue", "show", "Roman chamomile", "--json")
        let detail = try #require(try result.json() as? [String: Any])
        #expect(detail["id"] as? String == "roman-chamomile-oil")
        let groups = try #require(detail["crossReactivity"] as? [[String: Any]])
        #expect(groups.first?["grade"] as? String == "strong")
        let missing = try oilcat.run("catalogue", "show", "Lavendar")
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("did you mean"))
    }

    @Test("a corrupted catalogue file gives a one-line error naming the file, and exit ≠ 0")
    func corruptedCatalogue() throws {
        let oilcat = try OilcatProcess()
        defer { oilcat.cleanUp() }
        let copy = oilcat.home.appending(path: "Catalogue")
        try FileManager.default.copyItem(at: OilcatProcess.repository.appending(path: "Catalogue"), to: copy)
        let file = copy.appending(path: "taxonomy/properties.yaml")
        try "properties:\n  - id: hydrating\n    name: [unclosed\n".write(to: file, atomically: true, encoding: .utf8)
        let result = try oilcat.run("catalogue", "ingredients", "--catalogue", copy.path)
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(result.stderr.contains(file.path))
        #expect(result.stderr.contains("YAML syntax error"))
    }

    @Test("a folder that is not a catalogue is named")
    func notACatalogue() throws {
        let oilcat = try OilcatProcess()
        defer { oilcat.cleanUp() }
        let result = try oilcat.run("catalogue", "ingredients", environment: ["OILCAT_CATALOGUE": "/tmp"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("/tmp (from OILCAT_CATALOGUE) is not a reference catalogue"))
    }
}

@Suite("The taxonomy cache")
struct TaxonomyCacheTests {
    @Test("a JSON copy is made once, reused, ignored when damaged, and bypassed when the files change")
    func cache() throws {
        let oilcat = try OilcatProcess()
        defer { oilcat.cleanUp() }
        let cacheFolder = oilcat.home.appending(path: ".cache/oilcatalogue")
        let first = try oilcat.run("catalogue", "ingredients", "--property", "hydrating", "--json")
        let files = try FileManager.default.contentsOfDirectory(atPath: cacheFolder.path)
        let copies = files.filter { $0.hasPrefix("taxonomy-") && !$0.hasSuffix("-test-allergens.json") }
        #expect(copies.count == 1)
        // The test allergens beside it, read only by a command that meets one.
        let testAllergens = files.filter { $0.hasSuffix("-test-allergens.json") }
        #expect(testAllergens.count == 1)
        let sideFile = cacheFolder.appending(path: try #require(testAllergens.first))
        let report = oilcat.home.appending(path: "report.txt")
        try "wool alcohols: +".write(to: report, atomically: true, encoding: .utf8)
        let client = try #require((try oilcat.run("client", "add", "--name", "Cache", "--json").json() as? [String: Any])?["id"] as? Int)
        let fromCache = try oilcat.run("client", "allergy", "add", "--client", "\(client)", "--report", report.path, "--source", "dermatologist")
        #expect(fromCache.stdout.contains("Wool alcohols"), "\(fromCache.stdout)\(fromCache.stderr)")
        // A side file of another size (damaged) makes the copy unused: the YAML is read again.
        try "[]".write(to: sideFile, atomically: true, encoding: .utf8)
        let other = try #require((try oilcat.run("client", "add", "--name", "Cache 2", "--json").json() as? [String: Any])?["id"] as? Int)
        let damagedSide = try oilcat.run("client", "allergy", "add", "--client", "\(other)", "--report", report.path, "--source", "dermatologist")
        #expect(damagedSide.stdout.contains("Wool alcohols"), "\(damagedSide.stdout)\(damagedSide.stderr)")
        let copy = cacheFolder.appending(path: try #require(copies.first))
        try "{ not json".write(to: copy, atomically: true, encoding: .utf8)
        let damaged = try oilcat.run("catalogue", "ingredients", "--property", "hydrating", "--json")
        #expect(damaged.status == 0)
        #expect(damaged.stdout == first.stdout)

        let catalogue = oilcat.home.appending(path: "Catalogue")
        try FileManager.default.copyItem(at: OilcatProcess.repository.appending(path: "Catalogue"), to: catalogue)
        let properties = catalogue.appending(path: "taxonomy/properties.yaml")
        let text = try String(contentsOf: properties, encoding: .utf8)
        try text.replacingOccurrences(of: "{ingredient: jojoba-oil, source: \"seed 004: jojoba softens", with: "{ingredient: jojoba-oi, source: \"seed 004: jojoba softens")
            .write(to: properties, atomically: true, encoding: .utf8)
        let edited = try oilcat.run("catalogue", "ingredients", "--catalogue", catalogue.path)
        #expect(edited.status == 1)
        #expect(edited.stderr.contains("'jojoba-oi' is not an ingredient id"))
    }
}
