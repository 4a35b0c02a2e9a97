import Foundation
import OilCatalogue
import Testing

/// The feed file is read through a buffer; whatever sizes the parser asks for, it gets the file's bytes in order.
@Suite("Reading a feed file")
struct FileFeedSourceTests {
    @Test("requests of any size, smaller and larger than the buffer, give back the file exactly", arguments: [1, 7, 4_000, 262_144, 1_000_000])
    func chunks(size: Int) throws {
        let file = FileManager.default.temporaryDirectory.appending(path: "oilcat-source-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<700_001).map { _ in UInt8.random(in: 0...255, using: &generator) }
        try Data(bytes).write(to: file)
        let source = try FileFeedSource(path: file.path)
        var read: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: size)
        while true {
            let count = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
            if count == 0 { break }
            read += chunk[..<count]
        }
        #expect(read == bytes)
        #expect(source.bytesRead == Int64(bytes.count))
        #expect(try chunk.withUnsafeMutableBytes { try source.read(into: $0) } == 0)
    }
}
