import Crypto
public import Foundation

extension ReferenceCatalogueLoader {
    /// A SHA-256 over every reference file, so imports can tell when the taxonomy changed.
    public static func fingerprint(of folder: URL) -> String {
        var hasher = SHA256()
        let taxonomy = folder.appending(path: "taxonomy")
        let files = (FileManager.default.enumerator(at: taxonomy, includingPropertiesForKeys: nil)?.allObjects as? [URL] ?? [])
            .filter { $0.pathExtension == "yaml" || $0.pathExtension == "yml" }
            .sorted { $0.path < $1.path }
        let inventory = folder.appending(path: "inventory/cosing-inventory.tsv")
        for file in files + [inventory] {
            hasher.update(data: Data(file.lastPathComponent.utf8))
            if let data = try? Data(contentsOf: file) { hasher.update(data: data) }
        }
        return Hashing.hex(hasher.finalize())
    }
}
