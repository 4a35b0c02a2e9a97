import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program to completion and measures its wall time and peak resident memory (from `wait4`).
struct Measurement {
    var seconds: Double
    var peakRSSMegabytes: Double
    var status: Int32
    var output: String

    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> Measurement {
        let outputFile = FileManager.default.temporaryDirectory.appending(path: "oilcat-bench-\(UUID().uuidString).out")
        defer { try? FileManager.default.removeItem(at: outputFile) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, outputFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var merged = ProcessInfo.processInfo.environment
        merged.merge(environment) { $1 }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let started = DispatchTime.now()
        let spawned = posix_spawnp(&pid, executable, &actions, nil, argv, envp)
        guard spawned == 0 else { throw BenchError("cannot start \(executable): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        var usage = rusage()
        wait4(pid, &status, 0, &usage)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        let exitCode = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return Measurement(
            seconds: seconds, peakRSSMegabytes: Double(usage.ru_maxrss) / 1024, status: exitCode,
            output: (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
        )
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
