import CatalogueCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A JSON copy of the validated taxonomy, named by the fingerprint of the reference files: YAML parsing costs most of
/// a command's start-up, JSON a tenth of it. Any edit to `Catalogue/` changes the fingerprint and so bypasses the
/// copy; a copy that cannot be read is ignored (and rewritten). The copy is never the source of truth.
enum TaxonomyCache {
    /// `OILCAT_CACHE`, else `$XDG_CACHE_HOME/oilcatalogue`, else `~/.cache/oilcatalogue`.
    static func folder(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        if let explicit = environment["OILCAT_CACHE"], !explicit.isEmpty {
            return explicit == "off" ? nil : URL(fileURLWithPath: explicit)
        }
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            return URL(fileURLWithPath: xdg).appending(path: "oilcatalogue")
        }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return URL(fileURLWithPath: home).appending(path: ".cache/oilcatalogue")
    }

    struct Snapshot: Codable {
        var ingredients: [Ingredient]
        var allergens: [FragranceAllergen]
        var foodAllergenClasses: [FoodAllergenClass]
        var crossReactivityGroups: [CrossReactivityGroup]
        var properties: [SkinProperty]
        var conditions: [ConditionProfile]
        var historyItems: [MedicalHistoryItem]?
        /// The test allergens' own JSON, as one string: decoded only when a command meets a test allergen.
        var testAllergensJSON: String?
    }

    static func file(for fingerprint: String) -> URL? {
        folder()?.appending(path: "taxonomy-\(fingerprint.prefix(32)).json")
    }

    static func load(fingerprint: String, inventory: IngredientInventory) -> Taxonomy? {
        guard let file = file(for: fingerprint), let data = try? Data(contentsOf: file),
            let snapshot = try? JSONDecoder().decode(Snapshot.self, from: data),
            // A copy written before history items or test allergens were cached lacks them: read the YAML again.
            let historyItems = snapshot.historyItems,
            let testAllergens = snapshot.testAllergensJSON
        else { return nil }
        return try? Taxonomy(
            ingredients: snapshot.ingredients, allergens: snapshot.allergens,
            foodAllergenClasses: snapshot.foodAllergenClasses, crossReactivityGroups: snapshot.crossReactivityGroups,
            properties: snapshot.properties, conditions: snapshot.conditions, inventory: inventory,
            historyItems: historyItems, encodedTestAllergens: Array(testAllergens.utf8)
        )
    }

    /// Writes the copy; failures are ignored (a read-only home just means no cache).
    static func store(_ taxonomy: Taxonomy, fingerprint: String) {
        guard let file = file(for: fingerprint) else { return }
        let snapshot = Snapshot(
            ingredients: taxonomy.ingredients, allergens: taxonomy.allergens,
            foodAllergenClasses: taxonomy.foodAllergenClasses, crossReactivityGroups: taxonomy.crossReactivityGroups,
            properties: taxonomy.properties, conditions: taxonomy.conditions, historyItems: taxonomy.historyItems,
            testAllergensJSON: Taxonomy.encodeTestAllergens(taxonomy.testAllergens).map { String(decoding: $0, as: UTF8.self) }
        )
        guard let data = try? JSONEncoder().encode(snapshot) else { return }
        try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = file.deletingLastPathComponent().appending(path: ".\(UUID().uuidString).tmp")
        do {
            try data.write(to: temporary)
            // rename(2) replaces the old copy atomically: a concurrent reader sees the old file or the new one.
            if rename(temporary.path, file.path) != 0 { try? FileManager.default.removeItem(at: temporary) }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
        }
    }
}
