public import Foundation

/// Where the embedded SQLite database lives: `--db PATH`, then `OILCAT_DB`, then the default
/// `$XDG_DATA_HOME/oilcatalogue/oilcat.sqlite` (`~/.local/share/oilcatalogue/oilcat.sqlite` when XDG_DATA_HOME is
/// unset).
public enum DatabaseLocation {
    /// The environment variable that names the database file.
    public static let environmentVariable = "OILCAT_DB"

    /// The database path to use, with where it came from.
    public static func resolve(
        explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(LocationError) -> (path: String, isDefault: Bool) {
        if let explicit, !explicit.isEmpty { return (explicit, false) }
        if let named = environment[environmentVariable], !named.isEmpty { return (named, false) }
        let folder = defaultFolder(environment: environment)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw LocationError(
                code: "CAT-LOCATION",
                message: "cannot create the default database folder \(folder.path) (\(error.localizedDescription)); "
                    + "pass --db PATH or set \(environmentVariable)"
            )
        }
        return (folder.appending(path: "oilcat.sqlite").path, true)
    }

    /// The folder of the default database.
    public static func defaultFolder(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            return URL(fileURLWithPath: xdg).appending(path: "oilcatalogue")
        }
        let home = environment["HOME"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser
        return home.appending(path: ".local/share/oilcatalogue")
    }
}
