import ArgumentParser
import CatalogueStore
import Foundation
import OilCatalogue

/// The lines a check prints.
enum CheckText {
    static func lines(_ check: DatabaseCheck) -> [String] {
        var lines = [
            "File:        \(check.path) (\(check.bytes) bytes)",
            "Integrity:   \(check.integrity == ["ok"] ? "ok" : check.integrity.prefix(10).joined(separator: "; "))",
            "Schema:      \(check.schema.rawValue) (\(check.migrations.count) migration(s))",
        ]
        if !check.rows.isEmpty {
            lines.append("Rows:        " + check.rows.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        return lines
    }
}

/// `oilcat db backup PATH [--json]`.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent, checked copy of the database while imports and the web app keep running.",
        discussion: """
            The copy holds one moment of the database: an import in progress is either all in it or not at all. It is \
            then checked (integrity, schema, row counts). PATH must not exist: backups are never overwritten.

            Example (a nightly timer, see Docs/Operations.md):
              oilcat db backup /var/backups/oilcat/oilcat-$(date +%F).sqlite
            """
    )

    @Argument(help: "Where to write the copy (a new file).") var path: String
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let database = try global.sqliteDatabase(
            migrate: false, instead: "back it up with pg_dump or a base backup (Docs/Deployment.md)"
        )
        let check = try database.backup(to: path)
        if output.json { return try Output.json(check) }
        Output.line((["Backed up \(database.path) to \(path)."] + CheckText.lines(check)).joined(separator: "\n"))
    }
}

/// `oilcat db check [PATH] [--json]`.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Run SQLite's integrity check on the database (or on a backup file) and count what it holds.",
        discussion: "Exits 1 when the check finds a problem. Example: oilcat db check /var/backups/oilcat/oilcat-2026-11-30.sqlite"
    )

    @Argument(help: "A backup to check instead of the database.") var path: String?
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let target = try path ?? global.sqlitePath(
            instead: "check a PostgreSQL database with pg_amcheck, and try its backups by restoring them (Docs/Deployment.md)"
        ).path
        let check = try CatalogueDatabase.check(fileAt: target)
        if output.json { try Output.json(check) } else { Output.line(CheckText.lines(check).joined(separator: "\n")) }
        guard check.passed else { throw ExitCode(1) }
    }
}

/// `oilcat db restore PATH [--force] [--json]`.
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Replace the database with a backup, after checking it; the replaced file is kept beside it.",
        discussion: """
            Refused while 'oilcat serve' has the database open or an import runs, unless --force. A backup from an \
            older version is migrated; one from a newer version is refused. Nothing changes when the backup fails \
            its check.

            Example: oilcat db restore /var/backups/oilcat/oilcat-2026-11-30.sqlite
            """
    )

    @Argument(help: "The backup to restore.") var path: String
    @Flag(help: "Restore although a server has the database open or an import runs.") var force = false
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let target = try global.sqlitePath(instead: "restore it with pg_restore or from a base backup (Docs/Deployment.md)").path
        let report = try DatabaseRestore.restore(backup: path, to: target, force: force)
        if output.json {
            try Output.json(report)
        } else {
            var lines = ["Restored \(path) as \(target)."]
            if let replaced = report.replacedFile { lines.append("The database it replaced is kept at \(replaced).") }
            if !report.migrated.isEmpty { lines.append("Migrated: \(report.migrated.joined(separator: ", ")).") }
            Output.line((lines + CheckText.lines(report.restored)).joined(separator: "\n"))
        }
        // Checked before it went in; a restored database failing its check now is a fault to look into.
        guard report.restored.passed else { throw ExitCode(1) }
    }
}
