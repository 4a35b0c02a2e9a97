import Foundation
import Testing

@Suite("oilcat db")
struct DatabaseCommandTests {
    @Test("the database's own files are never a backup's destination nor a supplier's feed, however spelt")
    func ownFilesRefused() throws {
        let oilcat = try OilcatProcess()
        defer { oilcat.cleanUp() }
        #expect(try oilcat.run("db", "migrate").status == 0)
        let path = oilcat.home.appending(path: "data/oilcatalogue/oilcat.sqlite").path
        let spelt = oilcat.home.appending(path: "data/oilcatalogue/../oilcatalogue/oilcat.sqlite").path
        for destination in [path, path + "-wal", path + "-shm", spelt + "-journal"] {
            let backup = try oilcat.run("db", "backup", destination)
            #expect(backup.status != 0)
            #expect(backup.stderr.contains("DB-BACKUP-TARGET"), "\(destination): \(backup.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: path + "-journal"))

        // A database reached through a symbolic link: SQLite names its companions after the real file.
        let link = oilcat.home.appending(path: "current.sqlite").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: path)
        for destination in [path + "-journal", path + "-wal"] {
            let backup = try oilcat.run("db", "backup", destination, "--db", link)
            #expect(backup.status != 0)
            #expect(backup.stderr.contains("DB-BACKUP-TARGET"), "\(destination): \(backup.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: path + "-journal"))

        #expect(try oilcat.run("supplier", "add", "mistaken", "--format", "google-merchant", "--source", spelt).status == 0)
        let imported = try oilcat.run("import", "--supplier", "mistaken")
        #expect(imported.status != 0)
        #expect(imported.stderr.contains("IMPORT-FEED-IS-DATABASE"), "\(imported.stderr)")
        #expect(try oilcat.run("db", "check").status == 0)
    }

    @Test("migrate creates the default database in WAL mode; info reports it; migrate again is a no-op")
    func migrateAndInfo() throws {
        let oilcat = try OilcatProcess()
        defer { oilcat.cleanUp() }
        let before = try oilcat.run("db", "info", "--json")
        let missing = try #require(try before.json() as? [String: Any])
        #expect(missing["exists"] as? Bool == false)
        let defaultPath = oilcat.home.appending(path: "data/oilcatalogue/oilcat.sqlite").path
        #expect(!FileManager.default.fileExists(atPath: defaultPath))

        let migrate = try oilcat.run("db", "migrate", "--json")
        #expect(migrate.status == 0)
        let report = try #require(try migrate.json() as? [String: Any])
        #expect(report["path"] as? String == defaultPath)
        #expect((report["newlyApplied"] as? [String])?.isEmpty == false)

        let info = try #require(try oilcat.run("db", "info", "--json").json() as? [String: Any])
        let database = try #require(info["database"] as? [String: Any])
        #expect(database["journalMode"] as? String == "wal")
        #expect((database["pendingMigrations"] as? [String])?.isEmpty == true)
        #expect(info["isDefaultLocation"] as? Bool == true)

        let again = try oilcat.run("db", "migrate")
        #expect(again.stdout.contains("is up to date"))
    }

    @Test("OILCAT_DB and --db choose the file, --db first")
    func databaseSelection() throws {
        let oilcat = try OilcatProcess()
        defer { oilcat.cleanUp() }
        let fromEnvironment = oilcat.home.appending(path: "env.sqlite").path
        let fromFlag = oilcat.home.appending(path: "flag.sqlite").path
        try oilcat.run("db", "migrate", environment: ["OILCAT_DB": fromEnvironment])
        #expect(FileManager.default.fileExists(atPath: fromEnvironment))
        try oilcat.run("db", "migrate", "--db", fromFlag, environment: ["OILCAT_DB": fromEnvironment])
        #expect(FileManager.default.fileExists(atPath: fromFlag))
    }

    @Test("a database path that cannot be opened gives a one-line error naming it, and exit ≠ 0")
    func cannotOpen() throws {
        let oilcat = try OilcatProcess()
        defer { oilcat.cleanUp() }
        let missingFolder = try oilcat.run("db", "migrate", "--db", "/nonexistent-oilcat/catalogue.sqlite")
        #expect(missingFolder.status != 0)
        #expect(missingFolder.stderr.split(separator: "\n").count == 1)
        #expect(missingFolder.stderr.contains("/nonexistent-oilcat/catalogue.sqlite"))

        let notDatabase = oilcat.home.appending(path: "notes.sqlite")
        let original = String(repeating: "my clinic notes, not a database\n", count: 100)
        try original.write(to: notDatabase, atomically: true, encoding: .utf8)
        let result = try oilcat.run("db", "info", "--db", notDatabase.path)
        #expect(result.status != 0)
        #expect(result.stderr.contains(notDatabase.path))
        #expect(result.stderr.contains("not a SQLite database"))
        #expect(!result.stderr.contains("Fatal error"))
        #expect(try String(contentsOf: notDatabase, encoding: .utf8) == original)
    }

    @Test("usage errors exit non-zero without a stack trace")
    func usageErrors() throws {
        let oilcat = try OilcatProcess()
        defer { oilcat.cleanUp() }
        let result = try oilcat.run("catalogue", "brew")
        #expect(result.status != 0)
        #expect(!result.stderr.contains("Stack"))
        let help = try oilcat.run("--help")
        #expect(help.status == 0)
        #expect(help.stdout.contains("catalogue"))
    }
}
