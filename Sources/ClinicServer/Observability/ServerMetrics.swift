import CoreMetrics
import Foundation
import Metrics
import Prometheus

/// The server's metrics, recorded through swift-metrics onto a Prometheus registry that `/metrics` prints.
///
/// swift-metrics has one factory per process: it is bootstrapped the first time a server is built, so the request
/// metrics of Hummingbird's `MetricsMiddleware` and the counters below land in the same registry.
enum ServerMetrics {
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // Prometheus names allow letters, digits and '_': swift-metrics labels such as "http.server.request.duration"
        // are written with underscores.
        factory.nameAndLabelSanitizer = { name, labels in
            // Hummingbird's request timer, named with its unit as Prometheus's conventions ask.
            let name = name == "http.server.request.duration" ? "http_server_request_duration_seconds" : sanitised(name)
            return (name, labels.map { (sanitised($0.0), $0.1) })
        }
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
            .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
            .seconds(30), .seconds(60), .seconds(300),
        ]
        MetricsSystem.bootstrap(factory)
        return registry
    }()

    /// Makes sure the factory is in place before the first metric is made.
    static func start() { _ = registry }

    /// Every metric in Prometheus's text format.
    static func exposition() -> [UInt8] { registry.emitToBuffer() }

    static func sanitised(_ name: String) -> String {
        String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
    }

    /// An import run started from the web app, by outcome ("applied", "failed", …), and how long it took.
    static func importRun(outcome: String, duration: Duration) {
        Counter(label: "oilcat_import_runs_total", dimensions: [("outcome", outcome)]).increment()
        Timer(label: "oilcat_import_duration_seconds", dimensions: [("outcome", outcome)], preferredDisplayUnit: .seconds)
            .recordNanoseconds(Int64(duration.components.seconds) * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    /// The suitability snapshot was read anew (after an import or a change of the taxonomy).
    static func snapshotRebuilt() {
        Counter(label: "oilcat_snapshot_rebuilds_total").increment()
    }

    /// A database error reached a request.
    static func databaseError() {
        Counter(label: "oilcat_database_errors_total").increment()
    }

    /// A sign-in that failed, by why ("password", "throttled").
    static func signInFailure(_ reason: String) {
        Counter(label: "oilcat_sign_in_failures_total", dimensions: [("reason", reason)]).increment()
    }
}
