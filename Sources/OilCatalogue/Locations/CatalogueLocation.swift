public import Foundation

/// Finds the reference catalogue folder: `--catalogue`, then `OILCAT_CATALOGUE`, then `Catalogue/` in the current
/// folder or beside the executable (up to the repository root of a source checkout).
public enum CatalogueLocation {
    /// The environment variable that names the catalogue folder.
    public static let environmentVariable = "OILCAT_CATALOGUE"

    /// The catalogue folder to use.
    /// - Throws: ``LocationError`` when no candidate holds `taxonomy/`.
    public static func resolve(
        explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
        executable: URL = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
    ) throws(LocationError) -> URL {
        if let explicit { return try existing(URL(fileURLWithPath: explicit), from: "--catalogue") }
        if let named = environment[environmentVariable], !named.isEmpty {
            return try existing(URL(fileURLWithPath: named), from: environmentVariable)
        }
        var candidates = [URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appending(path: "Catalogue")]
        var folder = executable.deletingLastPathComponent()
        for _ in 0..<6 {
            candidates.append(folder.appending(path: "Catalogue"))
            folder = folder.deletingLastPathComponent()
        }
        if let found = candidates.first(where: isCatalogue) { return found.standardizedFileURL }
        throw LocationError(
            code: "CAT-LOCATION",
            message: "cannot find the reference catalogue (a folder with taxonomy/ inside); "
                + "pass --catalogue PATH or set \(environmentVariable)"
        )
    }

    private static func existing(_ url: URL, from source: String) throws(LocationError) -> URL {
        guard isCatalogue(url) else {
            throw LocationError(
                code: "CAT-LOCATION",
                message: "\(url.path) (from \(source)) is not a reference catalogue: it has no taxonomy/ folder"
            )
        }
        return url
    }

    private static func isCatalogue(_ url: URL) -> Bool {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.appending(path: "taxonomy").path, isDirectory: &isFolder)
            && isFolder.boolValue
    }
}
