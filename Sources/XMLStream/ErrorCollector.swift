internal import CLibXML2

/// Receives libxml2's structured errors for one reader: keeps the first error of level ERROR or above, and the
/// warnings.
final class ErrorCollector {
    private let documentName: String
    /// Read after every node by the reader that owns this collector, on its one thread: no run-time exclusivity
    /// checks.
    @exclusivity(unchecked) private(set) var first: XMLStreamError?
    private(set) var warnings: [String] = []

    init(documentName: String) {
        self.documentName = documentName
    }

    func record(_ error: xmlError) {
        var detail = error.message.map { String(cString: $0) } ?? "unknown libxml2 error"
        while let last = detail.last, last.isWhitespace { detail.removeLast() }
        if error.level.rawValue >= XML_ERR_ERROR.rawValue {
            guard first == nil else { return }
            first = XMLStreamError(
                kind: .malformed, document: documentName, line: Int(error.line), column: Int(error.int2),
                detail: detail, libxmlCode: error.code
            )
        } else if warnings.count < 100 {
            warnings.append("\(documentName):\(error.line):\(error.int2): \(detail)")
        }
    }
}

