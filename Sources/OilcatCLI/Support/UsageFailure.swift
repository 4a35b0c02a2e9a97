import CatalogueCore

/// A command-line value that names nothing the program knows, with suggestions.
struct UsageFailure: CodedError {
    var code: String
    var message: String
}
