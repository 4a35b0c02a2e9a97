import Foundation

/// Runs the built `oilcat` executable as a person would, in a private home folder.
struct OilcatProcess {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String

        func json() throws -> Any { try JSONSerialization.jsonObject(with: Data(stdout.utf8)) }
    }

    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `oilcat` binary beside the test bundle (SwiftPM builds it first: the test target depends on it).
    static let executable: URL = {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [
            besideTests.appending(path: "oilcat"),
            besideTests.deletingLastPathComponent().appending(path: "oilcat"),
            repository.appending(path: ".build/debug/oilcat"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[2]
    }()

    /// A private home, so the default database location never touches the real one.
    let home: URL

    init() throws {
        home = FileManager.default.temporaryDirectory.appending(path: "oilcat-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    }

    func cleanUp() { try? FileManager.default.removeItem(at: home) }

    /// The `oilcat` process with its arguments, working folder and environment: the private home, no database or
    /// catalogue from the caller's environment.
    private func process(_ arguments: [String], environment extra: [String: String] = [:]) -> Process {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = home
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = home.path
        environment["XDG_DATA_HOME"] = home.appending(path: "data").path
        environment.removeValue(forKey: "OILCAT_DB")
        environment.removeValue(forKey: "OILCAT_CATALOGUE")
        environment.removeValue(forKey: "OILCAT_FEEDS")
        environment.merge(extra) { $1 }
        process.environment = environment
        return process
    }

    /// Runs `oilcat` with its standard output a pipe nobody reads: the reading end is closed at once, as when
    /// `head` has what it wants and exits.
    func runIntoClosedPipe(_ arguments: [String]) throws -> Result {
        let process = process(arguments)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try out.fileHandleForReading.close()
        try process.run()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: "", stderr: String(decoding: stderr, as: UTF8.self))
    }

    @discardableResult
    func run(_ arguments: String..., environment extra: [String: String] = [:]) throws -> Result {
        try run(arguments: arguments, environment: extra)
    }

    @discardableResult
    func run(arguments: [String], environment extra: [String: String] = [:]) throws -> Result {
        let process = process(arguments, environment: extra)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self)
        )
    }

    /// A process started and left running: its output goes to files in the home folder.
    struct Running {
        let process: Process
        let stdout: URL
        let stderr: URL

        /// Waits for the process to end and returns what it printed.
        func finish() -> Result {
            process.waitUntilExit()
            return Result(
                status: process.terminationStatus, stdout: (try? String(contentsOf: stdout, encoding: .utf8)) ?? "",
                stderr: (try? String(contentsOf: stderr, encoding: .utf8)) ?? ""
            )
        }

        /// What it has printed so far.
        var printed: String { (try? String(contentsOf: stdout, encoding: .utf8)) ?? "" }
    }

    /// Starts `oilcat` without waiting for it.
    func start(_ arguments: String..., environment extra: [String: String] = [:]) throws -> Running {
        try start(arguments: arguments, environment: extra)
    }

    /// Starts `oilcat` without waiting for it.
    func start(arguments: [String], environment extra: [String: String] = [:]) throws -> Running {
        let process = process(arguments, environment: extra)
        let name = UUID().uuidString
        let out = home.appending(path: "\(name).out"), err = home.appending(path: "\(name).err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        return Running(process: process, stdout: out, stderr: err)
    }
}
