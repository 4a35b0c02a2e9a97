import ArgumentParser
import CatalogueStore
import Logging
import PostgresStore
import Foundation
import OilCatalogue

/// `oilcat db …`: the embedded database.
struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Create, migrate, inspect, back up and restore the database.",
        discussion: """
            'migrate' works on both stores. 'info', 'backup', 'restore' and 'check' work on the SQLite file; a \
            PostgreSQL database is inspected and backed up with its own tools (psql, pg_dump, base backups: see \
            Docs/Deployment.md).
            """,
        subcommands: [MigrateCommand.self, InfoCommand.self, BackupCommand.self, RestoreCommand.self, CheckCommand.self]
    )
}

/// `oilcat db migrate [--json]`.
struct MigrateCommand: AsyncParsableCommand {
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

    func run() async throws {
        let database: CatalogueDatabase
        switch try global.storeLocation() {
        case .postgres(let location):
            let store = try await PostgresCatalogue.open(location, logger: Logger(label: "oilcat.store", factory: { _ in SwiftLogNoOpLogHandler() }))
            await store.close()
            return try show(
                Report(path: location.redacted, newlyApplied: store.newlyMigrated, migrations: PostgresMigrator.migrationNames, journalMode: "postgresql")
            )
        case .sqlite(let path, _):
            database = try CatalogueDatabase.open(at: path, migrate: false, connections: .single)
        }
        let before = try database.appliedMigrations()
        try database.migrate()
        let info = try database.info()
        let report = Report(
            path: database.path, newlyApplied: info.appliedMigrations.filter { !before.contains($0) },
            migrations: info.appliedMigrations, journalMode: info.journalMode
        )
        try show(report)
    }

    private func show(_ report: Report) throws {
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
        let location = try global.sqlitePath(
            instead: "use psql to inspect it (its migrations are in \"schemaMigration\"), or 'oilcat db migrate' to bring it up to date"
        )
        guard FileManager.default.fileExists(atPath: location.path) else {
            // Looking must not create: report the absence and how to create it.
            let report = Report(path: location.path, exists: false, database: nil, isDefaultLocation: location.isDefault)
            if output.json { return try Output.json(report) }
            return Output.line("No database at \(location.path) yet; create it with 'oilcat db migrate'.")
        }
        let database = try CatalogueDatabase.open(at: location.path, migrate: false, connections: .single)
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
