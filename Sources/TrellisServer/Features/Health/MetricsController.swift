import Foundation
import Metrics
import Prometheus
import Vapor

/// What Trellis reports to Prometheus: Vapor's request counts and durations by route pattern (through
/// swift-metrics), the live board's connections and notifications, and on PostgreSQL how long statements
/// wait for a pooled connection (`PoolTimedDatabase`). swift-metrics has one backend per
/// process, bootstrapped by the first app built.
enum TrellisMetrics {
    static let registry = PrometheusCollectorRegistry()

    private static let bootstrapped: Void = {
        var factory = PrometheusMetricsFactory(registry: registry)
        // A pooled connection usually comes at once; the buckets start well below a millisecond.
        factory.durationHistogramBuckets[poolWaitLabel] = [
            .microseconds(100), .microseconds(500), .milliseconds(1), .milliseconds(5), .milliseconds(25),
            .milliseconds(100), .milliseconds(500), .seconds(2), .seconds(10),
        ]
        MetricsSystem.bootstrap(factory)
    }()

    /// Called before anything records a metric.
    static func start() { _ = bootstrapped }

    private static let boardConnections = Meter(label: "trellis_board_connections_open")
    private static let notificationsSent = Counter(label: "trellis_board_notifications_sent_total")
    private static let notificationsReceived = Counter(label: "trellis_board_notifications_received_total")

    private static let poolWaitLabel = "trellis_database_pool_wait_seconds"
    private static let poolWait = Timer(label: poolWaitLabel)

    static func databasePoolWaited(_ wait: Duration) {
        let (seconds, attoseconds) = wait.components
        poolWait.recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    static func boardConnectionOpened() { boardConnections.increment() }
    static func boardConnectionClosed() { boardConnections.decrement() }
    static func boardNotificationSent() { notificationsSent.increment() }
    static func boardNotificationReceived() { notificationsReceived.increment() }
}

/// `GET /metrics` in Prometheus's text format, for the bearer token set in `TRELLIS_METRICS_TOKEN`; without
/// one configured the endpoint does not exist (404).
enum MetricsController {
    static func register(_ routes: RouteGroups) {
        routes.open.get(SiteURL.metrics.pathComponents, use: metrics)
    }

    @Sendable static func metrics(_ request: Request) async throws -> Response {
        guard let token = request.application.trellis.configuration.metricsToken else { throw Abort(.notFound) }
        guard let given = request.headers.bearerAuthorization?.token,
            Array(given.utf8).count == Array(token.utf8).count,
            zip(given.utf8, token.utf8).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0
        else {
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer")
            throw Abort(.unauthorized, headers: headers, reason: "Send the metrics token as a bearer token.")
        }
        var buffer: [UInt8] = []
        TrellisMetrics.registry.emit(into: &buffer)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/plain; version=0.0.4; charset=utf-8")
        return Response(status: .ok, headers: headers, body: .init(data: Data(buffer)))
    }
}
