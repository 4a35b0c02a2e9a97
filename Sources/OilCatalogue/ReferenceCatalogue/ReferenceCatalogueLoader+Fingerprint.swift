import CatalogueCore
import Crypto
public import Foundation

extension ReferenceCatalogueLoader {
    /// A SHA-256 over every reference file, so imports can tell when the taxonomy changed.
    ///
    /// The YAML files are hashed whole. The generated inventory (3 MB, rewritten only by its script) is named by its
    /// size, modification time and file number instead: hashing it whole cost every command some milliseconds of
    /// its start, and any rewrite of the file changes all three.
    public static func fingerprint(of folder: URL) -> String {
        var hasher = SHA256()
        hashYAML(in: folder, into: &hasher)
        let inventory = inventoryFile(in: folder)
        hasher.update(data: Data(inventory.lastPathComponent.utf8))
        if let attributes = try? FileManager.default.attributesOfItem(atPath: inventory.path) {
            let size = (attributes[.size] as? NSNumber)?.int64Value ?? -1
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? -1
            let number = (attributes[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0
            hasher.update(data: Data("\(size)|\(modified)|\(number)".utf8))
        }
        return Hashing.hex(hasher.finalize())
    }

    /// A SHA-256 over the reference files' contents, the inventory's whole. The same data in another copy of the
    /// folder (another clone, a reinstall) has the same content fingerprint, where ``fingerprint(of:)`` differs with
    /// file numbers and times: the database and the commands name reference data by this one, so a copy is never
    /// taken for other data. It is computed once per copy of the files and kept beside the taxonomy cache under
    /// the file fingerprint. It covers the rules labels are read by as well (``IngredientResolver/readingRulesVersion``):
    /// a program that reads labels otherwise reads the catalogue again, as new data would.
    public static func contentFingerprint(of folder: URL, fileFingerprint: String) -> String {
        let rules = IngredientResolver.readingRulesVersion
        let sideFile = TaxonomyCache.folder()?.appending(path: "content-r\(rules)-\(fileFingerprint.prefix(32)).txt")
        if let sideFile, let kept = try? String(contentsOf: sideFile, encoding: .utf8), kept.utf8.count == 64,
            kept.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        {
            return kept
        }
        var hasher = SHA256()
        hasher.update(data: Data("reading rules \(rules)\u{0}".utf8))
        hashYAML(in: folder, into: &hasher)
        let inventory = inventoryFile(in: folder)
        hasher.update(data: Data(inventory.lastPathComponent.utf8))
        if let data = try? Data(contentsOf: inventory) { hasher.update(data: data) }
        let value = Hashing.hex(hasher.finalize())
        if let sideFile {
            try? FileManager.default.createDirectory(at: sideFile.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? Data(value.utf8).write(to: sideFile, options: .atomic)
        }
        return value
    }

    /// Every YAML file of the taxonomy folder, named and hashed whole, in path order.
    private static func hashYAML(in folder: URL, into hasher: inout SHA256) {
        let taxonomy = folder.appending(path: "taxonomy")
        let files = (FileManager.default.enumerator(at: taxonomy, includingPropertiesForKeys: nil)?.allObjects as? [URL] ?? [])
            .filter { $0.pathExtension == "yaml" || $0.pathExtension == "yml" }
            .sorted { $0.path < $1.path }
        for file in files {
            hasher.update(data: Data(file.lastPathComponent.utf8))
            if let data = try? Data(contentsOf: file) { hasher.update(data: data) }
        }
    }
}
