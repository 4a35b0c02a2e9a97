import ArgumentParser
import Foundation
import OilCatalogue

/// Where imported feeds are archived; the commands that import take it.
struct FeedArchiveOptions: ParsableArguments {
    @Option(name: .customLong("feeds"), help: ArgumentHelp(
        "The folder imported feeds are archived in (default: OILCAT_FEEDS, else feeds/ beside the database). It must exist.",
        valueName: "folder"
    ))
    var feedsPath: String?

    /// The archive folder for the database at `databasePath`.
    func folder(databasePath: String) throws -> URL {
        try FeedArchiveLocation.resolve(explicit: feedsPath, databasePath: databasePath)
    }
}
