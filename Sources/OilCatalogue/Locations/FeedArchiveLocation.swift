public import Foundation

/// Where imported feeds are archived: `--feeds DIR`, then `OILCAT_FEEDS`, then `feeds/` beside the database file.
///
/// A folder named explicitly must exist (a typo should not scatter archives into a new folder); the default one is
/// made by the first import that archives.
public enum FeedArchiveLocation {
    /// The environment variable that names the archive folder.
    public static let environmentVariable = "OILCAT_FEEDS"

    /// The archive folder to use.
    /// - Parameters:
    ///   - explicit: the `--feeds` option, if given.
    ///   - databasePath: the database file, beside which the default folder lies.
    public static func resolve(
        explicit: String?, databasePath: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(LocationError) -> URL {
        let named: (path: String, source: String)? =
            if let explicit, !explicit.isEmpty { (explicit, "--feeds") } else if let value = environment[environmentVariable], !value.isEmpty {
                (value, environmentVariable)
            } else { nil }
        guard let named else {
            return URL(fileURLWithPath: databasePath).deletingLastPathComponent().appending(path: "feeds")
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: named.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw LocationError(
                code: "CAT-FEEDS-LOCATION",
                message: "the feed archive folder \(named.path) (from \(named.source)) does not exist or is not a folder; "
                    + "create it or name another"
            )
        }
        return URL(fileURLWithPath: named.path)
    }
}
