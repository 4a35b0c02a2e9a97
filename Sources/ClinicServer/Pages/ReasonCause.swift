import Foundation

/// One short cause for a reason chain, so that a list can show "patch test #1 ++" on a row and explain the chain
/// once: the engine's reasons are full sentences ("blocked: contains Lavandula Angustifolia Oil, a suspected
/// allergen from patch test 1 (Lavender Calm Massage Blend 100 ml, ++ at 72 h on …)"), the same on every row a
/// test blocks.
enum ReasonCause {
    /// The short cause of one reason: "patch test #1 ++", "Compositae mix (dermatologist)", "wool alcohols
    /// (dermatologist)", "undisclosed fragrance — fragrance mix I (dermatologist)", "unresolved: Parfum", "no
    /// ingredient list", "sensitive skin caution", … A reason of an unknown shape keeps its first clause.
    static func of(_ reason: String) -> String {
        let (status, body) = split(reason)
        if let name = quoted(body, before: "' is not in the reference catalogue") { return "unresolved: \(name)" }
        if body.hasPrefix("the supplier gives no ingredient list") { return "no ingredient list" }
        if body.hasPrefix("the client reported a reaction to this product") {
            return "reported reaction" + (number(in: body, after: "(record ").map { " #\($0)" } ?? "")
        }
        if body.hasPrefix("stock opened ") { return "opened stock past its shelf life" }
        if body.hasPrefix("the client's condition") {
            return "patch test required" + (between(body, "(", ")").map { " (\($0))" } ?? "")
        }
        if let test = number(in: body, after: "patch test "), body.hasPrefix("patch test ") {
            if body.contains("is not finally read") { return "patch test #\(test) not finally read" }
            return "patch test #\(test)" + (result(in: body).map { " \($0)" } ?? "")
        }
        // A condition's caution may mention a patch test in its text: it is read before the tests.
        if let range = body.range(of: " caution — ") {
            let before = body[..<range.lowerBound]
            if let colon = before.range(of: ": ", options: .backwards) { return String(before[colon.upperBound...]) + " caution" }
        }
        for (marker, source) in [("diagnosed allergen: ", "dermatologist"), ("client-reported allergen: ", "client-reported")] {
            if let range = body.range(of: marker) {
                var entered = String(body[range.upperBound...])
                // "Compositae mix (dermatologist, 3 November 2026)": the name without the source and day.
                if let open = entered.range(of: " (", options: .backwards) { entered = String(entered[..<open.lowerBound]) }
                let prefix =
                    if body.contains("a natural complex substance") {
                        "may contain: "
                    } else if body.contains(", an undisclosed fragrance") {
                        "undisclosed fragrance — "
                    } else if status == "caution" && body.contains("implicated by ") {
                        // A graded cross-reactor of a patch-test allergen ("lauryl glucoside for decyl glucoside").
                        "cross-reactor of "
                    } else {
                        ""
                    }
                return prefix + "\(entered) (\(source))"
            }
        }
        if let test = number(in: body, after: "patch test ") {
            let found = result(in: body)
            let shown = found == "reported" ? "reported reaction #\(test)" : "patch test #\(test)" + (found.map { " \($0)" } ?? "")
            return body.contains("cross-reactor") ? "cross-reactor of \(shown)" : shown
        }
        if body.contains("phototoxic") {
            return "phototoxic" + (between(body, "contains ", body.contains(" at ") ? " at " : ",").map { ": \($0)" } ?? "")
        }
        if body.contains("not known to be safe") { return "not known to be safe: " + firstClause(body) }
        return firstClause(body)
    }

    /// The reason without its status word: ("blocked", "contains …").
    static func split(_ reason: String) -> (status: String, body: String) {
        for status in ["blocked", "unknown", "pending", "caution", "patch-test-required"] where reason.hasPrefix(status + ": ") {
            return (status, String(reason.dropFirst(status.count + 2)))
        }
        return ("", reason)
    }

    /// The reading's notation in "… ++ at 72 h on …", or "reported".
    private static func result(in text: String) -> String? {
        if text.contains(", reported on ") || text.contains("(reported on ") { return "reported" }
        guard let at = text.range(of: #" at \d+ h on "#, options: .regularExpression) else { return nil }
        let before = text[..<at.lowerBound]
        let token = before.split(separator: " ").last.map(String.init) ?? ""
        return ["-", "?+", "+", "++", "+++", "IR"].contains(token) ? token : nil
    }

    private static func number(in text: String, after marker: String) -> String? {
        guard let range = text.range(of: marker) else { return nil }
        let digits = text[range.upperBound...].prefix { $0.isASCII && $0.isNumber }
        return digits.isEmpty ? nil : String(digits)
    }

    private static func between(_ text: String, _ open: String, _ close: String) -> String? {
        guard let start = text.range(of: open), let end = text.range(of: close, range: start.upperBound..<text.endIndex) else { return nil }
        let inner = text[start.upperBound..<end.lowerBound]
        return inner.isEmpty ? nil : String(inner)
    }

    private static func quoted(_ text: String, before: String) -> String? {
        guard text.hasPrefix("'"), let end = text.range(of: before) else { return nil }
        return String(text[text.index(after: text.startIndex)..<end.lowerBound])
    }

    private static func firstClause(_ text: String) -> String {
        let clause = text.split(separator: ",", maxSplits: 1).first.map(String.init) ?? text
        return clause.count > 60 ? String(clause.prefix(59)) + "…" : clause
    }
}

/// How many products of one status each cause accounts for: "Blocked — patch test #1 ++: 5 products".
struct CauseGroup {
    var status: String
    var label: String
    var causes: [Count]

    struct Count {
        var cause: String
        var products: Int
        /// The full chain behind the cause, as the first product showing it gives it.
        var example: String
    }

    /// The groups for rows given as (status, reasons), in status order, causes by how many products they cover.
    static func groups(_ rows: [(status: String, reasons: [String])]) -> [CauseGroup] {
        var order: [String] = []
        var counts: [String: [String: (products: Int, example: String, first: Int)]] = [:]
        for (index, row) in rows.enumerated() where row.status != "safe" {
            if counts[row.status] == nil { order.append(row.status) }
            var seen = Set<String>()
            for reason in row.reasons where ReasonCause.split(reason).status == row.status {
                let cause = ReasonCause.of(reason)
                guard seen.insert(cause).inserted else { continue }
                let old = counts[row.status, default: [:]][cause]
                counts[row.status, default: [:]][cause] = ((old?.products ?? 0) + 1, old?.example ?? reason, old?.first ?? index)
            }
        }
        return order.map { status in
            let causes = (counts[status] ?? [:]).sorted {
                $0.value.products != $1.value.products ? $0.value.products > $1.value.products : $0.value.first < $1.value.first
            }
            return CauseGroup(
                status: status, label: StatusText.label(status),
                causes: causes.map { Count(cause: $0.key, products: $0.value.products, example: $0.value.example) }
            )
        }
    }
}

/// The words and style classes a page uses for statuses and results.
enum StatusText {
    static func label(_ status: String) -> String {
        switch status {
        case "safe": "Safe"
        case "patch-test-required": "Patch test first"
        case "caution": "Caution"
        case "pending": "Pending reading"
        case "unknown": "Unknown"
        case "blocked": "Blocked"
        default: status
        }
    }

    /// The class that makes a result stand out: positive (`+`, `++`, `+++`, reported), doubtful, irritant; plain
    /// for negative and pending.
    static func resultClass(_ result: String) -> String {
        switch result {
        case "+", "++", "+++", "reported": "result result-positive"
        case "doubtful", "?+": "result result-doubtful"
        case "irritant", "IR": "result result-irritant"
        default: "result"
        }
    }
}
