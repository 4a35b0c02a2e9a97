import CatalogueCore
import Foundation
import OilCatalogue

/// How much of a corpus of real labels the resolver understands: the share of entries resolved, the share of
/// labels resolved entirely, and the commonest names left over. The corpus is a TSV file with a header line and a
/// `label` column (the real-labels corpus: `source`, `product_name`, `category`, `label`).
enum LabelCoverage {
    struct Report {
        var labels = 0
        var fullyResolved = 0
        var entries = 0
        var resolvedEntries = 0
        var unresolved: [String: Int] = [:]
        /// Labels the importer's memoised reading (``IngredientResolver/resolveFormulation(list:memo:)``, one memo
        /// for the whole corpus, as for a feed) reads or stores otherwise than the plain resolver: must be none.
        var importReadsOtherwise: [String] = []
    }

    static func measure(file: URL, catalogue: URL) throws -> Report {
        let taxonomy = try ReferenceCatalogueLoader.load(from: catalogue)
        let resolver = IngredientResolver(taxonomy: taxonomy)
        guard let text = try? String(contentsOf: file, encoding: .utf8) else {
            throw BenchError("cannot read \(file.path) as UTF-8 text")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        guard let header = lines.first else { throw BenchError("\(file.path) is empty: expected a header line") }
        let columns = header.split(separator: "\t", omittingEmptySubsequences: false)
        guard let column = columns.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "label" }) else {
            throw BenchError("\(file.path):1: no 'label' column in the header")
        }
        lines.removeFirst()
        var report = Report()
        var memo = NameMemo()
        var importMemo = NameMemo()
        for line in lines {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard column < fields.count else { continue }
            let label = String(fields[column])
            let resolution = resolver.resolve(list: label, memo: &memo)
            // The same entries, and the same stored form (put together from the memo's pieces).
            let imported = resolver.resolveFormulation(list: label, memo: &importMemo)
            if imported != ResolvedFormulation(resolution) || imported.jsonText != ResolvedFormulation(entries: imported.entries).jsonText {
                report.importReadsOtherwise.append(label)
            }
            guard !resolution.entries.isEmpty else { continue }
            report.labels += 1
            report.entries += resolution.entries.count
            report.resolvedEntries += resolution.resolved.count
            if resolution.isFullyResolved { report.fullyResolved += 1 }
            for name in resolution.unresolvedNames { report.unresolved[name, default: 0] += 1 }
        }
        return report
    }

    static func print(_ report: Report, file: URL, top count: Int = 30, line: (String) -> Void) {
        func share(_ part: Int, _ whole: Int) -> String { String(format: "%.1f %%", whole == 0 ? 0 : 100 * Double(part) / Double(whole)) }
        line("Label coverage · \(file.path)")
        line("  entries resolved:       \(share(report.resolvedEntries, report.entries)) (\(report.resolvedEntries) of \(report.entries))")
        line("  labels fully resolved:  \(share(report.fullyResolved, report.labels)) (\(report.fullyResolved) of \(report.labels))")
        line("  the importer reads otherwise: \(report.importReadsOtherwise.count) label(s) (must be 0)")
        for label in report.importReadsOtherwise.prefix(5) { line("    " + label.prefix(160)) }
        line("  commonest unresolved names (labels printing them):")
        let top = report.unresolved.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(count)
        for (name, count) in top {
            line("    " + String(count).padding(toLength: 5, withPad: " ", startingAt: 0) + name)
        }
    }
}
