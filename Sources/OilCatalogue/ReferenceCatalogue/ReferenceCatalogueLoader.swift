public import CatalogueCore
public import Foundation

/// Loads and validates the reference catalogue from its folder (`Catalogue/` in the repository).
///
/// Layout, relative to the folder:
/// - `taxonomy/ingredients/*.yaml` — `ingredients:` lists, merged in file-name order
/// - `taxonomy/allergens.yaml` — `allergens:` (EU Annex III)
/// - `taxonomy/food-allergens.yaml` — `foodAllergenClasses:`
/// - `taxonomy/cross-reactivity.yaml` — `groups:`
/// - `taxonomy/properties.yaml` — `properties:`
/// - `taxonomy/conditions.yaml` — `conditions:`
///
/// Every problem is a ``ReferenceCatalogueError`` naming the file, line, entry and field.
public enum ReferenceCatalogueLoader {
    /// Loads the taxonomy from `folder`, through the JSON cache when the files have not changed since it was made.
    public static func load(from folder: URL) throws(ReferenceCatalogueError) -> Taxonomy {
        try loadWithFingerprint(from: folder).taxonomy
    }

    /// Loads the taxonomy (through the cache) and returns the fingerprint of its files with it, hashing them once.
    public static func loadWithFingerprint(from folder: URL) throws(ReferenceCatalogueError) -> (taxonomy: Taxonomy, fingerprint: String) {
        let fingerprint = fingerprint(of: folder)
        if let cached = TaxonomyCache.load(fingerprint: fingerprint) { return (cached, fingerprint) }
        let taxonomy = try loadYAML(from: folder)
        TaxonomyCache.store(taxonomy, fingerprint: fingerprint)
        return (taxonomy, fingerprint)
    }

    /// Loads and validates the YAML files, bypassing the cache.
    public static func loadYAML(from folder: URL) throws(ReferenceCatalogueError) -> Taxonomy {
        let taxonomyFolder = folder.appending(path: "taxonomy")
        var locations: [TaxonomyError.Section: [String: (file: String, line: Int)]] = [:]

        func section<Entry: ReferenceEntry>(
            _ type: Entry.Type, _ section: TaxonomyError.Section, file: URL, key: String
        ) throws(ReferenceCatalogueError) -> [Entry] {
            let display = file.path
            let loaded = try YAMLSection<Entry>(file: file, displayPath: display, key: key)
            for (entry, line) in loaded.entries {
                if let id = (entry as? any Identifiable).map({ String(describing: $0.id) }) {
                    locations[section, default: [:]][id] = (display, line)
                }
            }
            return loaded.entries.map(\.entry)
        }

        let ingredientFolder = taxonomyFolder.appending(path: "ingredients")
        let ingredientFiles: [URL]
        do {
            ingredientFiles = try FileManager.default.contentsOfDirectory(
                at: ingredientFolder, includingPropertiesForKeys: nil
            ).filter { $0.pathExtension == "yaml" || $0.pathExtension == "yml" }
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
        } catch {
            throw ReferenceCatalogueError(
                file: ingredientFolder.path,
                problem: "cannot list the ingredient files; the folder must exist and hold *.yaml files"
            )
        }
        guard !ingredientFiles.isEmpty else {
            throw ReferenceCatalogueError(file: ingredientFolder.path, problem: "no *.yaml ingredient files found")
        }
        var ingredients: [Ingredient] = []
        for file in ingredientFiles {
            ingredients += try section(Ingredient.self, .ingredients, file: file, key: "ingredients")
        }
        let allergens = try section(
            FragranceAllergen.self, .allergens, file: taxonomyFolder.appending(path: "allergens.yaml"), key: "allergens"
        )
        let foodClasses = try section(
            FoodAllergenClass.self, .foodAllergenClasses,
            file: taxonomyFolder.appending(path: "food-allergens.yaml"), key: "foodAllergenClasses"
        )
        let groups = try section(
            CrossReactivityGroup.self, .crossReactivity,
            file: taxonomyFolder.appending(path: "cross-reactivity.yaml"), key: "groups"
        )
        let properties = try section(
            SkinProperty.self, .properties, file: taxonomyFolder.appending(path: "properties.yaml"), key: "properties"
        )
        let conditions = try section(
            ConditionProfile.self, .conditions, file: taxonomyFolder.appending(path: "conditions.yaml"),
            key: "conditions"
        )
        do {
            return try Taxonomy(
                ingredients: ingredients, allergens: allergens, foodAllergenClasses: foodClasses,
                crossReactivityGroups: groups, properties: properties, conditions: conditions
            )
        } catch {
            let location = locations[error.section]?[error.entry]
            try failAt(location, error)
        }
    }

    private static func failAt(
        _ location: (file: String, line: Int)?, _ error: TaxonomyError
    ) throws(ReferenceCatalogueError) -> Never {
        throw ReferenceCatalogueError(
            file: location?.file ?? "taxonomy (\(error.section.rawValue))", line: location?.line, entry: error.entry,
            field: error.field, problem: error.problem
        )
    }
}
