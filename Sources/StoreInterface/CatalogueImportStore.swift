public import Foundation

/// Where an import run writes: one transaction per run, so readers see the catalogue before the run or after its
/// commit, never half of it.
public protocol CatalogueImportStore: Sendable {
    /// Runs `body` in one write transaction with a writer for the catalogue's products stamped `now`, and commits or
    /// rolls back as `body` says. An error thrown by `body` rolls everything back and passes unchanged.
    func withImportTransaction(now: Date, _ body: (any ImportWriter) throws -> ImportCompletion) async throws
}
