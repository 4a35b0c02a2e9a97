/// A JSON value exactly as written: numbers keep their text (a price or a code never becomes a lossy `Double`),
/// objects keep member order and duplicates.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// The number's text, valid per RFC 8259 ("12.50", "-1e3").
    case number(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The member `key` of an object (the last one when a key repeats).
    public subscript(key: String) -> JSONValue? {
        guard case .object(let object) = self else { return nil }
        return object[key]
    }

    /// Text for strings, numbers and booleans; `nil` otherwise.
    public var text: String? {
        switch self {
        case .string(let value): value
        case .number(let value): value
        case .bool(let value): value ? "true" : "false"
        default: nil
        }
    }

    /// The elements of an array, or the value itself as a one-element list (JSON-LD writes both).
    public var list: [JSONValue] {
        if case .array(let elements) = self { return elements }
        if case .null = self { return [] }
        return [self]
    }

    /// The values at a dotted path: keys, and numbers for array elements (`variants.0.sku`). An array met on the
    /// way without an index contributes all its elements.
    public func values(at path: String) -> [JSONValue] {
        var current: [JSONValue] = [self]
        for step in path.split(separator: ".", omittingEmptySubsequences: true) {
            var next: [JSONValue] = []
            for value in current {
                switch value {
                case .object(let object):
                    if let member = object[String(step)] { next.append(member) }
                case .array(let elements):
                    if let index = Int(step) {
                        if index >= 0 && index < elements.count { next.append(elements[index]) }
                    } else {
                        next += elements.compactMap { $0[String(step)] }
                    }
                default:
                    break
                }
            }
            current = next
        }
        return current.flatMap { value -> [JSONValue] in
            if case .array(let elements) = value { return elements }
            return [value]
        }
    }
}

/// A JSON object's members in document order.
public struct JSONObject: Sendable, Hashable {
    public var members: [(key: String, value: JSONValue)]

    public init(_ members: [(key: String, value: JSONValue)]) {
        self.members = members
    }

    public subscript(key: String) -> JSONValue? {
        members.last { $0.key == key }?.value
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.members.count == rhs.members.count
            && zip(lhs.members, rhs.members).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for member in members {
            hasher.combine(member.key)
            hasher.combine(member.value)
        }
    }
}
