import ArgumentParser
import CatalogueCore
import CatalogueStore
import Foundation
import ImporterAPI
import OilCatalogue
import Yams
import StoreInterface

/// `oilcat supplier …`.
struct SupplierCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "supplier",
        abstract: "Configure the suppliers whose feeds are imported.",
        subcommands: [AddSupplierCommand.self, UpdateSupplierCommand.self, ListSuppliersCommand.self, FormatsCommand.self]
    )
}

/// The settings `supplier add` and `supplier update` share.
struct SupplierSettings: ParsableArguments {
    @Option(help: ArgumentHelp(
        "The feed format: google-merchant, bmecat, shopify, schema-org, ndjson, xml (mapped), json (mapped), or an external plugin's name. Without it the feed is recognised when imported.",
        valueName: "format"
    ))
    var format: String?

    @Option(help: ArgumentHelp("A mapping file (YAML or JSON) for the xml and json formats; see Docs/Mapping.md.", valueName: "file"))
    var mapping: String?

    @Option(help: ArgumentHelp("Where to fetch the feed: a path or an http(s) URL.", valueName: "path-or-url"))
    var source: String?

    @Option(help: "The supplier's display name.")
    var name: String?

    @Option(help: ArgumentHelp("The ISO 4217 currency of prices that carry none (Shopify feeds).", valueName: "code"))
    var currency: String?

    /// The format name, checked against the built-in importers and external plugins.
    func checkedFormat(_ format: String) throws -> (name: String, needsMapping: Bool) {
        let registry = BuiltInImporters.registry
        if let importer = registry.importer(forFormat: format) {
            return (importer.descriptor.identifier, importer.descriptor.needsMapping)
        }
        if ExternalImporter.find(name: format) != nil { return (format, false) }
        throw UsageFailure(
            code: "CLI-UNKNOWN-FORMAT",
            message: "unknown format '\(format)'; use one of \(registry.formatNames.joined(separator: ", ")), "
                + "or install an executable oilcat-import-\(format) in the plugins folder or on the PATH"
        )
    }

    /// The mapping file read, validated and turned into JSON for storage.
    func mappingJSON(_ path: String) throws -> String {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw UsageFailure(code: "CLI-MAPPING", message: "cannot read the mapping \(path): \(error.localizedDescription)")
        }
        let mapping: FeedMapping
        do {
            mapping = try YAMLDecoder().decode(FeedMapping.self, from: text)
        } catch {
            throw UsageFailure(code: "CLI-MAPPING", message: "\(path): not a valid mapping: \(error)")
        }
        do {
            try mapping.validate()
        } catch {
            throw UsageFailure(code: "CLI-MAPPING", message: "\(path): \(error.message)")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(mapping), as: UTF8.self)
    }

    /// The source as stored: a URL as given; a path made absolute, so a scheduled import (another working folder)
    /// finds the same file. A path with no file yet is kept, with a note: a feed may arrive later.
    func checkedSource(_ source: String) -> String {
        let lower = source.lowercased()
        guard !lower.hasPrefix("http://"), !lower.hasPrefix("https://"), source != "-" else { return source }
        let path = URL(fileURLWithPath: source).standardizedFileURL.path
        if !FileManager.default.fileExists(atPath: path) {
            Output.error("note: there is no file at \(TextHygiene.singleLine(path)) yet; imports of this supplier fail until there is")
        }
        return path
    }

    func checkedCurrency(_ code: String) throws -> String {
        switch ProductFieldRules.currency(code) {
        case .success(let value): return value
        case .failure(let problem): throw UsageFailure(code: "CLI-CURRENCY", message: "--currency \(code): \(problem.reason)")
        }
    }
}

/// `oilcat supplier add <id> --format <format> [--mapping FILE] [--source PATH-or-URL]`.
struct AddSupplierCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a supplier.",
        discussion: """
            Examples:
              oilcat supplier add naturalis --format google-merchant --source Catalogue/suppliers/google-merchant/feed.xml
              oilcat supplier add herbwell --format xml --mapping Catalogue/suppliers/mapped-xml/mapping.yaml
            """
    )

    @Argument(help: "The supplier's id: lower-case letters, digits and hyphens.")
    var id: String

    @OptionGroup var settings: SupplierSettings
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        guard !id.isEmpty, id.allSatisfy({ ($0.isLowercase && $0.isASCII) || $0.isNumber || $0 == "-" }) else {
            throw UsageFailure(code: "CLI-SUPPLIER-ID", message: "'\(id)' is not a valid supplier id: use lower-case letters, digits and hyphens")
        }
        var format = "auto"
        var needsMapping = false
        if let requested = settings.format { (format, needsMapping) = try settings.checkedFormat(requested) }
        if needsMapping && settings.mapping == nil {
            throw UsageFailure(code: "CLI-MAPPING", message: "the \(format) format needs --mapping FILE (see Docs/Mapping.md)")
        }
        var supplier = SupplierRecord(
            id: id, name: settings.name ?? id, format: format, mapping: try settings.mapping.map(settings.mappingJSON),
            source: settings.source.map(settings.checkedSource), currency: try settings.currency.map(settings.checkedCurrency)
        )
        let database = try await global.store()
        guard try await database.addSupplier(supplier, actor: Actor.current) else {
            throw UsageFailure(code: "CLI-SUPPLIER-EXISTS", message: "supplier '\(id)' already exists; change it with 'oilcat supplier update \(id)'")
        }
        supplier = try await database.supplier(id: id) ?? supplier
        if output.json { return try Output.json(SupplierJSON(supplier)) }
        Output.line("Added supplier \(id) (format \(format)\(supplier.source.map { ", source \($0)" } ?? ""))")
    }
}

/// `oilcat supplier update <id> [--format] [--mapping] [--source] [--name] [--currency]`.
struct UpdateSupplierCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "update", abstract: "Change a supplier's settings.")

    @Argument(help: "The supplier's id.")
    var id: String

    @OptionGroup var settings: SupplierSettings
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let nothing = [settings.format, settings.mapping, settings.source, settings.name, settings.currency].allSatisfy { $0 == nil }
        if nothing {
            throw UsageFailure(
                code: "CLI-NOTHING-TO-CHANGE",
                message: "nothing to change: give --format, --mapping, --source, --name or --currency"
            )
        }
        let database = try await global.store()
        let changed = try await database.updateSupplier(id: id, actor: Actor.current) { supplier in
            if let format = settings.format { supplier.format = try settings.checkedFormat(format).name }
            if let mapping = settings.mapping { supplier.mapping = try settings.mappingJSON(mapping) }
            if let source = settings.source {
                supplier.source = settings.checkedSource(source)
                supplier.etag = nil
                supplier.lastModified = nil
            }
            if let name = settings.name { supplier.name = name }
            if let currency = settings.currency { supplier.currency = try settings.checkedCurrency(currency) }
        }
        guard let updated = changed else {
            throw UsageFailure(
                code: "CLI-UNKNOWN-SUPPLIER", message: try await UnknownSupplier.message(id, in: database, otherwise: "add it with 'oilcat supplier add'")
            )
        }
        if output.json { return try Output.json(SupplierJSON(updated)) }
        Output.line("Updated supplier \(id)")
    }
}

/// `oilcat supplier list [--json]`.
struct ListSuppliersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List suppliers with their last import.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let rows = try await global.store().supplierOverviews().map { overview in
            var json = SupplierJSON(overview.supplier)
            json.lastRun = overview.lastRun.map { SupplierJSON.LastRun(id: $0.id ?? 0, status: $0.status.rawValue, startedAt: $0.startedAt) }
            json.activeProducts = overview.activeProducts
            return json
        }
        if output.json { return try Output.json(rows) }
        guard !rows.isEmpty else { return Output.line("No suppliers yet; add one with 'oilcat supplier add'.") }
        var table = TextTable("ID", "NAME", "FORMAT", "PRODUCTS", "LAST IMPORT", "SOURCE")
        for row in rows {
            let last = row.lastRun.map { "#\($0.id) \($0.status) \(DateText.short($0.startedAt))" } ?? "never"
            table.add(row.id, row.name, row.format, "\(row.activeProducts ?? 0)", last, row.source ?? "")
        }
        Output.line(table.render())
    }
}

/// `oilcat supplier formats`: what can be imported.
struct FormatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "formats", abstract: "List the feed formats importers read.")

    @OptionGroup var output: OutputOptions

    struct Format: Encodable {
        var format: String
        var aliases: [String]
        var summary: String
        var needsMapping: Bool
    }

    func run() async throws {
        let formats = BuiltInImporters.registry.importers.map {
            Format(format: $0.descriptor.identifier, aliases: Array($0.descriptor.formats.dropFirst()), summary: $0.descriptor.summary, needsMapping: $0.descriptor.needsMapping)
        }
        if output.json { return try Output.json(formats) }
        var table = TextTable("FORMAT", "READS")
        for format in formats { table.add(format.format, format.summary) }
        Output.line(table.render())
        Output.line("Also: any executable oilcat-import-NAME in $\(ExternalImporter.pluginsVariable), the plugins folder or the PATH (Docs/Plugins.md).")
    }
}

/// `supplier … --json`.
struct SupplierJSON: Encodable {
    struct LastRun: Encodable {
        var id: Int64
        var status: String
        var startedAt: Date
    }

    var id: String
    var name: String
    var format: String
    var source: String?
    var currency: String?
    var hasMapping: Bool
    var lastRun: LastRun?
    var activeProducts: Int?

    init(_ supplier: SupplierRecord) {
        id = supplier.id
        name = supplier.name
        format = supplier.format
        source = supplier.source
        currency = supplier.currency
        hasMapping = supplier.mapping != nil
    }
}

