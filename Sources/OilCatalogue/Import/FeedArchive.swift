import Foundation

/// Keeps a copy of every imported feed, named by supplier, time and SHA-256, for traceability.
enum FeedArchive {
    /// Copies `path` into `folder/<supplier>/` and returns the copy's path.
    static func store(_ path: String, supplier: String, sha256: String, in folder: URL, at date: Date) throws -> String {
        let target = folder.appending(path: supplier)
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let ext = URL(fileURLWithPath: path).pathExtension
        let name = "\(formatter.string(from: date))-\(sha256.prefix(12))" + (ext.isEmpty || ext.count > 8 ? "" : ".\(ext)")
        let destination = target.appending(path: name)
        if FileManager.default.fileExists(atPath: destination.path) { return destination.path }
        do {
            try FileManager.default.copyItem(atPath: path, toPath: destination.path)
        } catch {
            throw ImportError(code: "IMPORT-ARCHIVE", message: "cannot archive the feed to \(destination.path): \(error.localizedDescription)")
        }
        return destination.path
    }
}
