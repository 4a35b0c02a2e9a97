import Foundation
import OilCatalogue

/// The human summary of an import report.
enum ImportReportText {
    static let shown = 20

    static func render(_ report: ImportReport) -> String {
        var lines: [String] = []
        let kind = report.feedKind.map { $0 == .fullSnapshot ? ", full snapshot" : ", delta" } ?? ""
        let took = report.seconds.map { String(format: " in %.2f s", $0) } ?? ""
        lines.append("Import #\(report.runId.map(String.init) ?? "-") of \(report.supplier) from \(report.source) (\(report.format)\(kind)): \(report.status)\(took)")
        let c = report.counts
        if report.status == "unchanged" {
            lines.append("  the feed has not changed since the last import; nothing to do (\(c.unchanged) products)")
        } else {
            lines.append("  read \(c.read) · added \(c.added) · changed \(c.changed) · unchanged \(c.unchanged) · removed \(c.removed) · rejected \(c.rejected)")
            lines.append("  reformulated \(c.reformulated) · with unresolved ingredients \(c.withUnresolvedIngredients) · without an ingredient list \(c.withoutIngredients)")
        }
        if let reread = report.reread {
            lines.append("  " + reread.summary(limit: 0)[0] + " (every supplier)")
        }
        if report.dryRun { lines.append("  dry run: nothing was written") }
        section("rejected", report.rejected.map(\.description), total: c.rejected, into: &lines)
        let stale = report.stale ?? []
        section(
            "stale (the latest record was rejected: the last good version is kept, not known to be safe until a good record arrives)",
            stale, total: stale.count, into: &lines
        )
        section("changed", report.changed.map { "\($0.sku): \($0.fields.joined(separator: ", "))" }, total: c.changed, into: &lines)
        section("removed (discontinued)", report.removed, total: c.removed, into: &lines)
        section(
            "unresolved ingredient names (these products are not known to be safe)",
            report.unresolved.map { "\($0.sku): \($0.names.joined(separator: "; "))" },
            total: c.withUnresolvedIngredients, into: &lines
        )
        section(
            "clients affected by reformulations",
            report.affected.map { "client \($0.client) \($0.clientName): \($0.product) now \($0.status) (was \($0.previousStatus))" },
            total: c.affectedClients, into: &lines
        )
        if let reread = report.reread {
            section("read differently with the changed reference data", reread.products, total: reread.changed, into: &lines)
            section(
                "clients whose verdicts changed with the reference data",
                reread.changes.map { "client \($0.client) \($0.clientName): \($0.product) now \($0.status) (was \($0.previousStatus))" },
                total: reread.changedVerdicts, into: &lines
            )
        }
        section("warnings", report.warnings.map(\.description), total: report.warnings.count, into: &lines)
        if let afterCommit = report.afterCommit {
            section("applied, but afterwards", afterCommit, total: afterCommit.count, into: &lines)
        }
        if let archive = report.archivePath { lines.append("  feed archived at \(archive)") }
        if let sha = report.feedSHA256 { lines.append("  feed SHA-256 \(sha)") }
        if let error = report.error { lines.append("  failed: \(error)") }
        return lines.joined(separator: "\n")
    }

    private static func section(_ title: String, _ items: [String], total: Int, into lines: inout [String]) {
        guard !items.isEmpty else { return }
        lines.append("  \(title):")
        for item in items.prefix(shown) { lines.append("    \(item)") }
        if total > shown { lines.append("    … and \(total - shown) more (--json for the list)") }
    }
}
