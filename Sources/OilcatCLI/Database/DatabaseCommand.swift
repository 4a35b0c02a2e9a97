import ArgumentParser
import CatalogueStore
import Foundation
import OilCatalogue

/// `oilcat db …`: the embedded database.
struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Create, migrate, inspect, back up and restore the embedded SQLite database.",
        subcommands: [MigrateCommand.self, InfoCommand.self, BackupCommand.self, RestoreCommand.self, CheckCommand.self]
    )
}

/// `oilcat db migrate [--json]`.
struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create the database if needed and bring it to the current schema.",
        discussion: "Safe to run again: applied migrations are skipped. A database from a newer version is refused."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    struct Report: Encodable {
        var path: String
        var newlyApplied: [String]
        var migrations: [String]
        var journalMode: String
    }

    func run() throws {
        let database = try global.database(migrate: false)
        let before = try database.appliedMigrations()
        try database.migrate()
        let info = try database.info()
        let report = Report(
            path: database.path, newlyApplied: info.appliedMigrations.filter { !before.contains($0) },
            migrations: info.appliedMigrations, journalMode: info.journalMode
        )
        if output.json { return try Output.json(report) }
        if report.newlyApplied.isEmpty {
            Output.line("\(report.path) is up to date (\(report.migrations.count) migration(s), journal mode \(report.journalMode))")
        } else {
            Output.line("\(report.path): applied \(report.newlyApplied.joined(separator: ", ")) (journal mode \(report.journalMode))")
        }
    }
}

/// `oilcat db info [--json]`.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show where the database is, its schema version and what it holds.",
        discussion: "Does not migrate: pending migrations are listed for 'oilcat db migrate'."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    struct Report: Encodable {
        var path: String
        var exists: Bool
        var database: DatabaseInfo?
        var isDefaultLocation: Bool
    }

    func run() throws {
        let location = try DatabaseLocation.resolve(explicit: global.databasePath)
        guard FileManager.default.fileExists(atPath: location.path) else {
            // Looking must not create: report the absence and how to create it.
            let report = Report(path: location.path, exists: false, database: nil, isDefaultLocation: location.isDefault)
            if output.json { return try Output.json(report) }
            return Output.line("No database at \(location.path) yet; create it with 'oilcat db migrate'.")
        }
        let database = try global.database(migrate: false)
        let info = try database.info()
        let report = Report(path: info.path, exists: true, database: info, isDefaultLocation: location.isDefault)
        if output.json { return try Output.json(report) }
        var lines = [
            "Database:    \(info.path)\(report.isDefaultLocation ? " (default location)" : "")",
            "Size:        \(info.sizeBytes) bytes",
            "Journal:     \(info.journalMode)",
            "SQLite:      \(info.sqliteVersion)",
            "Migrations:  \(info.appliedMigrations.isEmpty ? "none applied" : info.appliedMigrations.joined(separator: ", "))",
        ]
        if !info.pendingMigrations.isEmpty {
            lines.append("Pending:     \(info.pendingMigrations.joined(separator: ", ")) (run 'oilcat db migrate')")
        }
        if !info.counts.isEmpty {
            lines.append("Rows:")
            for (table, count) in info.counts.sorted(by: { $0.key < $1.key }) {
                lines.append("  \(table.padding(toLength: 18, withPad: " ", startingAt: 0))\(count)")
            }
        }
        Output.line(lines.joined(separator: "\n"))
    }
}
