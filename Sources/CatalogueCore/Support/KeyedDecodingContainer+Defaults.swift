extension KeyedDecodingContainer {
    /// Decodes an optional list, treating a missing key or `null` as empty, so reference files stay short.
    func list<T: Decodable>(_ key: Key) throws -> [T] {
        try decodeIfPresent([T].self, forKey: key) ?? []
    }
}
