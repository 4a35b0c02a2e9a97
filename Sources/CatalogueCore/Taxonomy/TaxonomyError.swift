/// A reference-catalogue entry that is inconsistent: a duplicate id, a reference to something that does not exist,
/// a value out of range, or two entries claiming the same label name.
public struct TaxonomyError: CodedError, Equatable {
    /// The part of the reference catalogue the entry belongs to.
    public enum Section: String, Sendable, CaseIterable {
        case ingredients, allergens, foodAllergenClasses, crossReactivity, properties, conditions, inventory, medicalHistory,
            testAllergens
    }

    /// Where the entry lives.
    public var section: Section
    /// The entry's id (or index when it has no usable id).
    public var entry: String
    /// The field at fault.
    public var field: String
    /// What is wrong and what to do.
    public var problem: String

    public init(section: Section, entry: String, field: String, problem: String) {
        self.section = section
        self.entry = entry
        self.field = field
        self.problem = problem
    }

    public var code: String { "CAT-TAXONOMY" }
    public var message: String { "\(section.rawValue) entry '\(entry)', field '\(field)': \(problem)" }
}
