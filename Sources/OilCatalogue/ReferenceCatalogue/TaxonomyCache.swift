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
        /// The name of the file beside this one that holds the test allergens' JSON: read and decoded only when a
        /// command meets a test allergen, so loading the taxonomy does not pay for them.
        var testAllergenFile: String?
        /// Its size: a copy whose file has another size (damaged, or written by another run) is not used.
        var testAllergenBytes: Int?
    }

    static func file(for fingerprint: String) -> URL? {
        folder()?.appending(path: "taxonomy-\(fingerprint.prefix(32)).json")
    }

    static func load(fingerprint: String, inventory: IngredientInventory) -> Taxonomy? {
        guard let file = file(for: fingerprint), let data = try? Data(contentsOf: file),
            let snapshot = try? JSONDecoder().decode(Snapshot.self, from: data),
            // A copy written before history items or test allergens were cached lacks them: read the YAML again.
            let historyItems = snapshot.historyItems,
            let testAllergenName = snapshot.testAllergenFile,
            let testAllergenBytes = snapshot.testAllergenBytes,
            case let testAllergens = file.deletingLastPathComponent().appending(path: testAllergenName),
            let size = (try? FileManager.default.attributesOfItem(atPath: testAllergens.path))?[.size] as? NSNumber,
            size.intValue == testAllergenBytes
        else { return nil }
        return try? Taxonomy(
            ingredients: snapshot.ingredients, allergens: snapshot.allergens,
            foodAllergenClasses: snapshot.foodAllergenClasses, crossReactivityGroups: snapshot.crossReactivityGroups,
            properties: snapshot.properties, conditions: snapshot.conditions, inventory: inventory,
            historyItems: historyItems,
            testAllergenSource: {
                // Read when a command first meets a test allergen. Bytes that do not decode (written by another
                // version of OilCatalogue) remove the copy, so the next command reads the YAML again.
                guard let data = try? Data(contentsOf: testAllergens),
                    (try? JSONDecoder().decode([TestAllergen].self, from: data)) != nil
                else {
                    try? FileManager.default.removeItem(at: file)
                    return nil
                }
                return Array(data)
            }
        )
    }

    /// Writes the copy; failures are ignored (a read-only home just means no cache).
    static func store(_ taxonomy: Taxonomy, fingerprint: String) {
        guard let file = file(for: fingerprint), let testAllergens = Taxonomy.encodeTestAllergens(taxonomy.testAllergens) else {
            return
        }
        try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        // The test allergens first: a copy that names their file never exists without it.
        let testAllergenName = "taxonomy-\(fingerprint.prefix(32))-test-allergens.json"
        guard write(Data(testAllergens), to: file.deletingLastPathComponent().appending(path: testAllergenName)) else { return }
        let snapshot = Snapshot(
            ingredients: taxonomy.ingredients, allergens: taxonomy.allergens,
            foodAllergenClasses: taxonomy.foodAllergenClasses, crossReactivityGroups: taxonomy.crossReactivityGroups,
            properties: taxonomy.properties, conditions: taxonomy.conditions, historyItems: taxonomy.historyItems,
            testAllergenFile: testAllergenName, testAllergenBytes: testAllergens.count
        )
        guard let data = try? JSONEncoder().encode(snapshot) else { return }
        _ = write(data, to: file)
    }

    /// Writes `data` to `file` through a temporary file and rename(2), which replaces an old copy atomically: a
    /// concurrent reader sees the old file or the new one. Returns whether it was written.
    private static func write(_ data: Data, to file: URL) -> Bool {
        let temporary = file.deletingLastPathComponent().appending(path: ".\(UUID().uuidString).tmp")
        do {
            try data.write(to: temporary)
            if rename(temporary.path, file.path) == 0 { return true }
        } catch {}
        try? FileManager.default.removeItem(at: temporary)
        return false
    }
}
