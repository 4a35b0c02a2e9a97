import Foundation
import OilCatalogue
import Testing

@Suite("Where imported feeds are archived")
struct FeedArchiveLocationTests {
    @Test("--feeds, then OILCAT_FEEDS, then feeds/ beside the database; a named folder must exist")
    func order() throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "oilcat-feeds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = "/srv/clinic/oilcat.sqlite"
        func resolve(_ explicit: String?, _ environment: [String: String]) -> FeedArchiveLocation {
            FeedArchiveLocation.resolve(explicit: explicit, databasePath: database, environment: environment)
        }
        func where_(_ location: FeedArchiveLocation) -> [String?] { [location.folder.path, location.namedBy] }
        #expect(where_(resolve(nil, [:])) == ["/srv/clinic/feeds", nil])
        #expect(where_(resolve("", ["OILCAT_FEEDS": ""])) == ["/srv/clinic/feeds", nil])
        #expect(where_(resolve(nil, ["OILCAT_FEEDS": folder.path])) == [folder.path, "OILCAT_FEEDS"])
        #expect(where_(resolve(folder.path, ["OILCAT_FEEDS": "/nowhere"])) == [folder.path, "--feeds"])
        // The default is made by the first import; a named one is checked.
        try resolve(nil, [:]).check()
        try resolve(folder.path, [:]).check()

        let missing = folder.appending(path: "typo").path
        let error = #expect(throws: LocationError.self) { try resolve(missing, [:]).check() }
        #expect(error?.code == "CAT-FEEDS-LOCATION" && error?.message.contains(missing) == true)
        #expect(!FileManager.default.fileExists(atPath: missing))
        // A file is not a folder.
        let file = folder.appending(path: "feed.xml")
        try Data("<rss/>".utf8).write(to: file)
        #expect(throws: LocationError.self) { try resolve(nil, ["OILCAT_FEEDS": file.path]).check() }
    }
}
