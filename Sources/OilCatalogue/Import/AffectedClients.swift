import CatalogueCore
import StoreInterface
import Foundation

/// After a run, the clients for whom a reformulation turns a product blocked or caution: a reformulation that adds
/// lavender must reach every lavender-allergic client, and the importer's report says who.
enum AffectedClients {
    static func note(
        _ reformulations: [RunApplication.Reformulation], in report: inout ImportReport, database: any ClinicStore,
        taxonomy: Taxonomy, now: Date
    ) async throws {
        guard !reformulations.isEmpty else { return }
        let clients = try await database.allClientProfiles()
        guard !clients.isEmpty else { return }
        let engines = clients.map { SuitabilityEngine(taxonomy: taxonomy, client: $0, now: now) }
        for change in reformulations {
            var previous: ProductFacts?
            if let id = change.previousFormulationID { previous = try await database.formulationFacts(id, taxonomy: taxonomy) }
            let next = ProductFacts(
                productID: change.productID, reference: change.reference, name: change.name, formulationID: -1,
                version: change.version, resolution: change.resolution, hasIngredientList: change.hasIngredientList,
                taxonomy: taxonomy
            )
            for engine in engines {
                let after = engine.evaluate(next)
                guard after.status == .blocked || after.status == .caution else { continue }
                // A caution whose only reason is the missing medical history is the client's, not the reformulation's.
                if after.status == .caution, after.reasons == [SuitabilityEngine.historyNotOnRecord] { continue }
                let before = previous.map { engine.evaluate($0).status }
                guard before != after.status else { continue }
                report.counts.affectedClients += 1
                report.note(
                    ImportReport.Affected(
                        client: engine.client.id, clientName: engine.client.name, product: change.reference,
                        status: after.status.rawValue, previousStatus: before?.rawValue ?? "none",
                        reasons: after.reasons.filter { $0.hasPrefix(after.status.rawValue) }
                    ),
                    in: \.affected
                )
            }
        }
    }
}
