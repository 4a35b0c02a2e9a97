public import CatalogueCore
public import Foundation

/// Clients and the allergies recorded for them, shared by every server on one database: what the therapist's pages,
/// the clinic API and `oilcat client` / `oilcat allergy` need of a backend. Every change writes its audit line in the
/// same transaction; names, notes and reasons are stored cleaned (``TextHygiene``), by ``ClientRules``.
public protocol ClientStore: Sendable {
    /// Adds a client; returns the new id. A client whose name another client has (letter case and runs of white
    /// space aside) is refused unless `sameName` says this is another person: a second record of one person would
    /// split their patch tests and allergies, and read safe where the first is blocked.
    /// - Throws: ``ClinicStoreError`` `CLINIC-CLIENT-NAME`, `CLINIC-CLIENT-EXISTS`.
    func addClient(name: String, conditions: [ConditionID], note: String?, actor: String, sameName: Bool, at date: Date) async throws -> Int64

    /// Changes a client's name, note or conditions (`nil` keeps the name or note).
    /// - Throws: ``ClinicStoreError`` `CLINIC-CLIENT-NAME`, `CLINIC-UNKNOWN-CLIENT`.
    func updateClient(
        id: Int64, name: String?, note: String?, addConditions: [ConditionID], removeConditions: [ConditionID], actor: String, at date: Date
    ) async throws

    /// Every client whose name contains `text` (every client without it), by name (ASCII letters without case) then
    /// id; at most `limit`. Names and the search are compared in NFC and without regard to case in any script.
    func clients(matching text: String?, limit: Int?) async throws -> [ClientSummary]

    /// One client, or `nil`.
    func clientSummary(_ id: Int64) async throws -> ClientSummary?

    /// Records an externally diagnosed or client-reported allergy, with the reading a patch-test report gave if any;
    /// returns its id.
    /// - Throws: ``ClinicStoreError`` `CLINIC-UNKNOWN-CLIENT`.
    func addAllergy(
        client: Int64, target: AllergyTarget, enteredName: String, source: ClientAllergy.Source, note: String?, actor: String,
        reading: PatchTestResult?, at date: Date
    ) async throws -> Int64

    /// Records a whole patch-test report in one transaction: every line or none. Returns the new ids in line order.
    /// - Throws: ``ClinicStoreError`` `CLINIC-UNKNOWN-CLIENT`.
    func addAllergyReport(
        client: Int64, lines: [AllergyReportLine], source: ClientAllergy.Source, note: String?, report: String, actor: String, at date: Date
    ) async throws -> [Int64]

    /// The client an allergy line belongs to, or `nil` when there is no such line.
    func client(ofAllergy id: Int64) async throws -> Int64?

    /// Retracts an allergy entered in error: a correction, never an edit or a delete.
    /// - Throws: ``ClinicStoreError`` `CLINIC-RETRACT-REASON` for a reason without a letter or digit,
    ///   `CLINIC-UNKNOWN-ALLERGY` when no such allergy is in force.
    func retractAllergy(_ id: Int64, reason: String, actor: String, at date: Date) async throws
}

/// A client in lists.
public struct ClientSummary: Sendable, Codable, Equatable {
    public var id: Int64
    public var name: String
    public var conditions: [String]
    public var note: String?
    public var createdAt: Date

    public init(id: Int64, name: String, conditions: [String], note: String?, createdAt: Date) {
        self.id = id
        self.name = name
        self.conditions = conditions
        self.note = note
        self.createdAt = createdAt
    }
}

/// One line of a patch-test report, resolved: what the name means and the reading.
public struct AllergyReportLine: Sendable, Hashable {
    public var target: AllergyTarget
    public var enteredName: String
    public var reading: PatchTestResult

    public init(target: AllergyTarget, enteredName: String, reading: PatchTestResult) {
        self.target = target
        self.enteredName = enteredName
        self.reading = reading
    }
}

/// The rules every backend applies to clients and allergies.
public enum ClientRules {
    /// A client's name as stored: one clean line without surrounding white space.
    /// - Throws: ``ClinicStoreError`` `CLINIC-CLIENT-NAME` when nothing is left.
    public static func name(_ typed: String) throws -> String {
        let name = TextHygiene.singleLine(typed).trimmingWhitespace()
        guard !name.isEmpty else {
            throw ClinicStoreError(code: "CLINIC-CLIENT-NAME", message: "a client needs a name (it held only spaces or invisible characters)")
        }
        return name
    }

    /// What two client names are compared by when a new client is added: lower case, runs of white space as one space.
    public static func sameNameKey(_ name: String) -> String {
        name.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// What a client search compares: NFC, lower case in any script.
    public static func searchKey(_ text: String) -> String {
        TextHygiene.nfc(text).lowercased()
    }

    /// The refusal of a second client of one name.
    public static func nameExists(_ name: String, existing: Int64) -> ClinicStoreError {
        ClinicStoreError(
            code: "CLINIC-CLIENT-EXISTS",
            message: "a client named '\(name)' exists (client \(existing)); open that record, or confirm that this is another person of the same name"
        )
    }

    /// The refusal of a client id the database does not hold.
    public static func unknownClient(_ id: Int64) -> ClinicStoreError {
        ClinicStoreError(code: "CLINIC-UNKNOWN-CLIENT", message: "no client \(id); list clients with 'oilcat client list'")
    }

    /// A retraction's reason as stored.
    /// - Throws: ``ClinicStoreError`` `CLINIC-RETRACT-REASON` when it holds no letter or digit once cleaned.
    public static func retractionReason(_ typed: String) throws -> String {
        let reason = TextHygiene.multiLine(typed).trimmingWhitespace()
        guard !TextHygiene.isBlank(reason) else {
            throw ClinicStoreError(code: "CLINIC-RETRACT-REASON", message: "say why the allergy is retracted (--reason); nothing was recorded")
        }
        return reason
    }

    /// The refusal of an allergy id that is not in force.
    public static func unknownAllergy(_ id: Int64) -> ClinicStoreError {
        ClinicStoreError(code: "CLINIC-UNKNOWN-ALLERGY", message: "no allergy \(id) in force")
    }

    /// The stored form of a reading: the ICDRG notation for positives, the word otherwise.
    public static func storedReading(_ reading: PatchTestResult) -> String {
        switch reading {
        case .weakPositive, .strongPositive, .extremePositive: reading.notation
        case .negative, .doubtful, .irritant, .reported: reading.rawValue
        }
    }

    /// The audit detail of an added allergy.
    public static func allergyDetail(client: Int64, target: AllergyTarget, source: ClientAllergy.Source, reading: PatchTestResult?) -> String {
        var detail = ["client": String(client), "target": "\(target.kind):\(target.id)", "source": source.rawValue]
        if let reading { detail["reading"] = storedReading(reading) }
        return AuditDetail.json(detail)
    }

    /// The audit detail of a client's change.
    public static func updateDetail(name: String?, noteChanged: Bool, add: [ConditionID], remove: [ConditionID]) -> String {
        AuditDetail.json([
            "name": name ?? "", "note": noteChanged ? "changed" : "",
            "addConditions": add.map(\.rawValue).joined(separator: ","),
            "removeConditions": remove.map(\.rawValue).joined(separator: ","),
        ])
    }

    /// The audit detail of a recorded report.
    public static func reportDetail(report: String, lines: [AllergyReportLine]) -> String {
        AuditDetail.json([
            "report": report, "lines": String(lines.count), "positive": String(lines.filter { $0.reading != .negative }.count),
        ])
    }
}
