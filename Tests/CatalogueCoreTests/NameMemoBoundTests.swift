@testable import CatalogueCore
import Testing

@Suite("The label memo's bound")
struct NameMemoBoundTests {
    @Test("long segments that never repeat do not make the memo grow with the feed, and lists still read as the resolver reads them")
    func longSegmentsStayBounded() {
        let resolver = SampleTaxonomy.resolver
        var memo = NameMemo()
        // A sentence of 32 KB, different every time (a sentence is cheap to read: no name to resolve).
        let filler = String(repeating: "this oil helps the skin feel soft and supple ", count: 700)
        for number in 0..<150 {
            let list = "Aqua, Linalool*. Made so that \(filler)for batch \(number)"
            let memoised = resolver.resolveFormulation(list: list, memo: &memo)
            if number % 50 == 0 {
                let same = memoised == ResolvedFormulation(resolver.resolve(list: list))
                #expect(same, "list \(number)")
            }
            #expect(memo.segmentBytes <= NameMemo.segmentBytesLimit)
        }
        #expect(memo.segments.map(\.count).reduce(0, +) < 150)
    }
}
