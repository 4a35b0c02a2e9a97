import Logging
import NIOCore

/// Whether the server can answer: what `/ready` checks.
enum Readiness {
    static func problems(_ services: ClinicServices) async -> [String] {
        var problems: [String] = []
        do {
            problems += try await services.database.readinessProblems()
        } catch {
            ServerMetrics.databaseError()
            // The detail (paths, SQLite's words) goes to the log, not to an anonymous caller.
            Logger(label: "oilcat.ready").error("the database cannot be read: \(error)")
            problems.append("the database cannot be read")
        }
        if services.taxonomy.ingredients.isEmpty {
            problems.append("the reference catalogue is not loaded")
        }
        return problems
    }

    static func isLoopback(_ address: SocketAddress) -> Bool {
        guard let ip = address.ipAddress else { return false }
        return ip.hasPrefix("127.") || ip == "::1" || ip.hasPrefix("::ffff:127.")
    }
}

/// `/ready`'s answer when not ready.
struct ReadinessReport: Encodable {
    var status: String
    var problems: [String]
}
