public import CatalogueCore

/// Why an import run failed. The run's report is stored all the same, and the catalogue is exactly what it was.
public struct ImportError: CodedError {
    public var code: String
    public var message: String
    /// The report of the failed run, when it got that far.
    public var report: ImportReport?

    public init(code: String, message: String, report: ImportReport? = nil) {
        self.code = code
        self.message = message
        self.report = report
    }
}
