import CatalogueCore
import Foundation
import Yams

/// One top-level list of a reference file (`ingredients:`, `allergens:` …), decoded with errors that point at
/// the file, line, entry and field.
struct YAMLSection<Entry: ReferenceEntry> {
    /// The decoded entries with the line each starts on.
    var entries: [(entry: Entry, line: Int)]

    init(file: URL, displayPath: String, key: String) throws(ReferenceCatalogueError) {
        func failure(_ problem: String, line: Int? = nil, entry: String? = nil, field: String? = nil)
            -> ReferenceCatalogueError
        {
            ReferenceCatalogueError(file: displayPath, line: line, entry: entry, field: field, problem: problem)
        }
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw failure("cannot read the file (\(error.localizedDescription)); check that it exists and is readable")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw failure("the file is not valid UTF-8 text; save it as UTF-8")
        }
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw failure("the file is empty; it must hold a top-level '\(key):' list")
            }
            root = node
        } catch let error as ReferenceCatalogueError {
            throw error
        } catch {
            throw Self.syntaxError(error, displayPath: displayPath)
        }
        guard let list = root.mapping?[key], let items = list.sequence else {
            throw failure("expected a top-level '\(key):' list", line: root.mark?.line)
        }
        if let extra = root.mapping?.keys.compactMap(\.string).first(where: { $0 != key }) {
            throw failure("unknown top-level key '\(extra)'; this file holds only '\(key):'", line: root.mark?.line)
        }
        var decoded: [(Entry, Int)] = []
        decoded.reserveCapacity(items.count)
        for (offset, item) in items.enumerated() {
            let line = item.mark?.line ?? 0
            let name = item.mapping?["id"]?.string ?? "#\(offset + 1)"
            guard let mapping = item.mapping else {
                throw failure("each entry must be a mapping of fields", line: line, entry: name)
            }
            for field in mapping.keys.compactMap(\.string) where !Entry.fieldNames.contains(field) {
                let known = Entry.fieldNames.sorted().joined(separator: ", ")
                throw failure(
                    "unknown field; known fields are: \(known)", line: mapping[field]?.mark?.line ?? line,
                    entry: name, field: field
                )
            }
            do {
                decoded.append((try YAMLDecoder().decode(Entry.self, from: item), line))
            } catch let error as DecodingError {
                let (field, problem, node) = Self.describe(error, in: item)
                throw failure(problem, line: node?.mark?.line ?? line, entry: name, field: field)
            } catch {
                throw failure("\(error)", line: line, entry: name)
            }
        }
        entries = decoded
    }

    private static func syntaxError(_ error: any Error, displayPath: String) -> ReferenceCatalogueError {
        if let yaml = error as? YamlError {
            switch yaml {
            case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
                .composer(let context, let problem, let mark, _):
                let detail = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
                return ReferenceCatalogueError(
                    file: displayPath, line: mark.line, problem: "YAML syntax error at column \(mark.column): \(detail)"
                )
            default: break
            }
        }
        return ReferenceCatalogueError(file: displayPath, problem: "YAML error: \(error)")
    }

    /// The field path, a message, and the node the error points at.
    private static func describe(_ error: DecodingError, in entry: Node) -> (String?, String, Node?) {
        let path: [any CodingKey]
        let problem: String
        switch error {
        case .keyNotFound(let key, let context):
            path = context.codingPath + [key]
            problem = "missing required field"
        case .typeMismatch(let type, let context):
            path = context.codingPath
            problem = "expected \(Self.describe(type))"
        case .valueNotFound(let type, let context):
            path = context.codingPath
            problem = "empty value; expected \(Self.describe(type))"
        case .dataCorrupted(let context):
            path = context.codingPath
            problem = context.debugDescription
        @unknown default:
            return (nil, "\(error)", nil)
        }
        var node: Node? = entry
        var deepest: Node? = entry
        for key in path {
            if let index = key.intValue { node = node?.sequence.flatMap { index < $0.count ? $0[index] : nil } }
            else { node = node?.mapping?[key.stringValue] }
            if node != nil { deepest = node }
        }
        let field = path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        return (field.hasPrefix(".") ? String(field.dropFirst()) : field, problem, deepest)
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "text"
        case is Bool.Type: "true or false"
        case is Int.Type: "a whole number"
        case is Double.Type: "a number"
        default: String(describing: type).hasPrefix("Array") ? "a list" : "a mapping"
        }
    }
}
