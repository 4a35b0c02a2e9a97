import Foundation
import OilCatalogue
#if canImport(Glibc)
import Glibc
#endif

/// A one-line progress bar on standard error, only when it is a terminal.
final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private var lastWidth = 0

    static func onTerminal() -> ProgressBar? { isatty(STDERR_FILENO) == 1 ? ProgressBar() : nil }

    func show(_ progress: ImportProgress) {
        let seconds = Double(progress.elapsed.components.seconds) + Double(progress.elapsed.components.attoseconds) / 1e18
        let rate = seconds > 0 ? Int(Double(progress.records) / seconds) : 0
        var text = "\(progress.records) records · \(Self.megabytes(progress.bytes))"
        if let total = progress.totalBytes, total > 0 {
            let fraction = min(1, Double(progress.bytes) / Double(total))
            let filled = Int(fraction * 24)
            text = "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: 24 - filled) + "] "
                + String(format: "%3.0f%% ", fraction * 100) + text + " / " + Self.megabytes(total)
        }
        text += " · \(rate) records/s"
        lock.withLock {
            Output.diagnostic(Data(("\r" + text.padding(toLength: max(lastWidth, text.count), withPad: " ", startingAt: 0)).utf8))
            lastWidth = text.count
        }
    }

    func clear() {
        lock.withLock {
            guard lastWidth > 0 else { return }
            Output.diagnostic(Data(("\r" + String(repeating: " ", count: lastWidth) + "\r").utf8))
            lastWidth = 0
        }
    }

    private static func megabytes(_ bytes: Int64) -> String { String(format: "%.1f MB", Double(bytes) / 1_000_000) }
}
