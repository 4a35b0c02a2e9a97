import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Keeps a copy of every imported feed, named by supplier, time and SHA-256, for traceability.
enum FeedArchive {
    /// Copies `path` into `folder/<supplier>/` and returns the copy's path.
    static func store(_ path: String, supplier: String, sha256: String, in folder: URL, at date: Date) throws -> String {
        let target = folder.appending(path: supplier)
        do {
            try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        } catch {
            throw ImportError(
                code: "IMPORT-ARCHIVE",
                message: "cannot make the archive folder \(target.path): \(error.localizedDescription); check the feeds folder"
            )
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let ext = URL(fileURLWithPath: path).pathExtension
        let name = "\(formatter.string(from: date))-\(sha256.prefix(12))" + (ext.isEmpty || ext.count > 8 ? "" : ".\(ext)")
        let destination = target.appending(path: name)
        if FileManager.default.fileExists(atPath: destination.path) { return destination.path }
        do {
            if try !copyInKernel(path, to: destination.path) {
                try FileManager.default.copyItem(atPath: path, toPath: destination.path)
            }
        } catch {
            throw ImportError(code: "IMPORT-ARCHIVE", message: "cannot archive the feed to \(destination.path): \(error.localizedDescription)")
        }
        return destination.path
    }

    /// Copies with `sendfile(2)` in large steps, inside the kernel (FileManager sends a big file 4 KB at a time);
    /// `false` when the system cannot (another platform, or a file system without it), having written nothing.
    private static func copyInKernel(_ path: String, to destination: String) throws -> Bool {
        #if os(Linux)
        let input = open(path, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { return false }
        defer { close(input) }
        let output = open(destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard output >= 0 else { return false }
        var copied = 0
        while true {
            let count = sendfile(output, input, nil, 16 << 20)
            if count > 0 {
                copied += count
                continue
            }
            if count == 0 { break }
            if errno == EINTR { continue }
            let failure = errno
            close(output)
            unlink(destination)
            // Not supported here: let FileManager copy. Anything else (a full disk) is an error.
            if copied == 0, [EXDEV, ENOSYS, EOPNOTSUPP, EINVAL].contains(failure) { return false }
            throw ImportError(code: "IMPORT-ARCHIVE", message: "cannot archive the feed to \(destination): \(String(cString: strerror(failure)))")
        }
        guard close(output) == 0 else {
            let failure = errno
            unlink(destination)
            throw ImportError(code: "IMPORT-ARCHIVE", message: "cannot archive the feed to \(destination): \(String(cString: strerror(failure)))")
        }
        return true
        #else
        return false
        #endif
    }
}
