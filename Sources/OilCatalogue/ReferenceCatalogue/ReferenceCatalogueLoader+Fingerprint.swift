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
        let taxonomy = folder.appending(path: "taxonomy")
        let files = (FileManager.default.enumerator(at: taxonomy, includingPropertiesForKeys: nil)?.allObjects as? [URL] ?? [])
            .filter { $0.pathExtension == "yaml" || $0.pathExtension == "yml" }
            .sorted { $0.path < $1.path }
        let inventory = folder.appending(path: "inventory/cosing-inventory.tsv")
        for file in files {
            hasher.update(data: Data(file.lastPathComponent.utf8))
            if let data = try? Data(contentsOf: file) { hasher.update(data: data) }
        }
        hasher.update(data: Data(inventory.lastPathComponent.utf8))
        if let attributes = try? FileManager.default.attributesOfItem(atPath: inventory.path) {
            let size = (attributes[.size] as? NSNumber)?.int64Value ?? -1
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? -1
            let number = (attributes[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0
            hasher.update(data: Data("\(size)|\(modified)|\(number)".utf8))
        }
        return Hashing.hex(hasher.finalize())
    }
}
