import Foundation

/// The inventory tier of the reference catalogue: every INCI name of the EU CosIng inventory, with its CAS and EC
/// numbers and functions (`Catalogue/inventory/cosing-inventory.tsv`, generated from EU CosIng by the script beside
/// it).
///
/// The table keeps the file's bytes and the offset of each row: it is searched in place (rows are sorted by
/// matching key), so 28,712 names cost one read and one scan for line ends, not 28,712 strings and dictionaries.
/// An ingredient of the inventory has the id of its key with hyphens for spaces ("Butylene Glycol" →
/// `butylene-glycol`).
public struct IngredientInventory: Sendable {
    /// One row of the inventory, decoded.
    public struct Entry: Sendable, Hashable {
        /// The matching key of the INCI name.
        public var key: String
        /// The INCI name as CosIng spells it ("BUTYLENE GLYCOL").
        public var inci: String
        /// CAS numbers, as CosIng gives them; may be empty.
        public var cas: String
        /// EC (EINECS/ELINCS) numbers; may be empty.
        public var ec: String
        /// The cosmetic functions CosIng lists ("Humectant", "Solvent").
        public var functions: [String]
        /// A plant oil, absolute, extract, water or resin CosIng lists as perfuming: a natural complex substance
        /// whose constituents the reference data does not give.
        public var isNaturalComplex: Bool

        /// The ingredient id of this row.
        public var id: IngredientID { IngredientID(key.replacing(" ", with: "-")) }
    }

    /// Where the data comes from, shown with every inventory ingredient.
    public static let source = "EU CosIng ingredient inventory (export of 2020-12-30)"

    private let bytes: [UInt8]
    /// The offset of each row's first byte, then one past the last row's line end.
    private let rowStarts: [Int32]
    /// The offset of each compact-key line ("cetearylalcohol\t4321"), in compact-key order.
    private let compactStarts: [Int32]
    /// The offset of each label-spelling line ("avobenzone\t3117"), in key order.
    private let spellingStarts: [Int32]
    /// The function names the rows' function columns index.
    public let functionNames: [String]
    /// The rows flagged as natural complex substances.
    public let naturalComplexRows: [Int]

    /// An inventory with no rows (a taxonomy made without the inventory file).
    public static let empty = IngredientInventory(
        bytes: [], rowStarts: [0], compactStarts: [], spellingStarts: [], functionNames: [], naturalComplexRows: []
    )

    private init(
        bytes: [UInt8], rowStarts: [Int32], compactStarts: [Int32], spellingStarts: [Int32], functionNames: [String],
        naturalComplexRows: [Int]
    ) {
        self.bytes = bytes
        self.rowStarts = rowStarts
        self.compactStarts = compactStarts
        self.spellingStarts = spellingStarts
        self.functionNames = functionNames
        self.naturalComplexRows = naturalComplexRows
    }

    /// Reads the generated file's bytes.
    /// - Throws: ``TaxonomyError`` (section `inventory`) naming the line that is not a row of six fields in key
    ///   order.
    public init(tsv: [UInt8]) throws(TaxonomyError) {
        var starts: [Int32] = []
        starts.reserveCapacity(tsv.count / 60)
        var compact: [Int32] = []
        var spellings: [Int32] = []
        var functionNames: [String] = []
        var natural: [Int] = []
        var rowsEnd = tsv.count
        // One pass over the bytes through a pointer (28,712 rows, 3 MB: this is most of the catalogue's load).
        let failure: TaxonomyError? = tsv.withUnsafeBufferPointer { buffer -> TaxonomyError? in
            guard let base = buffer.baseAddress else { return nil }
            let count = buffer.count
            enum Section { case rows, compact, spellings }
            var section = Section.rows
            var lineStart = 0
            var lineNumber = 0
            var previousKey: (start: Int, end: Int)?
            while lineStart < count {
                lineNumber += 1
                var lineEnd = lineStart
                var tabs = 0
                var firstTab = -1
                while lineEnd < count {
                    let byte = base[lineEnd]
                    if byte == 0x0A { break }
                    if byte == 0x09 {
                        if firstTab < 0 { firstTab = lineEnd }
                        tabs += 1
                    }
                    lineEnd += 1
                }
                defer { lineStart = lineEnd + 1 }
                guard lineEnd > lineStart else { continue }
                if base[lineStart] == UInt8(ascii: "#") {
                    let line = String(decoding: UnsafeBufferPointer(start: base + lineStart, count: lineEnd - lineStart), as: UTF8.self)
                    if line == "#compact" {
                        section = .compact
                        rowsEnd = min(rowsEnd, lineStart)
                    } else if line == "#spellings" {
                        section = .spellings
                        rowsEnd = min(rowsEnd, lineStart)
                    } else if line.hasPrefix("#functions\t") {
                        functionNames = line.split(separator: "\t", omittingEmptySubsequences: false).dropFirst().map(String.init)
                    }
                    continue
                }
                func fail(_ problem: String) -> TaxonomyError {
                    TaxonomyError(section: .inventory, entry: "line \(lineNumber)", field: "row", problem: problem)
                }
                switch section {
                case .compact, .spellings:
                    guard tabs == 1 else { return fail("a compact-key or spelling line has two fields; regenerate the file") }
                    if section == .compact { compact.append(Int32(lineStart)) } else { spellings.append(Int32(lineStart)) }
                case .rows:
                    guard tabs == 5 else { return fail("expected 6 tab-separated fields, found \(tabs + 1); regenerate the file") }
                    if let previous = previousKey {
                        let (a, b) = (previous.end - previous.start, firstTab - lineStart)
                        let order = memcmp(base + previous.start, base + lineStart, min(a, b))
                        guard order < 0 || (order == 0 && a < b) else {
                            return fail("the rows are not in key order; regenerate the file with generate-inventory.py")
                        }
                    }
                    if base[lineEnd - 1] == UInt8(ascii: "n") { natural.append(starts.count) }
                    starts.append(Int32(lineStart))
                    previousKey = (lineStart, firstTab)
                }
            }
            return nil
        }
        if let failure { throw failure }
        starts.append(Int32(rowsEnd))
        self.init(
            bytes: tsv, rowStarts: starts, compactStarts: compact, spellingStarts: spellings, functionNames: functionNames,
            naturalComplexRows: natural
        )
    }

    /// How many ingredients the inventory holds.
    public var count: Int { rowStarts.count - 1 }

    /// The row whose key is `key`, by binary search.
    public func row(forKey key: String) -> Int? {
        var key = key
        return key.withUTF8 { row(matching: $0, hyphenIsSpace: false) }
    }

    /// The row of an inventory ingredient id.
    public func row(for id: IngredientID) -> Int? {
        var text = id.rawValue
        return text.withUTF8 { row(matching: $0, hyphenIsSpace: true) }
    }

    /// The row whose key, without its spaces, is `compactKey` ("cetearylalcohol"), when only one row has it.
    public func row(forCompactKey compactKey: String) -> Int? { row(forKey: compactKey, in: compactStarts) }

    /// The row a label spelling that is not an INCI name stands for ("avobenzone" → BUTYL METHOXYDIBENZOYLMETHANE).
    public func row(forSpelling key: String) -> Int? { row(forKey: key, in: spellingStarts) }

    private func row(forKey key: String, in starts: [Int32]) -> Int? {
        var key = key
        return key.withUTF8 { wanted -> Int? in
            guard let line = search(wanted, starts: starts, hyphenIsSpace: false) else { return nil }
            var position = Int(starts[line])
            while bytes[position] != 0x09 { position += 1 }
            var value = 0
            position += 1
            while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 {
                value = value * 10 + Int(bytes[position] - 0x30)
                position += 1
            }
            return value < count ? value : nil
        }
    }

    private func row(matching wanted: UnsafeBufferPointer<UInt8>, hyphenIsSpace: Bool) -> Int? {
        search(wanted, starts: rowStarts.dropLast(), hyphenIsSpace: hyphenIsSpace)
    }

    /// Binary search of lines (each starting with a key ended by a tab) for the one whose key is `wanted`.
    private func search<Starts: RandomAccessCollection<Int32>>(
        _ wanted: UnsafeBufferPointer<UInt8>, starts rowStarts: Starts, hyphenIsSpace: Bool
    ) -> Int? where Starts.Index == Int {
        guard !wanted.isEmpty else { return nil }
        var low = rowStarts.startIndex
        var high = rowStarts.endIndex
        return bytes.withUnsafeBufferPointer { all in
            while low < high {
                let middle = (low + high) / 2
                var position = Int(rowStarts[middle])
                var index = 0
                var order = 0
                while true {
                    let stored = all[position]
                    let atEnd = stored == 0x09
                    if index == wanted.count {
                        order = atEnd ? 0 : 1
                        break
                    }
                    if atEnd {
                        order = -1
                        break
                    }
                    var byte = wanted[index]
                    if hyphenIsSpace && byte == UInt8(ascii: "-") { byte = 0x20 }
                    if stored != byte {
                        order = stored < byte ? -1 : 1
                        break
                    }
                    index += 1
                    position += 1
                }
                if order == 0 { return middle }
                if order < 0 { low = middle + 1 } else { high = middle }
            }
            return nil
        }
    }

    /// The six fields of a row.
    private func fields(_ row: Int) -> [Substring] {
        let start = Int(rowStarts[row])
        var end = Int(rowStarts[row + 1])
        while end > start, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
        let line = String(decoding: bytes[start..<end], as: UTF8.self)
        return line.split(separator: "\t", omittingEmptySubsequences: false)
    }

    /// Row `row`, decoded.
    public func entry(_ row: Int) -> Entry {
        var parts = fields(row)
        while parts.count < 6 { parts.append("") }
        let functions = parts[4].split(separator: ",").compactMap { Int($0) }.compactMap {
            functionNames.indices.contains($0) ? functionNames[$0] : nil
        }
        return Entry(
            key: String(parts[0]), inci: String(parts[1]), cas: String(parts[2]), ec: String(parts[3]),
            functions: functions, isNaturalComplex: parts[5] == "n"
        )
    }

    /// Whether row `row`'s name ends in "oil" (an essential or fixed oil rather than an extract or absolute).
    public func isOil(_ row: Int) -> Bool {
        var end = Int(rowStarts[row])
        while bytes[end] != 0x09 { end += 1 }
        return end - Int(rowStarts[row]) > 4 && bytes[(end - 4)..<end].elementsEqual(" oil".utf8)
    }

    /// The INCI name of row `row`, without decoding the rest.
    public func inci(_ row: Int) -> String { entry(row).inci }

    /// The id of row `row`.
    public func id(_ row: Int) -> IngredientID { IngredientID(String(fields(row)[0]).replacing(" ", with: "-")) }

    /// Every row whose key contains all of `words` (each a key word), up to `limit`, in key order.
    public func search(words: [String], limit: Int) -> [Int] {
        guard !words.isEmpty else { return [] }
        var found: [Int] = []
        for row in 0..<count {
            let start = Int(rowStarts[row])
            var end = start
            while bytes[end] != 0x09 { end += 1 }
            let key = String(decoding: bytes[start..<end], as: UTF8.self)
            if words.allSatisfy({ key.contains($0) }) {
                found.append(row)
                if found.count == limit { break }
            }
        }
        return found
    }
}
