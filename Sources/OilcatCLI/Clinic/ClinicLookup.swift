import CatalogueCore
import StoreInterface

/// Turns command-line names into clinic references, or clear errors.
enum ClinicLookup {
    static func conditions(_ names: [String], in taxonomy: Taxonomy) throws -> [ConditionID] {
        try names.map { name in
            guard let condition = taxonomy.condition(named: name) else {
                let known = taxonomy.conditions.map(\.id.rawValue).joined(separator: ", ")
                throw UsageFailure(code: "CLI-UNKNOWN-CONDITION", message: "unknown condition '\(name)'; known conditions: \(known)")
            }
            return condition.id
        }
    }

    static func product(_ reference: String) throws -> (supplier: String, sku: String) {
        try ProductReference.parse(reference)
    }

    static func client(_ id: Int64, in database: any ClinicStore) async throws -> ClientProfile {
        guard let profile = try await database.clientProfile(id) else {
            throw UsageFailure(code: "CLI-UNKNOWN-CLIENT", message: "no client \(id); list clients with 'oilcat client list'")
        }
        return profile
    }
}
