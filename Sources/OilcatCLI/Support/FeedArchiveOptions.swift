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

    func validate() throws {
        if let feedsPath, feedsPath.isEmpty { throw ValidationError("--feeds needs a folder") }
    }

    /// The archive folder for the store at `store`.
    func location(store: StoreLocation) -> FeedArchiveLocation {
        FeedArchiveLocation.resolve(explicit: feedsPath, store: store)
    }
}
