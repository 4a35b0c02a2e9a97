import CatalogueCore
import Foundation
import Logging
import OilCatalogue
import StoreInterface

/// What the API and the pages do, once: each takes plain input, checks it against the taxonomy and the database,
/// and writes through the store (which appends to the audit log with the user as actor).
struct ClinicActions {
    let services: ClinicServices
    var database: any ClinicStore { services.database }
    var taxonomy: Taxonomy { services.taxonomy }
    /// Import runs started from the web app get a log line each.
    var logger: Logger { Logger(label: "oilcat.import") }

    // MARK: Look-ups

    func client(_ id: Int64) async throws -> ClientProfile {
        guard let profile = try await database.clientProfile(id) else { throw InputError.notFound("no client \(id)") }
        return profile
    }

    func property(_ name: String) throws -> PropertyID {
        guard let property = taxonomy.property(named: name) else {
            throw InputError.invalid("property", "one of " + taxonomy.properties.map(\.id.rawValue).joined(separator: ", "))
        }
        return property.id
    }

    func product(_ reference: String) throws -> (supplier: String, sku: String) {
        guard let parts = ProductReference.split(reference) else { throw InputError.invalid("product", "a product reference, supplier:sku") }
        return parts
    }

    func time(_ text: String?, field: String) throws -> Date {
        guard let text, !text.isEmpty else { return Date() }
        for options: ISO8601DateFormatter.Options in [[.withInternetDateTime], [.withInternetDateTime, .withFractionalSeconds]] {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = options
            if let date = formatter.date(from: text) { return date }
        }
        // A browser's datetime-local field: "2026-11-03T10:00", in the clinic's time zone.
        if let date = services.clock.parseField(text) { return date }
        throw InputError.invalid(field, "a time such as 2026-11-03T10:00:00Z")
    }

    func day(_ text: String?, field: String) throws -> String? {
        guard let text, !text.isEmpty else { return nil }
        guard let day = CalendarDay.canonical(text) else { throw InputError.invalid(field, "a date such as 2026-11-03") }
        return day
    }

    // MARK: Clients

    /// A pasted patch-test report, read and resolved for the client (who must exist): what each line becomes.
    func readAllergyReport(client id: Int64, text: String?) async throws -> AllergyReportImport {
        _ = try await client(id)
        return try AllergyReportImport(text: text ?? "", source: "pasted report", taxonomy: taxonomy)
    }

    /// Records a pasted report: the same service call as `oilcat client allergy add --report`, in one transaction,
    /// audited with the user as actor. Returns how many lines were recorded.
    func recordAllergyReport(client id: Int64, text: String?, source: String?, actor: String) async throws -> Int {
        guard let source = ClientAllergy.Source(rawValue: source ?? "dermatologist") else {
            throw InputError.invalid("source", "dermatologist or client-reported")
        }
        let report = try await readAllergyReport(client: id, text: text)
        return try await report.record(client: id, source: source, note: nil, database: database, actor: actor).count
    }

    /// Retracts an allergy or a tested-negative line entered in error, with its reason (as `oilcat client allergy
    /// retract`): the row stays, marked, and the audit log names the user. Returns the client it belonged to.
    func retractAllergy(_ id: Int64, reason: String?, actor: String) async throws -> Int64 {
        guard let reason, !TextHygiene.isBlank(reason) else { throw InputError.missing("reason") }
        let client = try await database.client(ofAllergy: id)
        guard let client else {
            throw ClinicStoreError(code: "CLINIC-UNKNOWN-ALLERGY", message: "no allergy \(id); open the client page to see its allergies")
        }
        try await database.retractAllergy(id, reason: reason, actor: actor, at: Date())
        return client
    }

    /// The client's report: conditions, allergies, tests, and the first `blockedLimit` blocked products with reasons.
    func report(_ id: Int64, blockedLimit: Int = 200) async throws -> ClientReport {
        try await ClientReport(
            client: try client(id), taxonomy: taxonomy, fingerprint: services.fingerprint, database: database, blockedLimit: blockedLimit,
            snapshot: try services.lists.snapshot(services)
        )
    }

    func addClient(name: String?, conditions: [String], note: String?, sameName: Bool = false, actor: String) async throws -> Int64 {
        guard let name = name?.trimmingCharacters(in: .whitespacesAndNewlines), !name.isEmpty, name.count <= 200 else {
            throw InputError.invalid("name", "the client's name, 1 to 200 characters")
        }
        let ids = try conditions.map { text -> ConditionID in
            guard let condition = taxonomy.condition(named: text) else {
                throw InputError.invalid("conditions", "among " + taxonomy.conditions.map(\.id.rawValue).joined(separator: ", "))
            }
            return condition.id
        }
        return try await database.addClient(name: name, conditions: ids, note: note, actor: actor, sameName: sameName, at: Date())
    }

    // MARK: Patch tests

    func applyPatchTest(
        client: Int64, product: String?, site: String?, concentration: String?, carrier: String?, occluded: Bool,
        appliedAt: String?, actor: String
    ) async throws -> Int64 {
        guard let product else { throw InputError.missing("product") }
        let (supplier, sku) = try self.product(product)
        let applied = try time(appliedAt, field: "applied_at")
        guard applied <= Date().addingTimeInterval(300) else {
            throw InputError(code: "INPUT-TIME-FUTURE", message: "'applied_at' is in the future; a test is recorded when it is applied")
        }
        return try await database.applyPatchTest(
            client: client, supplier: supplier, sku: sku, site: site, concentration: concentration, carrier: carrier,
            occluded: occluded, at: applied, actor: actor, now: Date()
        )
    }

    func recordReading(test: Int64, result: String?, relevance: String?, readAt: String?, actor: String) async throws -> (reading: Int64, outcome: PatchTestJSON?) {
        guard let result, let value = PatchTestResult(input: result), value != .reported else {
            throw InputError.invalid("result", PatchTestResult.expectedReading(refusing: result))
        }
        var relevanceValue: Relevance?
        if let relevance, !relevance.isEmpty {
            guard let parsed = Relevance(rawValue: relevance) else { throw InputError.invalid("relevance", "current, past or unknown") }
            relevanceValue = parsed
        }
        let reading = try await database.recordReading(
            test: test, result: value, at: try time(readAt, field: "read_at"), relevance: relevanceValue, actor: actor, now: Date()
        )
        return (reading, try await database.patchTestListing(test).map { PatchTestJSON($0) })
    }

    // MARK: Lists

    /// The client's list, reused while nothing it depends on has changed.
    func safeOils(
        client id: Int64, properties: [String], location: String?, includeBlocked: Bool, limit: Int?, offset: Int
    ) async throws -> SuitabilityCache.Listing {
        let propertyIDs = try properties.map(property)
        return try await services.lists.listing(
            .init(client: id, properties: propertyIDs.map(\.rawValue).sorted(), location: location, includeBlocked: includeBlocked, limit: limit, offset: offset),
            services: services, client: { try await client(id) }, properties: propertyIDs
        )
    }

    func stockCheck(client id: Int64, location: String?, properties: [String]) async throws -> (client: ClientProfile, rows: [StockCheckRow]) {
        guard let location, !location.isEmpty else { throw InputError.missing("location") }
        try await ReferenceDataReread.requireCurrent(database: database, fingerprint: services.fingerprint)
        let profile = try await client(id)
        return (profile, try await SuitabilityListing.stockCheck(
            taxonomy: taxonomy, client: profile, database: database, location: location, properties: try properties.map(property)
        ))
    }

    // MARK: Stock

    func changeStock(
        kind: String?, location: String?, product: String?, quantity: Double?, batch: String?, expires: String?, opened: String?,
        reorderLevel: Double?, actor: String
    ) async throws -> Double {
        guard let kind, let change = StockChange(rawValue: kind) else { throw InputError.invalid("kind", "receive, adjust or set") }
        guard let location = location?.trimmingCharacters(in: .whitespaces), !location.isEmpty else { throw InputError.missing("location") }
        guard let product else { throw InputError.missing("product") }
        guard let quantity, quantity.isFinite else { throw InputError.invalid("quantity", "a number") }
        let (supplier, sku) = try self.product(product)
        return try await database.changeStock(
            change, location: location, supplier: supplier, sku: sku, quantity: quantity, batch: batch?.nilIfBlank,
            expires: try day(expires, field: "expires"), opened: try day(opened, field: "opened"), reorderLevel: reorderLevel, actor: actor
        )
    }

    // MARK: Imports

    /// Runs an import of a configured supplier's source on the request's thread (one that may block, see
    /// ``BlockingWorkExecutor``); the report either way. Without
    /// `maxErrors` the run tolerates the default share of rejected records.
    func startImport(supplier: String, dryRun: Bool, maxErrors: Int?, allowLargeRemoval: Bool, actor: String) async throws -> ImportReport {
        guard try await database.supplier(id: supplier) != nil else {
            throw InputError.notFound("no supplier '\(supplier)'")
        }
        guard (maxErrors ?? 0) >= 0 else { throw InputError.invalid("max_errors", "0 or more") }
        let request = ImportRequest(
            supplier: supplier, feed: nil, dryRun: dryRun, maxErrors: maxErrors, allowLargeRemoval: allowLargeRemoval,
            archiveFolder: services.archiveFolder, actor: actor
        )
        let (database, taxonomy, fingerprint) = (database, taxonomy, services.fingerprint)
        let start = ContinuousClock.now
        do {
            // A server judges with the data it started with: its runs refuse, rather than read the catalogue back to
            // older data, when another oilcat has read it with newer. The run reads and writes on a thread of its own.
            var runner = ImportRunner(database: database, taxonomy: taxonomy, taxonomyFingerprint: fingerprint)
            runner.readsCatalogueAgain = false
            let report = try await Self.report(runner, request)
            ServerMetrics.importRun(outcome: "\(report.status)", duration: ContinuousClock.now - start)
            logger.info("import run", metadata: ["supplier": "\(supplier)", "run": "\(report.runId.map(String.init) ?? "none")", "status": "\(report.status)"])
            return report
        } catch {
            ServerMetrics.importRun(outcome: "error", duration: ContinuousClock.now - start)
            logger.warning("import run failed to start", metadata: ["supplier": "\(supplier)", "error": "\(error)"])
            throw error
        }
    }

    /// The run's report, also when it failed (the report says why); other errors (a lock held) are thrown.
    private static func report(_ runner: ImportRunner, _ request: ImportRequest) async throws -> ImportReport {
        do {
            return try await runner.run(request)
        } catch {
            if let report = error.report { return report }
            throw error
        }
    }

    // MARK: Users

    /// Records a medical-history entry from a form or a JSON body: `item` one of the reference items, `source`
    /// client-reported when not given, `corrects` the entry it replaces.
    func addHistoryEntry(
        client: Int64, item name: String?, since: String?, source sourceText: String?, note: String?, corrects: Int64?, actor: String
    ) async throws -> Int64 {
        guard let name, let item = taxonomy.historyItem(named: name) else {
            throw InputError.invalid("item", "one of " + taxonomy.historyItems.map(\.id.rawValue).joined(separator: ", "))
        }
        guard let source = MedicalHistoryEntry.Source(rawValue: sourceText ?? MedicalHistoryEntry.Source.clientReported.rawValue) else {
            throw InputError.invalid("source", "one of " + MedicalHistoryEntry.Source.allCases.map(\.rawValue).joined(separator: ", "))
        }
        if let corrects, corrects <= 0 { throw InputError.invalid("corrects", "an entry number") }
        return try await database.addHistoryEntry(
            client: client, item: item.id, since: since, source: source, note: note, corrects: corrects, actor: actor, at: Date()
        )
    }

    func addUser(name: String?, role: String?, password: String?, actor: String) async throws -> Int64 {
        guard let name, !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw InputError.missing("name") }
        guard let role, let value = UserRole(rawValue: role) else { throw InputError.invalid("role", "admin, therapist or reception") }
        guard let password else { throw InputError.missing("password") }
        do {
            return try await database.addUser(name: name, role: value, passwordHash: try Credentials.hashPassword(password), actor: actor)
        } catch let error as CredentialError {
            throw InputError(status: .unprocessableContent, code: error.code, message: error.message)
        }
    }
}

extension String {
    var nilIfBlank: String? { trimmingCharacters(in: .whitespaces).isEmpty ? nil : self }
}
