public import Foundation

/// Where imported feeds are archived: `--feeds DIR`, then `OILCAT_FEEDS`, then `feeds/` beside the database file.
///
/// A folder named explicitly must exist (a typo should not scatter archives into a new folder); the default one is
/// made by the first import that archives.
public struct FeedArchiveLocation: Sendable, Equatable {
    /// The environment variable that names the archive folder.
    public static let environmentVariable = "OILCAT_FEEDS"

    /// The folder.
    public var folder: URL
    /// Where a named folder came from (`--feeds`, `OILCAT_FEEDS`); `nil` for the default beside the database.
    public var namedBy: String?

    public init(folder: URL, namedBy: String?) {
        self.folder = folder
        self.namedBy = namedBy
    }

    /// The archive folder to use.
    /// - Parameters:
    ///   - explicit: the `--feeds` option, if given.
    ///   - databasePath: the database file, beside which the default folder lies.
    public static func resolve(
        explicit: String?, databasePath: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> FeedArchiveLocation {
        if let explicit, !explicit.isEmpty { return FeedArchiveLocation(folder: URL(fileURLWithPath: explicit), namedBy: "--feeds") }
        if let value = environment[environmentVariable], !value.isEmpty {
            return FeedArchiveLocation(folder: URL(fileURLWithPath: value), namedBy: environmentVariable)
        }
        return FeedArchiveLocation(
            folder: URL(fileURLWithPath: databasePath).deletingLastPathComponent().appending(path: "feeds"), namedBy: nil
        )
    }

    /// The archive folder for the store at `store`: beside an SQLite file, or in the default data folder
    /// (`~/.local/share/oilcatalogue/feeds`) for a PostgreSQL database, which has no folder of its own here.
    public static func resolve(
        explicit: String?, store: StoreLocation, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> FeedArchiveLocation {
        switch store {
        case .sqlite(let path, _):
            return resolve(explicit: explicit, databasePath: path, environment: environment)
        case .postgres:
            let beside = DatabaseLocation.defaultFolder(environment: environment).appending(path: "oilcat.sqlite").path
            return resolve(explicit: explicit, databasePath: beside, environment: environment)
        }
    }

    /// Whether `url` is an existing folder.
    public static func isFolder(_ url: URL) -> Bool {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) && isFolder.boolValue
    }

    /// Whether a run may archive here: a named folder must be an existing folder.
    public func check() throws(LocationError) {
        guard let namedBy else { return }
        guard Self.isFolder(folder) else {
            throw LocationError(
                code: "CAT-FEEDS-LOCATION",
                message: "the feed archive folder \(folder.path) (from \(namedBy)) does not exist or is not a folder; "
                    + "create it or name another"
            )
        }
    }
}
