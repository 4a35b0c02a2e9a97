public import Foundation
public import ImporterAPI

/// A format added without rebuilding: an executable `oilcat-import-NAME` in the plugins folder or on the PATH. It
/// reads the feed on standard input and writes one JSON object per line on standard output (Docs/Plugins.md):
///
/// ```
/// {"type":"feed","kind":"full-snapshot"}
/// {"type":"record","line":2,"sku":"J-1","name":"Jojoba oil","price":"12.50","currency":"GBP","ingredients":"…"}
/// {"type":"rejected","line":3,"field":"price","value":"abc","reason":"not a number"}
/// ```
public struct ExternalImporter: FeedImporter {
    public let descriptor: ImporterDescriptor
    /// The executable.
    public let executable: URL

    /// The environment variable naming the plugins folder.
    public static let pluginsVariable = "OILCAT_PLUGINS"

    public init(name: String, executable: URL) {
        self.descriptor = ImporterDescriptor(
            identifier: name, formats: [name], summary: "external plugin \(executable.path)", syntax: .other
        )
        self.executable = executable
    }

    /// The plugin for format `name`: `oilcat-import-NAME` in `$OILCAT_PLUGINS`, the default plugins folder, or the
    /// PATH.
    public static func find(name: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> ExternalImporter? {
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else { return nil }
        let file = "oilcat-import-\(name)"
        var folders: [String] = []
        if let plugins = environment[pluginsVariable], !plugins.isEmpty { folders.append(plugins) }
        folders.append(DatabaseLocation.defaultFolder(environment: environment).appending(path: "plugins").path)
        folders += (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        for folder in folders {
            let candidate = URL(fileURLWithPath: folder).appending(path: file)
            if FileManager.default.isExecutableFile(atPath: candidate.path) {
                return ExternalImporter(name: name, executable: candidate)
            }
        }
        return nil
    }

    public func recognises(_ head: FeedHead) -> Bool { false }

    public func read(_ source: any FeedByteSource, context: FeedContext, emit: (FeedEvent) throws -> Void) throws {
        let process = Process()
        process.executableURL = executable
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw FeedError(code: "plugin-start", message: "cannot start \(executable.path): \(error.localizedDescription)")
        }
        let pump = Pump(source: source, into: input.fileHandleForWriting)
        let pumping = Thread { pump.run() }
        pumping.start()
        let stderrCollector = Collector(errors.fileHandleForReading)
        let collecting = Thread { stderrCollector.run() }
        collecting.start()

        let decoder = JSONDecoder()
        var lineNumber = 0
        var pending = Data()
        var firstFailure: (any Error)?
        func handle(_ line: Data) throws {
            lineNumber += 1
            guard !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) else { return }
            let message: PluginLine
            do {
                message = try decoder.decode(PluginLine.self, from: line)
            } catch {
                throw FeedError(
                    code: "plugin-output",
                    message: "\(executable.lastPathComponent) wrote line \(lineNumber) that is not a protocol object: \(String(decoding: line.prefix(120), as: UTF8.self))"
                )
            }
            try emit(try message.event(index: lineNumber))
        }
        while true {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            guard firstFailure == nil else { continue }
            pending.append(chunk)
            while let newline = pending.firstIndex(of: 0x0A) {
                let line = pending[pending.startIndex..<newline]
                pending = Data(pending[pending.index(after: newline)...])
                do { try handle(Data(line)) } catch { firstFailure = error }
            }
        }
        if firstFailure == nil, !pending.isEmpty {
            do { try handle(pending) } catch { firstFailure = error }
        }
        process.waitUntilExit()
        while !pump.finished || !stderrCollector.finished { Thread.sleep(forTimeInterval: 0.005) }
        if let firstFailure { throw firstFailure }
        if let failure = pump.failure { throw failure }
        guard process.terminationStatus == 0 else {
            let said = String(decoding: stderrCollector.data, as: UTF8.self).split(separator: "\n").suffix(3).joined(separator: " | ")
            throw FeedError(
                code: "plugin-failed",
                message: "\(executable.lastPathComponent) exited with status \(process.terminationStatus)" + (said.isEmpty ? "" : ": \(said)")
            )
        }
    }

    /// One line of the protocol.
    struct PluginLine: Decodable {
        var type: String
        var kind: FeedKind?
        var line: Int?
        var action: RecordAction?
        var sku: String?
        var name, brand, description, price, currency, availability, productType, size, gtin, url, ingredients: String?
        var tags: [String]?
        var field, value, code, reason: String?

        func event(index: Int) throws -> FeedEvent {
            let position = RecordPosition(line: line, index: index)
            switch type {
            case "feed":
                return .kind(kind ?? .fullSnapshot)
            case "record":
                return .record(
                    ProductRecord(
                        position: position, action: action ?? .upsert, sku: sku ?? "", name: name, brand: brand,
                        description: description, price: price, currency: currency, availability: availability,
                        productType: productType, size: size, gtin: gtin, url: url, ingredients: ingredients,
                        tags: tags ?? []
                    )
                )
            case "rejected", "warning":
                let diagnostic = RecordDiagnostic(
                    position: position, sku: sku, field: field, rawValue: value, code: code ?? "plugin-\(type)",
                    reason: reason ?? "rejected by the plugin"
                )
                return type == "rejected" ? .rejected(diagnostic) : .warning(diagnostic)
            default:
                throw FeedError(code: "plugin-output", message: "unknown message type '\(type)' on line \(index)")
            }
        }
    }

    /// Copies the feed into the plugin's standard input on its own thread.
    final class Pump: @unchecked Sendable {
        let source: any FeedByteSource
        let handle: FileHandle
        private let lock = NSLock()
        private var done = false
        private var error: (any Error)?

        init(source: any FeedByteSource, into handle: FileHandle) {
            self.source = source
            self.handle = handle
        }

        var finished: Bool { lock.withLock { done } }
        var failure: (any Error)? { lock.withLock { error } }

        func run() {
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            while true {
                let count: Int
                do {
                    count = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
                } catch {
                    // The feed could not be read: that fails the run.
                    lock.withLock { self.error = error }
                    break
                }
                if count == 0 { break }
                do {
                    try handle.write(contentsOf: buffer[..<count])
                } catch {
                    // The plugin stopped reading (closed its input): its exit status and output decide the run.
                    break
                }
            }
            try? handle.close()
            lock.withLock { done = true }
        }
    }

    /// Collects the plugin's standard error on its own thread.
    final class Collector: @unchecked Sendable {
        let handle: FileHandle
        private let lock = NSLock()
        private var collected = Data()
        private var done = false

        init(_ handle: FileHandle) { self.handle = handle }

        var finished: Bool { lock.withLock { done } }
        var data: Data { lock.withLock { collected } }

        func run() {
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                lock.withLock { if collected.count < 64 * 1024 { collected.append(chunk) } }
            }
            lock.withLock { done = true }
        }
    }
}
