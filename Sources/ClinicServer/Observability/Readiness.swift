import CatalogueStore
import NIOCore

/// Whether the server can answer: what `/ready` checks.
enum Readiness {
    static func problems(_ services: ClinicServices) -> [String] {
        var problems: [String] = []
        let path = services.database.path
        if path != ":memory:", !CatalogueDatabase.fileLooksReadable(at: path) {
            problems.append("the database file \(path) is missing or unreadable")
        }
        do {
            let applied = try services.database.appliedMigrations()
            if applied != CatalogueDatabase.migrationNames {
                problems.append("the database's schema is not this version's (run 'oilcat db migrate')")
            }
        } catch {
            ServerMetrics.databaseError()
            problems.append("the database cannot be read: \(error)")
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
