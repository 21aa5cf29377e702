import Fluent
import SQLKit
import Vapor

enum HealthController {
    static func register(_ routes: RouteGroups) {
        routes.open.get(SiteURL.healthz.pathComponents, use: healthz)
        routes.open.get(SiteURL.readyz.pathComponents, use: readyz)
    }

    /// Alive: answers without touching the database, so a slow database never gets the process restarted.
    @Sendable static func healthz(_ request: Request) -> String { "ok" }

    /// Ready: the database answers, and (on PostgreSQL) this instance hears other instances' board changes.
    @Sendable static func readyz(_ request: Request) async -> Response {
        do {
            guard let sql = request.db as? any SQLDatabase else { throw Abort(.serviceUnavailable) }
            try await sql.raw("SELECT 1").run()
            guard await request.application.boards.broadcast.isReady else {
                request.logger.warning("readiness check failed: not listening for other instances' board changes")
                return Response(status: .serviceUnavailable, body: "not listening for board changes")
            }
            return Response(status: .ok, body: "ok")
        } catch {
            request.logger.warning("readiness check failed: the database did not answer")
            return Response(status: .serviceUnavailable, body: "database unavailable")
        }
    }
}
