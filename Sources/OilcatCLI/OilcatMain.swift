import ArgumentParser
import CatalogueCore
import Foundation

/// Runs `oilcat`: parses the arguments, runs the command, and turns errors into one line on standard error and a
/// non-zero exit code. No stack traces.
public enum OilcatMain {
    /// Exit code for an error in the data, the files or the database.
    static let failureExitCode: Int32 = 1

    public static func run(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) async -> Never {
        // A plugin that stops reading its input, or a closed output pipe, must be an error to report, not a signal
        // that kills the process.
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try Oilcat.parseAsRoot(arguments)
            do {
                if var asyncCommand = command as? any AsyncParsableCommand {
                    try await asyncCommand.run()
                } else {
                    try command.run()
                }
            } catch {
                await OpenStores.closeAll()
                throw error
            }
            await OpenStores.closeAll()
            exit(0)
        } catch let error as any CodedError {
            Output.error("oilcat: error: \(error.message) [\(error.code)]")
            exit(failureExitCode)
        } catch {
            // swift-argument-parser's own messages (usage errors, help, the version) repeat what was typed: they
            // go through Output too, so an escape character in an argument cannot act on the terminal.
            let code = Oilcat.exitCode(for: error)
            let message = Oilcat.fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { Output.line(message) }
            } else {
                Output.error(message)
            }
            exit(code.rawValue)
        }
    }
}
