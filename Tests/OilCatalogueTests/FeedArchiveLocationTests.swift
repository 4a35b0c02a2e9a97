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
        #expect(try FeedArchiveLocation.resolve(explicit: nil, databasePath: database, environment: [:]).path == "/srv/clinic/feeds")
        #expect(try FeedArchiveLocation.resolve(explicit: "", databasePath: database, environment: ["OILCAT_FEEDS": ""]).path == "/srv/clinic/feeds")
        #expect(try FeedArchiveLocation.resolve(explicit: nil, databasePath: database, environment: ["OILCAT_FEEDS": folder.path]).path == folder.path)
        #expect(try FeedArchiveLocation.resolve(explicit: folder.path, databasePath: database, environment: ["OILCAT_FEEDS": "/nowhere"]).path == folder.path)

        let missing = folder.appending(path: "typo").path
        let error = #expect(throws: LocationError.self) {
            try FeedArchiveLocation.resolve(explicit: missing, databasePath: database, environment: [:])
        }
        #expect(error?.code == "CAT-FEEDS-LOCATION" && error?.message.contains(missing) == true)
        #expect(!FileManager.default.fileExists(atPath: missing))
        // A file is not a folder.
        let file = folder.appending(path: "feed.xml")
        try Data("<rss/>".utf8).write(to: file)
        #expect(throws: LocationError.self) {
            try FeedArchiveLocation.resolve(explicit: nil, databasePath: database, environment: ["OILCAT_FEEDS": file.path])
        }
    }
}
